package org.sansim.provider.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.hw.AccessFlags;
import org.sansim.provider.driver.kernel.DriverStatus;

/**
 * After start-up the kernel driver asks each command for a {@code COMMAND_COMPLETION} event and waits
 * for the command EQ's interrupt (HARDWARE.md 5): no command is polled any more, and the NIC posts
 * every event it is asked for.
 */
class CommandEventsTest
{
    @Test
    void commandsAfterStartUpCompleteByEventWithoutPolling()
    {
        final Testbed t = new Testbed(1 << 16);
        final Testbed.Node n = t.node(0);
        assertTrue(n.device().kernel().commandEvents());
        final long polls = t.stats().counter("node0.verbs.kdriver.ownerPolls").value();
        final long events = t.stats().counter("node0.verbs.kdriver.commandEvents").value();
        assertTrue(events > 5, "the testbed's own set-up already completed commands by event: " + events);
        final MemoryRegion[] mr = new MemoryRegion[1];
        final long[] start = new long[1];
        final long[] done = new long[1];
        t.at(n, () ->
        {
            final long va = n.process().allocate(8192, PageSize.SIZE_4K, Access.READ_WRITE);
            start[0] = n.nowPs();
            n.device().regMr(n.process(), va, 8192, AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE, (s, m) ->
            {
                assertEquals(DriverStatus.OK, s);
                mr[0] = m;
                done[0] = n.nowPs();
            });
        });
        assertTrue(t.runUntil(() -> mr[0] != null, t.timePs() + 1_000_000_000L));
        assertEquals(polls, t.stats().counter("node0.verbs.kdriver.ownerPolls").value(), "no command was polled");
        assertEquals(events + 1, t.stats().counter("node0.verbs.kdriver.commandEvents").value());
        assertEquals(0, t.stats().counter("node0.nic.cmd.eventsNotPosted").value());
        assertTrue(done[0] - start[0] < 20_000_000, "a one-page registration takes some 14 µs (system calls, pinning, "
            + "CREATE_MKEY, the interrupt): "
            + (done[0] - start[0]) + " ps");
        assertTrue(SimProcess.NO_MEMORY != mr[0].va());
    }
}
