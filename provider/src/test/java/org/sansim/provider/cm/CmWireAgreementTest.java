package org.sansim.provider.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sansim.hw.PathMtu;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.nic.port.FrameTap;
import org.sansim.nic.port.PortParams;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.driver.kernel.QpAttributes;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.driver.user.PostStatus;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.QpEndpoint;
import org.sansim.provider.verbs.Testbed;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFlowEntropy;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * What the CM puts on the wire agrees with what the QPs do: the REQ and REP are parsed from the frames
 * the ports send and compared with the QP contexts ({@code QUERY_QP}) of both sides, on ports of equal
 * and of different MTUs; the RC packets that follow carry the path MTU both sides settled on, the
 * connection's UDP source port, and ACKs with the invalid-credit code the REQ and REP promise by saying
 * end-to-end flow control is off.
 */
class CmWireAgreementTest
{
    private static final long SERVICE = 0x77;
    private static final long LIMIT_PS = 20_000_000_000L;
    private static final int RETRY_COUNT = 6;

    /** A frame a port sent. */
    private record Sent(int node, int opcode, int udpSourcePort, int payloadBytes, int aethSyndrome, byte[] mad)
    {
    }

    private static NicParams withPortMtu(final PathMtu mtu)
    {
        final NicParams d = NicParams.defaults();
        return new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(), d.completion(), d.command(),
            d.port().withFrames(mtu, d.port().txQueueFrames()), d.transport(), d.atomic(), d.gsi());
    }

    private static QpAttributes query(final CmTestbed bed, final int node)
    {
        final Testbed.Node n = bed.testbed().node(node);
        final QpAttributes out = new QpAttributes();
        final boolean[] done = {false};
        bed.at(node, () -> n.device().kernel().queryQp(n.qp().qpn(), out, (s, cs, v) ->
        {
            assertEquals(DriverStatus.OK, s);
            done[0] = true;
        }));
        assertTrue(bed.runUntil(() -> done[0], LIMIT_PS));
        return out;
    }

    @ParameterizedTest
    @CsvSource({"MTU_4096, MTU_4096", "MTU_4096, MTU_1024", "MTU_512, MTU_2048", "MTU_256, MTU_256"})
    void shouldTellThePeerWhatTheQpsDo(final PathMtu activeMtu, final PathMtu passiveMtu)
    {
        final CmTestbed bed = new CmTestbed(CmParams.defaults(),
            new NicParams[] {withPortMtu(activeMtu), withPortMtu(passiveMtu)}, HostCpuCosts.defaults(),
            d -> d.retryCount(RETRY_COUNT));
        final Testbed.Node a = bed.testbed().node(0);
        final Testbed.Node b = bed.testbed().node(1);
        for (int node = 0; node < 2; node++)
        {
            final Testbed.Node n = bed.testbed().node(node);
            bed.cm(node).transportAttributes(n.device().retryCount(), n.device().rnrRetry(), n.device().timeoutCode());
        }
        final List<Sent> sent = new ArrayList<>();
        for (int node = 0; node < 2; node++)
        {
            final int from = node;
            final RoceFrame parsed = new RoceFrame();
            bed.testbed().node(node).nic().port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
            {
                if (direction != FrameTap.TX)
                {
                    return;
                }
                assertEquals(RoceFrameStatus.OK, parsed.parse(buf, offset, lengthBytes));
                final int op = parsed.opcode();
                sent.add(new Sent(from, op, parsed.udp().srcPort(), parsed.payloadLengthBytes(),
                    BthOpcode.hasAeth(op) ? parsed.aeth().syndrome() : -1, op == BthOpcode.UD_SEND_ONLY
                        ? Arrays.copyOfRange(buf, parsed.payloadOffset(), parsed.payloadOffset() + 256) : null));
            });
        }
        final boolean[] established = {false, false};
        bed.at(1, () -> assertTrue(bed.cm(1).listen(SERVICE, r -> b.device().connect(b.qp(),
            new QpEndpoint(r.remoteQpn(), r.psn(), r.peerMac(), r.peerIpv4(), r.pathMtu()), Testbed.BUFFER_ACCESS,
            (s, q) ->
            {
                assertEquals(DriverStatus.OK, s);
                assertTrue(r.accept(b.qp().qpn(), b.qp().initialPsn(), null, new CmConnectionHandler()
                {
                    @Override
                    public void onEstablished(final CmConnection c)
                    {
                        established[1] = true;
                    }

                    @Override
                    public void onDisconnectRequested(final byte[] data)
                    {
                        throw new AssertionError("disconnected");
                    }

                    @Override
                    public void onTimeout()
                    {
                        throw new AssertionError("passive side timed out");
                    }
                }));
            }))));
        bed.at(0, () -> bed.cm(0).connect(b.device().ipv4(), SERVICE, a.qp().qpn(), a.qp().initialPsn(), 4, 4, null,
            new CmConnectHandler()
            {
                @Override
                public void onReply(final CmConnection c, final int qpn, final int psn, final byte[] data)
                {
                    a.device().connect(a.qp(), new QpEndpoint(qpn, psn, c.peerMac(), c.peerIpv4(), c.pathMtu()),
                        Testbed.BUFFER_ACCESS, (s, q) ->
                        {
                            assertEquals(DriverStatus.OK, s);
                            assertTrue(c.readyToUse());
                            established[0] = true;
                        });
                }

                @Override
                public void onReject(final int reason, final byte[] data)
                {
                    throw new AssertionError("rejected: " + reason);
                }

                @Override
                public void onTimeout()
                {
                    throw new AssertionError("timed out");
                }

                @Override
                public void onUnreachable()
                {
                    throw new AssertionError("unreachable");
                }
            }));
        assertTrue(bed.runUntil(() -> established[0] && established[1], LIMIT_PS));

        final QpAttributes active = query(bed, 0);
        final QpAttributes passive = query(bed, 1);
        final int agreed = Math.min(activeMtu.code(), passiveMtu.code());
        final List<CmReq> reqs = new ArrayList<>();
        final List<CmRep> reps = new ArrayList<>();
        final List<CmRej> rejs = new ArrayList<>();
        for (final Sent s : sent)
        {
            if (s.mad == null)
            {
                continue;
            }
            switch (new CmRtu().wrap(s.mad).attributeId())
            {
                case MadFlyweight.ATTR_REQ -> reqs.add(new CmReq().wrap(s.mad));
                case MadFlyweight.ATTR_REP -> reps.add(new CmRep().wrap(s.mad));
                case MadFlyweight.ATTR_REJ -> rejs.add(new CmRej().wrap(s.mad));
                default ->
                {
                    // RTU
                }
            }
        }
        // a passive port of a smaller MTU rejects the first REQ once, with its MTU; the REQ comes again
        assertEquals(passiveMtu.code() < activeMtu.code() ? 2 : 1, reqs.size());
        assertEquals(reqs.size() - 1, rejs.size());
        for (final CmRej rej : rejs)
        {
            assertEquals(CmRejectReason.INVALID_PATH_MTU, rej.reason());
            assertEquals(passiveMtu.code(), rej.rejectInfoByte());
        }
        assertEquals(activeMtu.code(), reqs.get(0).pathMtu(), "the first REQ offers the active port's MTU");
        final CmReq req = reqs.get(reqs.size() - 1);
        final CmRep rep = reps.get(0);
        assertEquals(1, reps.size());

        assertEquals(agreed, req.pathMtu());
        assertEquals(agreed, active.pathMtu, "active QP's PATH_MTU");
        assertEquals(agreed, passive.pathMtu, "passive QP's PATH_MTU");
        assertEquals(RETRY_COUNT, active.retryCount);
        assertEquals(active.retryCount, req.retryCount(), "REQ retry count = the active QP's");
        assertEquals(active.rnrRetry, req.rnrRetryCount(), "REQ RNR retry = the active QP's");
        assertEquals(active.timeout, req.localAckTimeout(), "REQ local ACK timeout = the active QP's");
        assertEquals(passive.rnrRetry, rep.rnrRetryCount(), "REP RNR retry = the passive QP's");
        assertEquals(active.sendPsn, req.startingPsn());
        assertEquals(passive.recvPsn, req.startingPsn());
        assertEquals(passive.sendPsn, rep.startingPsn());
        assertEquals(active.recvPsn, rep.startingPsn());
        assertFalse(req.endToEndFlowControl(), "REQ: no end-to-end credits");
        assertFalse(rep.endToEndFlowControl(), "REP: no end-to-end credits");

        // an RC SEND of several MTUs: packets of the agreed MTU, the connection's port, ACKs without credits
        final int mtuBytes = PathMtu.of(agreed).bytes();
        final int length = 3 * mtuBytes + 5;
        final byte[] data = new byte[length];
        Arrays.fill(data, (byte)0x3C);
        a.write(0, data);
        final RecvRequest rr = new RecvRequest(1).clear().wrId(1).addSge(b.mr().va(), length, b.mr().lkey());
        bed.at(1, () -> assertEquals(PostStatus.OK, b.device().postRecv(b.qp(), rr)));
        final SendRequest wr = new SendRequest(1, 0).clear().wrId(2).opcode(WqeOpcode.SEND).signalled(true)
            .addSge(a.mr().va(), length, a.mr().lkey());
        bed.at(0, () -> assertEquals(PostStatus.OK, a.device().postSend(a.qp(), wr)));
        final WorkCompletion[] wcs = {new WorkCompletion()};
        assertTrue(bed.runUntil(() -> a.device().pollCq(a.cq(), wcs, 1) > 0, LIMIT_PS));
        assertTrue(bed.runUntil(() -> Arrays.equals(data, b.read(0, length)), LIMIT_PS));

        final int port = RoceFlowEntropy.sourcePort(a.qp().qpn(), b.qp().qpn());
        assertEquals(0, active.udpSourcePort, "the driver leaves the port to the NIC");
        int sends = 0;
        int acks = 0;
        for (final Sent s : sent)
        {
            if (s.mad != null)
            {
                continue;
            }
            assertEquals(port, s.udpSourcePort, "RC frame of node " + s.node + ", opcode " + s.opcode);
            if (s.opcode >= BthOpcode.SEND_FIRST && s.opcode <= BthOpcode.SEND_ONLY)
            {
                assertTrue(s.payloadBytes <= mtuBytes, "payload " + s.payloadBytes + " within the agreed MTU");
                sends++;
            }
            if (s.opcode == BthOpcode.ACKNOWLEDGE)
            {
                assertTrue(AethSyndrome.isAck(s.aethSyndrome));
                assertEquals(AethSyndrome.CREDITS_INVALID, s.aethSyndrome & 0x1F, "ACK credit code");
                acks++;
            }
        }
        assertEquals(4, sends, "ceil(" + length + " / " + mtuBytes + ") packets");
        assertTrue(acks > 0);
    }
}
