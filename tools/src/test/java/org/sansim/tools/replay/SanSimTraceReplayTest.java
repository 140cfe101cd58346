package org.sansim.tools.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.tools.record.TraceRecorder;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioReader;
import org.sansim.tools.scenario.ScenarioRun;
import org.sansim.tools.scenario.Setting;

class SanSimTraceReplayTest
{
    @Test
    void shouldMissMoreAndRunLongerWithASmallerTranslationCache(@TempDir final Path dir) throws Exception
    {
        // 512 KiB WRITEs from a 1 MiB buffer: 16 MTT lines per host, which the default cache holds and 8 do not.
        final Path file = dir.resolve("stream.yaml");
        Files.writeString(file, String.join("\n", "name: stream-512k", "topology: {shape: back-to-back}",
            "workload: {kind: stream, flowBytes: 2MiB, messageBytes: 512KiB, txDepth: 4}", ""));
        final Scenario scenario = ScenarioReader.read(file);
        final Path trace = dir.resolve("stream.trace");
        final ScenarioRun recorded;
        final TraceRecorder recorder = new TraceRecorder(trace).install();
        try
        {
            recorded = ScenarioRun.execute(scenario, 1);
        }
        finally
        {
            recorder.close();
        }
        assertTrue(recorder.size() > 4 + 3, "connections, posts and completions: " + recorder.size());
        final ScenarioRun same = SanSimTraceReplay.run(trace, scenario, List.of(), 1);
        assertEquals(recorded.digest(), same.digest());

        final ScenarioRun small = SanSimTraceReplay.run(trace, scenario,
            List.of(new Setting("tu.mttCacheEntries", "64", "test")), 1);
        assertEquals(recorded.summary().get("bytes"), small.summary().get("bytes"));
        assertTrue((long)small.summary().get("spanPs") > (long)recorded.summary().get("spanPs"),
            small.summary() + " " + recorded.summary());
        final long missesBefore = stat(recorded, dir.resolve("a"), "node0.nic.tu.mttMisses");
        final long missesAfter = stat(small, dir.resolve("b"), "node0.nic.tu.mttMisses");
        assertTrue(missesAfter > missesBefore, missesAfter + " vs " + missesBefore);
    }

    private static long stat(final ScenarioRun run, final Path dir, final String name) throws Exception
    {
        run.write(dir);
        for (final String line : Files.readAllLines(dir.resolve("stats.csv")))
        {
            if (line.startsWith(name + ","))
            {
                return Long.parseLong(line.split(",")[1]);
            }
        }
        throw new AssertionError(name + " not in stats.csv");
    }
}
