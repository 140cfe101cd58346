package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sansim.tools.cli.CliTest.json;
import static org.sansim.tools.cli.CliTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketReplayCommandTest
{
    private static final String HEADER = "{\"format\":\"sansim-trace\",\"version\":1,\"timeUnit\":\"ps\"}\n";

    @Test
    void shouldRecordASocketsRunAndReplayItIntoTheSameObject(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("pp.jsonl");
        final JsonNode ran = json(run("run", "pingpong", "--set", "workload.api=sockets", "--set",
            "workload.iterations=10", "--record", trace.toString(), "--json"));
        final String text = Files.readString(trace);
        assertTrue(text.contains("\"socket\":{\"operation\":\"connect\",") && text.contains("\"thread\":\"ping\""),
            "socket calls recorded");
        final JsonNode replayed = json(run("replay", trace.toString(), "pingpong", "--set", "workload.api=sockets",
            "--set", "workload.iterations=10", "--json"));
        assertEquals(withoutWallClock(ran), withoutWallClock(replayed));
        assertEquals("sockets", replayed.get("api").asText());
    }

    @Test
    void shouldRefuseASocketCallOnASocketNeverOpenedInOneLineWithExitCode2(@TempDir final Path dir) throws Exception
    {
        final Path trace = dir.resolve("bad.jsonl");
        Files.writeString(trace, HEADER
            + "{\"time\":0,\"host\":\"node0\",\"process\":100,\"thread\":\"t\",\"socket\":{\"operation\":\"socket\","
            + "\"socket\":4096,\"peer\":\"\",\"sizeBytes\":0,\"thinkTime\":0}}\n"
            + "{\"time\":5,\"host\":\"node0\",\"process\":100,\"thread\":\"t\",\"socket\":{\"operation\":\"send\","
            + "\"socket\":4100,\"peer\":\"\",\"sizeBytes\":64,\"thinkTime\":0}}\n");
        final CliTest.Outcome bad = run("replay", trace.toString());
        assertEquals(2, bad.exitCode());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("bad.jsonl") && bad.err().contains("event 2")
            && bad.err().contains("got 4100 in send"), bad.err());

        Files.writeString(trace, HEADER
            + "{\"time\":0,\"host\":\"node0\",\"process\":100,\"thread\":\"t\",\"socket\":{\"operation\":\"socket\","
            + "\"socket\":4096,\"peer\":\"\",\"sizeBytes\":0,\"thinkTime\":0}}\n"
            + "{\"time\":5,\"host\":\"node0\",\"process\":100,\"thread\":\"t\",\"socket\":{\"operation\":\"connect\","
            + "\"socket\":4096,\"peer\":\"10.0.0.300:5\",\"sizeBytes\":0,\"thinkTime\":0}}\n");
        final CliTest.Outcome address = run("replay", trace.toString());
        assertEquals(2, address.exitCode());
        assertTrue(address.err().contains("event 2") && address.err().contains("a.b.c.d:port"), address.err());
    }

    private static JsonNode withoutWallClock(final JsonNode r)
    {
        final ObjectNode copy = r.deepCopy();
        copy.remove("wallSeconds");
        copy.remove("eventsPerSecond");
        copy.remove("threads");
        return copy;
    }
}
