package org.sansim.traces.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.provider.cm.CmConnectHandler;
import org.sansim.provider.cm.CmConnection;
import org.sansim.provider.cm.CmConnectionHandler;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.cm.CmTestbed;
import org.sansim.provider.verbs.Testbed;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;

/**
 * Two NICs exchange every kind of CM message as management datagrams over the simulated fabric; the
 * capture of both ports must decode in Wireshark as RoCEv2 UD SEND ONLY to QP1 with a DETH and a CM MAD
 * of the right attribute, with no malformed packet and no expert item. Skipped when {@code tshark} is
 * not on the PATH (CI installs it).
 *
 * <pre>
 *  node0                      node1
 *  REQ (service 1) --------&gt;  nobody listens
 *            &lt;-------- REJ  reason 8
 *  REQ (service 2) --------&gt;  defer
 *            &lt;-------- MRA
 *            &lt;-------- REP  accept later
 *  RTU ----------------------&gt;
 *  DREQ ---------------------&gt;
 *            &lt;-------- DREP
 * </pre>
 */
class TsharkCmCaptureTest
{
    private static final String[] FIELDS = {
        "infiniband.bth.opcode", "infiniband.bth.destqp", "infiniband.deth.q_key", "infiniband.deth.srcqp",
        "infiniband.mad.mgmtclass", "infiniband.mad.attributeid", "infiniband.cm.req.localqpn",
        "infiniband.cm.req.startpsn", "infiniband.cm.rep.localqpn", "infiniband.cm.rep.startpsn",
        "infiniband.cm.rej.reason", "infiniband.cm.rtu.localcommid", "infiniband.cm.dreq.localcommid",
        "_ws.malformed", "_ws.expert",
    };
    private static final long SERVICE = 0x0000_0000_0000_0002L;
    private static final long NOBODY = 0x0000_0000_0000_0001L;
    private static final long LIMIT_PS = 50_000_000_000L;

    private static Optional<Path> tshark()
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, "tshark");
            if (Files.isExecutable(candidate))
            {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Records the active side's outcome. */
    private static final class Active implements CmConnectHandler
    {
        final Testbed.Node node;
        final List<String> events = new ArrayList<>();
        CmConnection connection;
        boolean ready;

        Active(final Testbed.Node node)
        {
            this.node = node;
        }

        @Override
        public void onReply(final CmConnection c, final int remoteQpn, final int remotePsn, final byte[] privateData)
        {
            events.add("reply");
            connection = c;
            ready = c.readyToUse();
        }

        @Override
        public void onReject(final int reason, final byte[] privateData)
        {
            events.add("reject " + reason);
        }

        @Override
        public void onTimeout()
        {
            events.add("timeout");
        }

        @Override
        public void onUnreachable()
        {
            events.add("unreachable");
        }
    }

    @Test
    void shouldDecodeEveryCmMessageAsAManagementDatagramToQp1(@TempDir final Path dir) throws Exception
    {
        final Optional<Path> tshark = tshark();
        assumeTrue(tshark.isPresent(), "tshark not on the PATH: Wireshark cross-check skipped");
        final Path file = dir.resolve("cm.pcapng");
        final CmParams params = new CmParams(200_000_000L, 2, 2_000_000_000L, 2_000_000L, 6);
        final CmTestbed bed = new CmTestbed(params);
        final Testbed.Node a = bed.testbed().node(0);
        final Testbed.Node b = bed.testbed().node(1);
        final boolean[] established = new boolean[1];
        final boolean[] disconnected = new boolean[1];
        final int[] activeCommId = new int[1];
        final CmConnectionHandler passive = new CmConnectionHandler()
        {
            @Override
            public void onEstablished(final CmConnection connection)
            {
                established[0] = true;
            }

            @Override
            public void onDisconnectRequested(final byte[] privateData)
            {
                disconnected[0] = true;
            }
        };
        try (PcapTap tap = new PcapTap(file))
        {
            tap.attach("node0.port", a.nic().port());
            tap.attach("node1.port", b.nic().port());
            final Active refused = new Active(a);
            bed.at(0, () -> bed.cm(0).connect(b.device().ipv4(), NOBODY, a.qp().qpn(), 0x123, 1, 1, null, refused));
            assertTrue(bed.runUntil(() -> !refused.events.isEmpty(), LIMIT_PS));
            assertEquals(List.of("reject 8"), refused.events);

            bed.at(1, () -> bed.cm(1).listen(SERVICE, r ->
            {
                r.defer();
                bed.loop(1).scheduleAfter(Event.of("accept", Priority.DEFAULT,
                    () -> r.accept(b.qp().qpn(), 0x456, null, passive)), 50_000_000L);
            }));
            final Active active = new Active(a);
            bed.at(0, () -> bed.cm(0).connect(b.device().ipv4(), SERVICE, a.qp().qpn(), 0x789, 1, 1, null, active));
            assertTrue(bed.runUntil(() -> established[0], LIMIT_PS), active.events.toString());
            assertTrue(active.ready);
            activeCommId[0] = active.connection.localCommId();
            final boolean[] done = new boolean[1];
            bed.at(0, () -> active.connection.disconnect(null, () -> done[0] = true));
            assertTrue(bed.runUntil(() -> done[0] && disconnected[0], LIMIT_PS));
            assertEquals(8, tap.frames() + tap.framesWaiting());
            tap.commit();
            assertEquals(8, tap.frames());
        }

        final List<String> lines = runTshark(tshark.get(), file);
        final String a1 = String.format("0x%06x", a.qp().qpn());
        final String b1 = String.format("0x%06x", b.qp().qpn());
        final String id = String.format("0x%08x", activeCommId[0]);
        final String mad = "100,0x000001,0x0000000080010000,0x00000001,0x07,";
        assertEquals(List.of(
            mad + "0x0010," + a1 + ",0x000123,,,,,,,",
            mad + "0x0012,,,,,0x0008,,,,",
            mad + "0x0010," + a1 + ",0x000789,,,,,,,",
            mad + "0x0011,,,,,,,,,",
            mad + "0x0013,,," + b1 + ",0x000456,,,,,",
            mad + "0x0014,,,,,," + id + ",,,",
            mad + "0x0015,,,,,,," + id + ",,",
            mad + "0x0016,,,,,,,,,"), lines);
    }

    private static List<String> runTshark(final Path tshark, final Path file) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(tshark.toString(), "-r", file.toString(),
            "-o", "infiniband.rroce.port:4791", "-T", "fields", "-E", "separator=,", "-E", "occurrence=f"));
        for (final String field : FIELDS)
        {
            command.add("-e");
            command.add(field);
        }
        final Path stderr = file.resolveSibling(file.getFileName() + ".stderr");
        final Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
        assertEquals(0, process.exitValue(), "tshark failed: " + Files.readString(stderr));
        return out.lines().toList();
    }
}
