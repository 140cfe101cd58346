package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sansim replay} of the DUMPI, SimGrid and Chakra samples (the traces module's test resources):
 * each replays to completion on the fdr and the hdr presets, and the faster NIC gives the shorter
 * communication time; bad traces get one line and exit 2, a receive nothing matches exits 3.
 */
class ReplayCommandTest
{
    static final Path SAMPLES = Path.of("../traces/src/test/resources/mpi");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldReplayDumpiFasterOnTheFasterNic() throws Exception
    {
        // Nine small messages per rank: latency-bound. HDR's RS-FEC costs more MAC/PHY latency than
        // FDR's FEC-less 64b/66b (HARDWARE.md 17.6), enough to outweigh the rest on this trace, so the
        // HDR NIC is compared with FDR's MAC/PHY latency: what is faster is the NIC, not the FEC.
        fasterOnHdr(SAMPLES.resolve("dumpi/testtrace.meta").toString(), 4, 9, "--set", "port.txMacPhyLatencyPs=30ns",
            "--set", "port.rxMacPhyLatencyPs=30ns");
    }

    @Test
    void shouldReplaySimGridFasterOnTheFasterNic() throws Exception
    {
        fasterOnHdr(SAMPLES.resolve("simgrid/actions_with_isend.txt").toString(), 3, 1);
        fasterOnHdr(SAMPLES.resolve("simgrid/split_traces").toString(), 2, 2);
    }

    @Test
    void shouldReplayChakraFasterOnTheFasterNic() throws Exception
    {
        final Path et = tmp.resolve("chakra.0.et");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SAMPLES.resolve("chakra/chakra.0.et.gz"))))
        {
            Files.copy(in, et);
        }
        fasterOnHdr(et.toString(), 2, 6);
    }

    @Test
    void shouldPlaceRanksByBlockOrRoundRobinOnAScenariosHosts() throws Exception
    {
        final String meta = SAMPLES.resolve("dumpi/testtrace.meta").toString();
        final Path scenario = tmp.resolve("two.yaml");
        Files.writeString(scenario, "name: two\ntopology:\n  shape: single-switch\n  hosts: 2\n");
        final JsonNode block = json(meta, scenario.toString(), "--placement", "block");
        final JsonNode rr = json(meta, scenario.toString(), "--placement", "round-robin");
        assertEquals("node0 node0 node1 node1", hosts(block));
        assertEquals("node0 node1 node0 node1", hosts(rr));
        assertEquals(2, block.get("hosts").asInt());
        // Block puts the ring's neighbours 0-1 and 2-3 together: fewer messages cross the fabric, so
        // the two placements differ, and each is the same on two threads.
        assertTrue(!block.get("digest").asText().equals(rr.get("digest").asText()));
        assertEquals(block.get("digest").asText(), json(meta, scenario.toString(), "--placement", "block",
            "--threads", "2").get("digest").asText());
    }

    @Test
    void shouldRejectATruncatedTraceInOneLineNamingTheOffset() throws Exception
    {
        final Path dir = tmp.resolve("cut");
        Files.createDirectories(dir);
        for (int r = 0; r < 4; r++)
        {
            Files.copy(SAMPLES.resolve("dumpi/testtrace-000" + r + ".bin"), dir.resolve("testtrace-000" + r + ".bin"));
        }
        Files.copy(SAMPLES.resolve("dumpi/testtrace.meta"), dir.resolve("testtrace.meta"));
        final byte[] whole = Files.readAllBytes(dir.resolve("testtrace-0002.bin"));
        Files.write(dir.resolve("testtrace-0002.bin"), java.util.Arrays.copyOf(whole, 300));
        final CliTest.Outcome o = run("replay", dir.resolve("testtrace-0000.bin").toString());
        assertEquals(Main.EXIT_USAGE, o.exitCode(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("sansim: testtrace-0002.bin: byte offset "), o.err());
        final Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello\n");
        final CliTest.Outcome unknown = run("replay", text.toString());
        assertEquals(Main.EXIT_USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("not a trace the replay reads"), unknown.err());
    }

    @Test
    void shouldEndAReplayWhoseReceiveNothingMatchesWithExitThree() throws Exception
    {
        final Path f = tmp.resolve("deadlock.txt");
        Files.writeString(f, "0 recv 1 5 100\n1 recv 0 5 100\n");
        final CliTest.Outcome o = run("replay", f.toString());
        assertEquals(3, o.exitCode(), o.err());
        assertTrue(o.err().contains("rank 0 on node0") && o.err().contains("receive from rank 1 tag 5"), o.err());
    }

    private static void fasterOnHdr(final String trace, final int ranks, final int minMessages,
        final String... hdrSettings) throws Exception
    {
        final JsonNode fdr = json(trace, "--preset", "fdr");
        final String[] hdrArgs = new String[3 + hdrSettings.length];
        hdrArgs[0] = trace;
        hdrArgs[1] = "--preset";
        hdrArgs[2] = "hdr";
        System.arraycopy(hdrSettings, 0, hdrArgs, 3, hdrSettings.length);
        final JsonNode hdr = json(hdrArgs);
        for (final JsonNode r : new JsonNode[] {fdr, hdr})
        {
            assertEquals("completed", r.get("outcome").asText());
            assertEquals(ranks, r.get("ranks").size());
            assertEquals(64, r.get("digest").asText().length());
            long sum = 0;
            for (final JsonNode rank : r.get("ranks"))
            {
                assertEquals(rank.get("spanPs").asLong(), rank.get("computePs").asLong()
                    + rank.get("communicationPs").asLong());
                sum += rank.get("communicationPs").asLong();
            }
            assertEquals(sum, r.get("communicationPs").asLong());
            assertTrue(r.get("ranks").get(0).get("messagesSent").asInt() >= minMessages, r.toString());
        }
        assertEquals(fdr.get("computePs").asLong(), hdr.get("computePs").asLong());
        assertTrue(hdr.get("communicationPs").asLong() < fdr.get("communicationPs").asLong(),
            trace + ": hdr " + hdr.get("communicationPs") + " ps, fdr " + fdr.get("communicationPs") + " ps");
    }

    private static JsonNode json(final String... args) throws Exception
    {
        final String[] all = new String[args.length + 2];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 1] = "--json";
        final CliTest.Outcome o = run(all);
        assertEquals(0, o.exitCode(), o.err());
        return JSON.readTree(o.out());
    }

    private static String hosts(final JsonNode run)
    {
        final StringBuilder b = new StringBuilder();
        for (final JsonNode r : run.get("ranks"))
        {
            b.append(b.length() == 0 ? "" : " ").append(r.get("host").asText());
        }
        return b.toString();
    }
}
