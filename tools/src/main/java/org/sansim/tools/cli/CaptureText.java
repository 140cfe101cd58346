package org.sansim.tools.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;
import org.sansim.traces.capture.CaptureReport;
import org.sansim.traces.capture.CmExchange;
import org.sansim.traces.capture.CrcStatus;
import org.sansim.traces.capture.PacketKind;
import org.sansim.traces.capture.QpFlow;
import org.sansim.traces.capture.RebuiltMessage;

/** The text form of {@code sansim trace inspect}. */
final class CaptureText
{
    private CaptureText()
    {
    }

    static void print(final PrintWriter out, final String name, final CaptureReport r, final int maxMessages)
    {
        out.printf("%s: %s, %d frames, %s .. %s s%n", name, r.format(), r.frames(), time(r.firstNs()),
            time(r.lastNs()));
        r.interfaces().forEach((id, text) -> out.printf("  interface %d: %s%n", id, text));
        final String kinds = r.kinds().entrySet().stream().filter(e -> e.getKey().isTransport() && e.getValue() > 0)
            .map(e -> e.getKey().name() + " " + e.getValue()).collect(Collectors.joining(", "));
        out.printf("packets: %d RoCE/InfiniBand (%s), %d other, %d malformed%n", r.transportPackets(),
            kinds.isEmpty() ? "none" : kinds, r.kinds().get(PacketKind.OTHER), r.kinds().get(PacketKind.MALFORMED));
        if (r.firstMalformed() != null)
        {
            out.println("  first malformed: " + r.firstMalformed());
        }
        out.printf("ICRC: %d valid, %d invalid, %d not captured%n", r.icrc().get(CrcStatus.VALID),
            r.icrc().get(CrcStatus.INVALID), r.icrc().get(CrcStatus.NOT_CAPTURED));
        if (r.vcrc().get(CrcStatus.ABSENT) < r.transportPackets())
        {
            out.printf("VCRC: %d valid, %d invalid, %d not captured%n", r.vcrc().get(CrcStatus.VALID),
                r.vcrc().get(CrcStatus.INVALID), r.vcrc().get(CrcStatus.NOT_CAPTURED));
        }
        if (r.firstInvalidCrc() != null)
        {
            out.println("  first invalid: " + r.firstInvalidCrc());
        }
        out.println("opcodes: " + counts(r.opcodes()));
        out.printf("QPs: %d%n", r.flows().size());
        for (final QpFlow f : r.flows().values())
        {
            out.printf("  %s: %d packets, %d payload bytes, %d messages, %d retransmitted, %d ICRC invalid, "
                + "%d ACK, %d NAK, %d RNR NAK%n", f.key(), f.packets(), f.payloadBytes(), f.messages().size(),
                f.retransmitted(), f.icrcInvalid(), f.acks(), f.naks(), f.rnrNaks());
            out.println("    opcodes: " + counts(f.opcodes()));
            int shown = 0;
            for (final RebuiltMessage m : f.messages())
            {
                if (maxMessages >= 0 && shown == maxMessages)
                {
                    out.printf("    ... %d more%n", f.messages().size() - shown);
                    break;
                }
                out.printf("    %-26s %10d B  PSN %d..%d  %d packets  %s .. %s s%s%n", m.operation(), m.sizeBytes(),
                    m.firstPsn(), m.lastPsn(), m.packets(), time(m.firstNs()), time(m.lastNs()),
                    m.complete() ? "" : "  (incomplete)");
                shown++;
            }
        }
        if (!r.mads().isEmpty())
        {
            out.println("MADs: " + counts(r.mads()));
        }
        out.printf("CM exchanges: %d%n", r.cmExchanges().size());
        for (final CmExchange x : r.cmExchanges())
        {
            out.printf("  %s (comm 0x%08x, QPN %s) -> %s (comm 0x%08x, QPN %s), service %s: %s%n", x.active(),
                x.activeCommId(), qpn(x.activeQpn()), x.passive(), x.passiveCommId(), qpn(x.passiveQpn()),
                x.requestSeen() ? "0x" + Long.toHexString(x.serviceId()) : "?", x.outcome());
            for (final CmExchange.Step s : x.steps())
            {
                out.printf("    %-5s %s s  %s -> %s  %s%n", s.message(), time(s.timeNs()), s.source(),
                    s.destination(), s.detail());
            }
        }
    }

    private static String qpn(final int qpn)
    {
        return qpn < 0 ? "?" : String.format("0x%06x", qpn);
    }

    private static String counts(final Map<String, Long> m)
    {
        return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    }

    /** @return nanoseconds as seconds with 9 decimals */
    static String time(final long ns)
    {
        if (ns < 0)
        {
            return "-";
        }
        return String.format("%d.%09d", ns / 1_000_000_000L, ns % 1_000_000_000L);
    }
}
