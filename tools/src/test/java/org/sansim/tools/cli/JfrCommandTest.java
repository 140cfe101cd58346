package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.jfr.SimJfr;

/**
 * {@code --jfr FILE}: a WSP latency run records SanSim's events, each with its simulated time and component,
 * one Doorbell per send doorbell and one WspCall per data-path call; the flag is off again afterwards.
 */
class JfrCommandTest
{
    @Test
    void shouldRecordTheModelsEventsWithSimulatedTimeAndComponent(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("run.jfr");
        final CliTest.Outcome o = run("perf", "send_lat", "--api", "wsp", "--iters", "5", "--json", "--jfr",
            file.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertFalse(SimJfr.enabled(), "the emitters are off once the recording is written");

        final Map<String, Integer> counts = new TreeMap<>();
        long lastDoorbellPs = -1;
        for (final RecordedEvent e : RecordingFile.readAllEvents(file))
        {
            final String type = e.getEventType().getName();
            if (!type.startsWith("org.sansim."))
            {
                continue;
            }
            counts.merge(type, 1, Integer::sum);
            assertTrue(e.getLong("simTimePs") > 0, e.toString());
            assertTrue(e.getString("component").startsWith("node"), e.toString());
            if (type.equals("org.sansim.Doorbell"))
            {
                assertTrue(e.getString("component").endsWith(".nic.doorbell"), e.toString());
                lastDoorbellPs = Math.max(lastDoorbellPs, e.getLong("simTimePs"));
            }
        }
        for (final String type : JfrRecording.EVENTS)
        {
            if (!type.endsWith("Retransmission"))
            {
                assertTrue(counts.getOrDefault(type, 0) > 0, type + " missing from " + counts);
            }
        }
        assertTrue(counts.get("org.sansim.WspCall") >= 2 * 5, counts.toString());
        assertTrue(lastDoorbellPs > 0);
    }
}
