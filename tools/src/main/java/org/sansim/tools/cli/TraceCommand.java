package org.sansim.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.sansim.traces.capture.CaptureInspector;
import org.sansim.traces.capture.CaptureReport;
import org.sansim.traces.capture.CmExchange;
import org.sansim.traces.capture.CrcStatus;
import org.sansim.traces.capture.PacketKind;
import org.sansim.traces.capture.QpFlow;
import org.sansim.traces.capture.RebuiltMessage;
import org.sansim.traces.format.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sansim trace}: reading traces and captures. {@code inspect} reports on a pcap or pcapng capture;
 * {@code convert} turns SanSim's own traces between their text and binary forms.
 *
 * <p>A file that cannot be read or does not follow its format gets one line on standard error naming the
 * file, the byte offset (or line) and what was expected, and exit code {@value Main#EXIT_USAGE}.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "Inspect captures (pcap, pcapng) and convert SanSim traces.",
    subcommands = {TraceCommand.Inspect.class, TraceCommand.Convert.class})
public final class TraceCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_USAGE;
    }

    /**
     * Reports the failure to read {@code file} in one line.
     *
     * @param err     standard error
     * @param command the subcommand's name, for the prefix
     * @param file    the file
     * @param e       what went wrong
     * @return {@link Main#EXIT_USAGE}
     */
    static int badInput(final PrintWriter err, final String command, final Path file, final IOException e)
    {
        final String what = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
        err.println("sansim: trace " + command + ": " + file + ": " + what);
        return Main.EXIT_USAGE;
    }

    /** {@code sansim trace inspect FILE}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Report on a pcap or pcapng capture: link type 1 (RoCEv2 over IPv4 or IPv6 by UDP destination "
            + "port 4791, RoCEv1 by EtherType 0x8915) or 197 (ERF records of native InfiniBand): frames, packets, "
            + "ICRCs (and VCRCs) valid and invalid, opcodes, QPs with the messages rebuilt from their packets, "
            + "management datagrams and CM exchanges.")
    public static final class Inspect implements Callable<Integer>
    {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The capture (.pcap or .pcapng).")
        private Path file;

        @Option(names = "--json", description = "Print one JSON object.")
        private boolean json;

        @Option(names = "--max-messages", paramLabel = "N", defaultValue = "-1", description = "Text output: list at "
            + "most N messages per QP (default: all).")
        private int maxMessages;

        @Override
        public Integer call()
        {
            final PrintWriter out = spec.commandLine().getOut();
            final CaptureReport r;
            try (InputStream in = Files.newInputStream(file))
            {
                r = CaptureInspector.inspect(in);
            }
            catch (final IOException e)
            {
                return badInput(spec.commandLine().getErr(), "inspect", file, e);
            }
            if (json)
            {
                out.println(Json.write(toMap(file.toString(), r)));
            }
            else
            {
                CaptureText.print(out, file.toString(), r, maxMessages);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code sansim trace convert IN OUT}. */
    @Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a SanSim trace between its readable form (JSON lines: OUT ending in .jsonl or .json) "
            + "and its compact binary form (any other OUT); the input's form is told by its first bytes. Lossless "
            + "both ways.")
    public static final class Convert implements Callable<Integer>
    {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN", description = "The trace to read (either form).")
        private Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "The file to write.")
        private Path out;

        @Override
        public Integer call()
        {
            final long events;
            try
            {
                events = TraceFiles.convert(in, out);
            }
            catch (final IOException e)
            {
                return badInput(spec.commandLine().getErr(), "convert", in, e);
            }
            spec.commandLine().getOut().printf("%s: %d events written (%s)%n", out, events,
                TraceFiles.isJsonLinesName(out) ? "JSON lines" : "binary");
            return 0;
        }
    }

    /**
     * @param name   the file's name as given
     * @param r      the report
     * @return the JSON object of {@code trace inspect --json}
     */
    static Map<String, Object> toMap(final String name, final CaptureReport r)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", name);
        m.put("format", r.format());
        m.put("frames", r.frames());
        m.put("firstNs", r.firstNs());
        m.put("lastNs", r.lastNs());
        m.put("interfaces", r.interfaces().entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(),
            Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new)));
        m.put("packets", r.transportPackets());
        final Map<String, Long> kinds = new LinkedHashMap<>();
        for (final Map.Entry<PacketKind, Long> e : r.kinds().entrySet())
        {
            kinds.put(e.getKey().name(), e.getValue());
        }
        m.put("kinds", kinds);
        m.put("icrc", crcMap(r.icrc()));
        m.put("vcrc", crcMap(r.vcrc()));
        m.put("firstMalformed", r.firstMalformed());
        m.put("firstInvalidCrc", r.firstInvalidCrc());
        m.put("opcodes", r.opcodes());
        final List<Map<String, Object>> qps = new ArrayList<>();
        for (final QpFlow f : r.flows().values())
        {
            final Map<String, Object> q = new LinkedHashMap<>();
            q.put("flow", f.key());
            q.put("packets", f.packets());
            q.put("payloadBytes", f.payloadBytes());
            q.put("icrcInvalid", f.icrcInvalid());
            q.put("retransmitted", f.retransmitted());
            q.put("acks", f.acks());
            q.put("naks", f.naks());
            q.put("rnrNaks", f.rnrNaks());
            q.put("opcodes", f.opcodes());
            final List<Map<String, Object>> messages = new ArrayList<>();
            for (final RebuiltMessage msg : f.messages())
            {
                final Map<String, Object> mm = new LinkedHashMap<>();
                mm.put("operation", msg.operation());
                mm.put("sizeBytes", msg.sizeBytes());
                mm.put("firstPsn", msg.firstPsn());
                mm.put("lastPsn", msg.lastPsn());
                mm.put("packets", msg.packets());
                mm.put("firstNs", msg.firstNs());
                mm.put("lastNs", msg.lastNs());
                mm.put("complete", msg.complete());
                messages.add(mm);
            }
            q.put("messages", messages);
            qps.add(q);
        }
        m.put("qps", qps);
        m.put("mads", r.mads());
        final List<Map<String, Object>> cm = new ArrayList<>();
        for (final CmExchange x : r.cmExchanges())
        {
            final Map<String, Object> c = new LinkedHashMap<>();
            c.put("active", x.active());
            c.put("passive", x.passive());
            c.put("serviceId", x.requestSeen() ? "0x" + Long.toHexString(x.serviceId()) : null);
            c.put("activeCommId", x.activeCommId());
            c.put("passiveCommId", x.passiveCommId());
            c.put("activeQpn", x.activeQpn());
            c.put("passiveQpn", x.passiveQpn());
            c.put("outcome", x.outcome());
            final List<Map<String, Object>> steps = new ArrayList<>();
            for (final CmExchange.Step s : x.steps())
            {
                final Map<String, Object> st = new LinkedHashMap<>();
                st.put("message", s.message());
                st.put("timeNs", s.timeNs());
                st.put("source", s.source());
                st.put("destination", s.destination());
                st.put("detail", s.detail());
                steps.add(st);
            }
            c.put("steps", steps);
            cm.add(c);
        }
        m.put("cm", cm);
        return m;
    }

    private static Map<String, Long> crcMap(final Map<CrcStatus, Long> counts)
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("valid", counts.get(CrcStatus.VALID));
        m.put("invalid", counts.get(CrcStatus.INVALID));
        m.put("notCaptured", counts.get(CrcStatus.NOT_CAPTURED));
        return m;
    }
}
