package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CliTest
{
    /** Output of one command-line run. */
    record Outcome(int exitCode, String out, String err)
    {
    }

    static Outcome run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    static JsonNode json(final Outcome outcome) throws Exception
    {
        assertEquals(0, outcome.exitCode(), outcome.err());
        return new ObjectMapper().readTree(outcome.out());
    }

    @Test
    void shouldPrintKernelBenchmarkAsJson() throws Exception
    {
        final JsonNode result = json(run("bench", "kernel", "--pending", "500", "--events", "200000", "--json"));
        assertEquals(500, result.get("pending").asInt());
        assertEquals(200000, result.get("events").asLong());
        assertTrue(result.get("eventsPerSecond").asDouble() > 0);
    }

    @Test
    void shouldPrintTheSamePholdDigestForAnyThreadCount() throws Exception
    {
        final JsonNode one = json(run("bench", "phold", "--partitions", "3", "--threads", "1", "--events", "30000",
            "--seed", "5", "--json"));
        final JsonNode two = json(run("bench", "phold", "--partitions", "3", "--threads", "2", "--events", "30000",
            "--seed", "5", "--json"));
        assertEquals(one.get("digest").asText(), two.get("digest").asText());
        assertEquals(2, two.get("threads").asInt());
        assertEquals(16, one.get("digest").asText().length());
    }

    @Test
    void shouldRejectBadOptionsWithOneMessageAndNoStackTrace()
    {
        final Outcome bad = run("bench", "kernel", "--pending", "many");
        assertEquals(Main.EXIT_USAGE, bad.exitCode());
        assertTrue(bad.err().contains("--pending"), bad.err());
        assertFalse(bad.err().contains("at org."), bad.err());

        final Outcome invalid = run("bench", "phold", "--partitions", "1");
        assertEquals(Main.EXIT_USAGE, invalid.exitCode());
        assertTrue(invalid.err().contains("--partitions must be at least 2"), invalid.err());
        assertFalse(invalid.err().contains("at org."), invalid.err());
    }
}
