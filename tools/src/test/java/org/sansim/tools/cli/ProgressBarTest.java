package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest
{
    private final StringWriter err = new StringWriter();
    private final AtomicLong nowNs = new AtomicLong(5_000_000_000L);

    private ProgressBar bar(final boolean enabled)
    {
        return new ProgressBar(new PrintWriter(err, true), enabled, nowNs::get);
    }

    @Test
    void shouldStaySilentForTheFirstSecond()
    {
        final ProgressBar bar = bar(true);
        nowNs.addAndGet(900_000_000L);
        bar.update(0.5, "half");
        assertEquals("", err.toString());
    }

    @Test
    void shouldDrawTheShareDoneTheStatusAndAnEstimateOfWhatIsLeft()
    {
        final ProgressBar bar = bar(true);
        nowNs.addAndGet(2_000_000_000L);
        bar.update(0.25, "1 ms simulated");
        final String line = err.toString();
        assertTrue(line.startsWith("\r[######------------------]  25%  1 ms simulated"), line);
        // A quarter done in 2 s: 6 s left.
        assertTrue(line.endsWith("~6s left"), line);
    }

    @Test
    void shouldRedrawAtMostFiveTimesASecondAndClearItsLineWhenClosed()
    {
        final ProgressBar bar = bar(true);
        nowNs.addAndGet(2_000_000_000L);
        bar.update(0.25, "a");
        nowNs.addAndGet(100_000_000L);
        bar.update(0.5, "b");
        assertTrue(!err.toString().contains("b"), err.toString());
        nowNs.addAndGet(150_000_000L);
        bar.update(0.5, "b");
        assertTrue(err.toString().contains("50%  b"), err.toString());
        final int drawn = err.toString().length();
        bar.close();
        assertTrue(err.toString().substring(drawn).matches("\r +\r"), err.toString());
    }

    @Test
    void shouldDrawNothingWhenNotATerminalAndNotAsked()
    {
        final ProgressBar bar = bar(false);
        nowNs.addAndGet(10_000_000_000L);
        bar.update(0.5, "half");
        bar.close();
        assertEquals("", err.toString());
    }

    @Test
    void shouldNotChangeTheResultsOfARun() throws Exception
    {
        final JsonNode plain = CliTest.json(CliTest.run("run", "pingpong", "--set", "workload.iterations=50",
            "--json"));
        final CliTest.Outcome watched = CliTest.run("run", "pingpong", "--set", "workload.iterations=50", "--json",
            "--progress");
        assertEquals(plain.get("digest").asText(), CliTest.json(watched).get("digest").asText());
    }
}
