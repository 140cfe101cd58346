package org.sansim.host.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sansim.pcie.DeviceWriteMonitor;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * A thread polls a flag a simulated device sets at given times; skipping its idle polls must see
 * each write at the same instant, count the same polls and charge the same CPU time as spinning.
 */
class SpinWaitTest
{
    private static final long STEP_PS = 7_000;
    private static final long FLAG_PA = 0x1000;

    private final List<ThreadScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void close()
    {
        schedulers.forEach(ThreadScheduler::close);
    }

    /** What the poller saw. */
    private record Seen(List<Long> sawAtPs, long polls, long cpuPs, long skipped, long events)
    {
    }

    private Seen poll(final boolean skip, final long[] writesAtPs)
    {
        final EventLoop loop = new EventLoop();
        final ThreadScheduler threads = new ThreadScheduler("host", loop).skipIdlePolls(skip);
        schedulers.add(threads);
        final DeviceWriteMonitor monitor = new DeviceWriteMonitor();
        final int[] flag = {0};
        for (final long at : writesAtPs)
        {
            // the device's write: the flag goes up, and the monitor hears of it
            loop.schedule(Event.of("dma", Priority.DEFAULT, () ->
            {
                flag[0]++;
                monitor.onDeviceWrite(FLAG_PA, 4);
            }), at);
            // an unrelated write next to the flag wakes nobody
            loop.schedule(Event.of("other", Priority.DEFAULT, () -> monitor.onDeviceWrite(FLAG_PA + 4, 4)), at / 2);
        }
        final List<Long> saw = new ArrayList<>();
        final long[] polls = {0};
        final SimThread t = threads.start("poller", self ->
        {
            final SpinWait spin = self.spinWait();
            int consumed = 0;
            while (consumed < writesAtPs.length)
            {
                spin.beginStep();
                polls[0]++;
                if (flag[0] > consumed)
                {
                    consumed = flag[0];
                    saw.add(loop.nowPs());
                    spin.noteActivity();
                }
                else
                {
                    spin.watch(monitor, FLAG_PA, 4, n -> polls[0] += n);
                }
                self.compute(STEP_PS);
                spin.endStep();
                self.sync();
            }
        });
        loop.runUntil(Long.MAX_VALUE);
        assertTrue(t.done());
        assertEquals(0, monitor.armedCount(), "nothing left armed");
        return new Seen(saw, polls[0], t.cpuPs(), t.spinWait().skippedSteps(), loop.eventsHandled());
    }

    @ParameterizedTest(name = "device writes at {0} ps")
    @ValueSource(longs = {1, 6_999, 7_000, 7_001, 700_000, 700_001, 699_999, 1_000_003})
    void oneWriteIsSeenAtTheSameStepAsSpinningSeesIt(final long writeAtPs)
    {
        final Seen spinning = poll(false, new long[] {writeAtPs});
        final Seen skipping = poll(true, new long[] {writeAtPs});
        assertEquals(spinning.sawAtPs(), skipping.sawAtPs());
        assertEquals(spinning.polls(), skipping.polls());
        assertEquals(spinning.cpuPs(), skipping.cpuPs());
        assertEquals(0, spinning.skipped());
        // the first step instant at or after the write (a write at a step's instant is seen by it)
        final long expected = (writeAtPs + STEP_PS - 1) / STEP_PS * STEP_PS;
        assertEquals(List.of(expected), skipping.sawAtPs());
        assertEquals(expected / STEP_PS + 1, skipping.polls());
    }

    @Test
    void manyWritesGiveTheSameObservationsWithFarFewerEvents()
    {
        final long[] writes = new long[50];
        long at = 0;
        for (int i = 0; i < writes.length; i++)
        {
            at += 13_337 + 7_000L * (i % 5) + (i % 3 == 0 ? 70_000 : 0);
            writes[i] = at;
        }
        final Seen spinning = poll(false, writes);
        final Seen skipping = poll(true, writes);
        assertEquals(spinning.sawAtPs(), skipping.sawAtPs());
        assertEquals(spinning.polls(), skipping.polls());
        assertEquals(spinning.cpuPs(), skipping.cpuPs());
        assertTrue(skipping.skipped() > 200, "skipped " + skipping.skipped());
        assertTrue(skipping.events() < spinning.events(),
            "events: skipping " + skipping.events() + ", spinning " + spinning.events());
    }

    @Test
    void aStepThatSyncsInsideIsNotSkipped()
    {
        final EventLoop loop = new EventLoop();
        final ThreadScheduler threads = new ThreadScheduler("host", loop);
        schedulers.add(threads);
        final DeviceWriteMonitor monitor = new DeviceWriteMonitor();
        final long[] skipped = {-1};
        threads.start("poller", self ->
        {
            final SpinWait spin = self.spinWait();
            spin.beginStep();
            spin.watch(monitor, FLAG_PA, 4, null);
            self.compute(STEP_PS);
            self.sync();
            self.compute(STEP_PS);
            skipped[0] = spin.endStep();
        });
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(0, skipped[0], "reads at two instants: spun, not skipped");
        assertEquals(0, monitor.armedCount());
    }

    @Test
    void aStepWithActivityIsNotSkipped()
    {
        final EventLoop loop = new EventLoop();
        final ThreadScheduler threads = new ThreadScheduler("host", loop);
        schedulers.add(threads);
        final DeviceWriteMonitor monitor = new DeviceWriteMonitor();
        final long[] skipped = {-1};
        final long[] endedAt = {-1};
        threads.start("poller", self ->
        {
            final SpinWait spin = self.spinWait();
            spin.beginStep();
            spin.watch(monitor, FLAG_PA, 4, null);
            spin.noteActivity();
            self.compute(STEP_PS);
            skipped[0] = spin.endStep();
            self.sync();
            endedAt[0] = loop.nowPs();
        });
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(0, skipped[0]);
        assertEquals(STEP_PS, endedAt[0]);
    }
}
