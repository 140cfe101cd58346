package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.tools.scenario.StallException;

/**
 * {@code sansim run} of a sockets incast whose 31 senders connect to host 0 at once, through a GSI
 * receive queue too small for the storm (16 MADs, SanSim's earlier default) and a connection manager
 * that does not retry: the connects whose REQs were dropped time out, and the first
 * {@code WSAETIMEDOUT} ends the run as one line with the stall exit code, never as an internal error or
 * a wait without end. (The storm taken whole, with the defaults, is {@code SocketsConnectStormTest}'s;
 * the 64-host incast takes about a gigabyte of heap, too much for the test suite's JVM.)
 */
class SocketsIncastCommandTest
{
    @Test
    void aConnectTheConnectionManagerGivesUpOnEndsTheRunWithItsError(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("storm.yaml");
        Files.writeString(file, String.join("\n", "name: storm", "topology: {shape: single-switch, hosts: 32}",
            "workload: {kind: incast, api: sockets, flowBytes: 64KiB, messageBytes: 16KiB}", ""));
        final CliTest.Outcome failed = CliTest.run("run", file.toString(), "--set", "gsi.receiveQueueMads=16",
            "--set", "cm.maxRetries=0", "--set", "cm.responseTimeoutPs=1ms");
        assertEquals(StallException.EXIT_CODE, failed.exitCode(), failed.err());
        final String err = failed.err().strip();
        assertTrue(err.startsWith("sansim: storm: failed by ") && err.endsWith("connect failed: WSAETIMEDOUT"), err);
        assertEquals(1, err.lines().count(), err);
        assertFalse(err.contains("internal error") || err.contains("Exception"), err);
        // With the defaults, the same storm completes.
        final CliTest.Outcome completed = CliTest.run("run", file.toString(), "--json");
        assertEquals(0, completed.exitCode(), completed.err());
        assertEquals("completed", CliTest.json(completed).get("outcome").asText());
    }
}
