package org.sansim.traces.capture;

import java.io.IOException;
import java.io.InputStream;
import org.sansim.traces.pcap.CapturedPacket;

/**
 * Reads a whole capture and reports on it ({@link CaptureReport}): decodes every frame
 * ({@link PacketDecoder}), counts kinds and CRC states, groups RoCE and InfiniBand packets by QP flow (source,
 * destination, destination QP) and rebuilds their messages ({@link QpFlow}), names management datagrams to
 * QP0 and QP1, and follows CM exchanges ({@link CmTracker}).
 *
 * <p>A malformed container (pcap or pcapng structure) ends the inspection with a
 * {@link org.sansim.traces.pcap.PcapFormatException} that names the byte offset in the file; a malformed
 * packet inside a sound container is counted (as captures with snap lengths or bit errors have them) and the
 * first one is described in {@link CaptureReport#firstMalformed()}.
 */
public final class CaptureInspector
{
    private static final int QP1 = 1;

    private CaptureInspector()
    {
    }

    /**
     * Inspects a capture.
     *
     * @param in the file's bytes from its start; not closed
     * @return the report
     * @throws IOException if reading fails or the container is malformed
     */
    public static CaptureReport inspect(final InputStream in) throws IOException
    {
        final CaptureReader reader = new CaptureReader(in);
        final PacketDecoder decoder = new PacketDecoder();
        final CmTracker cm = new CmTracker();
        final CaptureReport r = new CaptureReport();
        r.format = reader.format();
        CapturedPacket frame;
        while ((frame = reader.next()) != null)
        {
            r.frames++;
            final int linkType = reader.linkType(frame.interfaceId());
            r.interfaces.computeIfAbsent(frame.interfaceId(), id ->
            {
                final String name = reader.interfaceName(id);
                return (name.isEmpty() ? "interface " + id : name) + " (link type " + linkType + ")";
            });
            final DecodedPacket p = decoder.decode(linkType, frame.data(), frame.timestampNs());
            if (r.firstNs < 0)
            {
                r.firstNs = p.timestampNs();
            }
            r.lastNs = p.timestampNs();
            r.kinds.merge(p.kind(), 1L, Long::sum);
            if (p.kind() == PacketKind.MALFORMED && r.firstMalformed == null)
            {
                r.firstMalformed = "frame " + r.frames + ", byte offset " + p.reasonOffset() + " in the frame: "
                    + p.reason();
            }
            if (p.kind().isTransport())
            {
                addPacket(r, cm, p);
            }
        }
        for (final QpFlow f : r.flows.values())
        {
            f.finish();
        }
        r.cm = cm.exchanges();
        return r;
    }

    private static void addPacket(final CaptureReport r, final CmTracker cm, final DecodedPacket p)
    {
        r.icrc.merge(p.icrc(), 1L, Long::sum);
        r.vcrc.merge(p.vcrc(), 1L, Long::sum);
        if (r.firstInvalidIcrc == null && (p.icrc() == CrcStatus.INVALID || p.vcrc() == CrcStatus.INVALID))
        {
            r.firstInvalidIcrc = String.format("frame %d: ICRC stored 0x%08x, computed 0x%08x (bytes as Wireshark "
                + "shows them)%s", r.frames,
                Integer.reverseBytes(p.icrcStored()), Integer.reverseBytes(p.icrcComputed()),
                p.vcrc() == CrcStatus.INVALID ? String.format("; VCRC stored 0x%04x, computed 0x%04x",
                    p.vcrcStored(), p.vcrcComputed()) : "");
        }
        r.opcodes.merge(IbOpcode.name(p.opcode()), 1L, Long::sum);
        final String key = QpFlow.key(p.source(), p.destination(), p.destQp());
        r.flows.computeIfAbsent(key, QpFlow::new).add(p);
        if (p.destQp() <= QP1 && p.dethOffset() >= 0 && p.icrc() != CrcStatus.INVALID
            && p.capturedPayloadBytes() >= MadNames.HEADER_LENGTH_BYTES)
        {
            final byte[] b = p.frame();
            final int mad = p.payloadOffset();
            final int mgmtClass = b[mad + MadNames.MGMT_CLASS_OFFSET] & 0xFF;
            final int attribute = IbRouteHeaders.u16(b, mad + MadNames.ATTRIBUTE_ID_OFFSET);
            final String attributeName = mgmtClass == MadNames.CLASS_CM ? MadNames.cmAttributeName(attribute)
                : String.format("attribute 0x%04X", attribute);
            r.mads.merge(MadNames.className(mgmtClass) + " " + MadNames.methodName(b[mad + MadNames.METHOD_OFFSET]
                & 0xFF) + " " + attributeName, 1L, Long::sum);
            if (mgmtClass == MadNames.CLASS_CM)
            {
                cm.add(p);
            }
        }
    }
}
