package org.sansim.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.sansim.tools.scenario.StallException;

/**
 * {@code sansim run incast-64} over sockets: 63 hosts connect to host 0 at once through the Windows
 * Sockets switch. The storm of CM REQs is taken whole (it once overflowed host 0's GSI agent, and the
 * run stalled waiting a second for the CM's retries), the incast completes with the same digest on one
 * runner thread and two; and when the connection manager does give up, the connect's
 * {@code WSAETIMEDOUT} ends the run as one line with the stall exit code, not as an internal error.
 */
class SocketsIncastCommandTest
{
    @Test
    void theSocketsIncastOver64HostsCompletesIdenticallyOnOneThreadOrTwo() throws Exception
    {
        final JsonNode one = CliTest.json(CliTest.run("run", "incast-64", "--set", "workload.api=SOCKETS", "--json"));
        assertEquals("completed", one.get("outcome").asText(), one.toString());
        assertEquals(63, one.get("flowsCompleted").asInt());
        assertEquals(63L << 20, one.get("bytes").asLong());
        final JsonNode two = CliTest.json(CliTest.run("run", "incast-64", "--set", "workload.api=SOCKETS", "--threads",
            "2", "--json"));
        assertEquals(one.get("digest").asText(), two.get("digest").asText());
    }

    @Test
    void aConnectTheConnectionManagerGivesUpOnEndsTheRunWithItsError()
    {
        // The earlier GSI receive queue of 16 MADs drops most of the storm; without retries, those connects time out.
        final CliTest.Outcome failed = CliTest.run("run", "incast-64", "--set", "workload.api=SOCKETS", "--set",
            "gsi.receiveQueueMads=16", "--set", "cm.maxRetries=0", "--set", "cm.responseTimeoutPs=1ms");
        assertEquals(StallException.EXIT_CODE, failed.exitCode(), failed.err());
        final String err = failed.err().strip();
        assertTrue(err.startsWith("sansim: incast-64: failed by ") && err.endsWith("connect failed: WSAETIMEDOUT"),
            err);
        assertEquals(1, err.lines().count(), err);
        assertFalse(err.contains("internal error") || err.contains("Exception"), err);
    }
}
