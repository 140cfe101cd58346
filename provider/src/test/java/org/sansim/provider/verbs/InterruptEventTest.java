package org.sansim.provider.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.host.InterruptControllerParams;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * Completion events reach {@link Device#reqNotifyCq} handlers by interrupt: at a fixed delay after
 * the send, whatever the phase of the send against the old 1 µs poll, and with no event at all
 * while an armed device waits.
 */
class InterruptEventTest
{
    private static final long LIMIT_PS = 1_000_000_000L;

    private static EventLoop loop(final Testbed.Node n)
    {
        return n.endpoint().partition().loop();
    }

    /** Arms b's CQ, posts a receive there, then a SEND from a at {@code offsetPs} into a slice. */
    private static long sendToEventPs(final long offsetPs)
    {
        final Testbed t = new Testbed(1 << 16);
        final Testbed.Node a = t.node(0);
        final Testbed.Node b = t.node(1);
        final long[] at = {-1, -1};
        t.at(b, () -> b.device().reqNotifyCq(b.cq(), false, () -> at[1] = b.nowPs()));
        final RecvRequest rr = new RecvRequest(1).clear().wrId(1).addSge(b.mr().va(), 64, b.mr().lkey());
        t.at(b, () -> b.device().postRecv(b.qp(), rr));
        t.runUntil(() -> false, t.timePs() + 4_000_000L);
        final SendRequest wr = new SendRequest(1, 0).clear().wrId(2).opcode(WqeOpcode.SEND).signalled(true)
            .addSge(a.mr().va(), 64, a.mr().lkey());
        loop(a).schedule(Event.of("send", Priority.DEFAULT, () ->
        {
            at[0] = a.nowPs();
            a.device().postSend(a.qp(), wr);
        }), t.timePs() + offsetPs);
        assertTrue(t.runUntil(() -> at[1] >= 0, t.timePs() + LIMIT_PS));
        assertEquals(1, b.device().interruptsHandled());
        return at[1] - at[0];
    }

    @Test
    void shouldDeliverTheEventAtTheSameDelayWhateverThePhaseOfTheSend()
    {
        // With the old 1 µs poll of the EQ these four differed by up to 750 ns (3.75 to 4.5 µs).
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (final long offsetPs : new long[] {0, 250_000, 500_000, 750_000})
        {
            final long ps = sendToEventPs(offsetPs);
            min = Math.min(min, ps);
            max = Math.max(max, ps);
        }
        // What is left is the PCIe and NIC clock phase, a few nanoseconds.
        assertTrue(max - min < 10_000, "send-to-event delays from " + min + " to " + max + " ps");
        // The interrupt's delivery latency is part of the delay.
        assertTrue(min > InterruptControllerParams.defaults().deliveryLatencyPs(), "delay " + min + " ps");
    }

    @Test
    void shouldHandleNoEventWhileAnArmedDeviceWaits()
    {
        final Testbed t = new Testbed(1 << 16);
        final Testbed.Node a = t.node(0);
        final Testbed.Node b = t.node(1);
        t.at(a, () -> a.device().reqNotifyCq(a.cq(), false, () -> { }));
        t.at(b, () -> b.device().reqNotifyCq(b.cq(), true, () -> { }));
        t.runUntil(() -> false, t.timePs() + 2_000_000L);
        final long eventsA = loop(a).eventsHandled();
        final long eventsB = loop(b).eventsHandled();
        t.runUntil(() -> false, t.timePs() + 500_000_000L);
        // The old poll handled one event per microsecond per waiting device here: 500 each.
        assertEquals(eventsA, loop(a).eventsHandled());
        assertEquals(eventsB, loop(b).eventsHandled());
        assertEquals(0, a.device().interruptsHandled());
        assertNotEquals(-1, a.device().vector());
    }

    @Test
    void shouldGoQuiescentWithArmedCqs()
    {
        final Testbed t = new Testbed(1 << 16);
        final Testbed.Node a = t.node(0);
        final Testbed.Node b = t.node(1);
        final int[] events = new int[1];
        t.at(a, () -> a.device().reqNotifyCq(a.cq(), false, () -> events[0]++));
        t.at(b, () -> b.device().reqNotifyCq(b.cq(), false, () -> events[0]++));
        final long endPs = t.runToQuiescence();
        // A completion after the quiet stretch still raises the event.
        final SendRequest wr = new SendRequest(1, 0).clear().wrId(3).opcode(WqeOpcode.RDMA_WRITE).signalled(true)
            .remote(b.mr().va(), b.mr().rkey()).addSge(a.mr().va(), 64, a.mr().lkey());
        t.at(a, () -> a.device().postSend(a.qp(), wr));
        t.runToQuiescence();
        assertEquals(1, events[0]);
        assertTrue(t.timePs() > endPs);
    }
}
