package org.sansim.traces.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sansim.provider.cm.CmDreq;
import org.sansim.provider.cm.CmMra;
import org.sansim.provider.cm.CmRej;
import org.sansim.provider.cm.CmRep;
import org.sansim.provider.cm.CmReq;
import org.sansim.provider.cm.MadFlyweight;

/**
 * Groups the CM messages of a capture into {@link CmExchange}s by communication ID: a REQ opens an exchange
 * under its sender's (address, local communication ID); REP, MRA and REJ find it by their receiver and remote
 * communication ID and register the answering side; RTU, DREQ and DREP find it by either side. The message
 * fields are read with the provider's CM flyweights, over a copy of the MAD.
 */
final class CmTracker
{
    private final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];
    private final CmReq req = new CmReq();
    private final CmRep rep = new CmRep();
    private final CmRej rej = new CmRej();
    private final CmMra mra = new CmMra();
    private final CmDreq dreq = new CmDreq();
    private final Map<String, CmExchange> bySide = new HashMap<>();
    private final List<CmExchange> exchanges = new ArrayList<>();

    /**
     * Adds a CM MAD.
     *
     * @param p a decoded UD packet whose payload is a MAD of class CM
     */
    void add(final DecodedPacket p)
    {
        Arrays.fill(mad, (byte)0);
        System.arraycopy(p.frame(), p.payloadOffset(), mad, 0, Math.min(mad.length, p.capturedPayloadBytes()));
        req.wrap(mad);
        final int attribute = req.attributeId();
        final String name = MadNames.cmAttributeName(attribute);
        final int local = req.localCommId();
        final int remote = req.remoteCommId();
        final String src = p.source();
        final String dst = p.destination();
        CmExchange x;
        String detail = String.format("local comm 0x%08x, remote comm 0x%08x", local, remote);
        switch (attribute)
        {
            case MadFlyweight.ATTR_REQ ->
            {
                x = new CmExchange();
                exchanges.add(x);
                x.active(src, local);
                x.serviceId(req.serviceId());
                x.activeQpn(req.localQpn());
                register(src, local, x);
                detail = String.format("local comm 0x%08x, service 0x%x, QPN 0x%06x, starting PSN %d", local,
                    req.serviceId(), req.localQpn(), req.startingPsn());
            }
            case MadFlyweight.ATTR_REP, MadFlyweight.ATTR_MRA, MadFlyweight.ATTR_REJ ->
            {
                x = find(dst, remote, src, local);
                x.passive(src, local);
                register(src, local, x);
                if (attribute == MadFlyweight.ATTR_REP)
                {
                    rep.wrap(mad);
                    x.passiveQpn(rep.localQpn());
                    detail += String.format(", QPN 0x%06x, starting PSN %d", rep.localQpn(), rep.startingPsn());
                }
                else if (attribute == MadFlyweight.ATTR_REJ)
                {
                    rej.wrap(mad);
                    x.outcome("rejected (reason " + rej.reason() + ")");
                    detail += ", reason " + rej.reason();
                }
                else
                {
                    mra.wrap(mad);
                    detail += ", service timeout " + mra.serviceTimeout();
                }
            }
            case MadFlyweight.ATTR_RTU ->
            {
                x = find(src, local, dst, remote);
                x.outcome("connected");
            }
            case MadFlyweight.ATTR_DREQ ->
            {
                x = find(src, local, dst, remote);
                dreq.wrap(mad);
                x.outcome("disconnecting");
                detail += String.format(", remote QPN 0x%06x", dreq.remoteQpn());
            }
            case MadFlyweight.ATTR_DREP ->
            {
                x = find(src, local, dst, remote);
                x.outcome("disconnected");
            }
            default -> x = find(src, local, dst, remote);
        }
        x.add(new CmExchange.Step(name, p.timestampNs(), src, dst, detail));
    }

    /** Finds an exchange by one side, then the other; a new one (with this sender active) if neither is known. */
    private CmExchange find(final String address, final int commId, final String otherAddress, final int otherId)
    {
        CmExchange x = bySide.get(side(address, commId));
        if (x == null)
        {
            x = bySide.get(side(otherAddress, otherId));
        }
        if (x == null)
        {
            x = new CmExchange();
            x.active(address, commId);
            exchanges.add(x);
            register(address, commId, x);
        }
        return x;
    }

    private void register(final String address, final int commId, final CmExchange x)
    {
        bySide.put(side(address, commId), x);
    }

    private static String side(final String address, final int commId)
    {
        return address + "#" + commId;
    }

    /** @return the exchanges in the order their first message was captured */
    List<CmExchange> exchanges()
    {
        return Collections.unmodifiableList(exchanges);
    }
}
