package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class BenchPholdCommandTest
{
    @Test
    void shouldRunASparseTopologyWithTheSameDigestOnOneAndTwoThreads() throws Exception
    {
        final JsonNode one = CliTest.json(CliTest.run("bench", "phold", "--partitions", "64", "--topology", "random",
            "--degree", "3", "--threads", "1", "--events", "50000", "--seed", "9", "--json"));
        final JsonNode two = CliTest.json(CliTest.run("bench", "phold", "--partitions", "64", "--topology", "random",
            "--degree", "3", "--threads", "2", "--events", "50000", "--seed", "9", "--ring-slots", "8", "--json"));
        assertEquals(one.get("digest").asText(), two.get("digest").asText());
        assertEquals("random 3-regular", one.get("topology").asText());
        assertEquals(96, one.get("links").asLong());
        assertEquals(8, two.get("ringSlots").asInt());
        assertTrue(one.get("messages").asLong() > 5_000, one.toString());
    }

    @Test
    void shouldKeepTheMeshAsTheDefault() throws Exception
    {
        final JsonNode mesh = CliTest.json(CliTest.run("bench", "phold", "--partitions", "4", "--events", "200000",
            "--seed", "7", "--json"));
        assertEquals("mesh", mesh.get("topology").asText());
        assertEquals(6, mesh.get("links").asLong());
        assertEquals("ec7c6bd8338f788a", mesh.get("digest").asText());
    }

    @Test
    void shouldRejectBadTopologiesWithOneLineAndExitCodeTwo()
    {
        final CliTest.Outcome name = CliTest.run("bench", "phold", "--topology", "star");
        assertEquals(Main.EXIT_USAGE, name.exitCode());
        assertTrue(name.err().contains("--topology must be mesh, ring, torus or random, got star"), name.err());
        assertFalse(name.err().contains("at org."), name.err());
        final CliTest.Outcome odd = CliTest.run("bench", "phold", "--partitions", "5", "--topology", "random",
            "--degree", "3");
        assertEquals(Main.EXIT_USAGE, odd.exitCode());
        assertTrue(odd.err().contains("must be even"), odd.err());
        final CliTest.Outcome slots = CliTest.run("bench", "phold", "--ring-slots", "100");
        assertEquals(Main.EXIT_USAGE, slots.exitCode());
        assertTrue(slots.err().contains("--ring-slots must be a power of two"), slots.err());
        assertEquals(1, slots.err().strip().lines().count(), slots.err());
    }
}
