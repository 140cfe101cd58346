package org.sansim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.StatsRegistry;

class InterruptControllerTest
{
    private static final long LATENCY_PS = 700_000;

    private final EventLoop loop = new EventLoop();
    private final InterruptController ic = new InterruptController("host0.interrupts",
        new InterruptControllerParams(LATENCY_PS), loop, new StatsRegistry());

    private void messageAt(final long timePs, final long address, final int data)
    {
        loop.schedule(Event.of("msi", Priority.DEFAULT, () -> ic.onMessage(address, data)), timePs);
    }

    @Test
    void shouldRunTheHandlerTheDeliveryLatencyAfterTheMessage()
    {
        final List<Long> ranAtPs = new ArrayList<>();
        ic.register(17, () -> ranAtPs.add(loop.nowPs()));
        messageAt(5_123, InterruptController.MSI_WINDOW_BASE, 17);
        messageAt(3_000_000, InterruptController.MSI_WINDOW_LIMIT - 3, 17);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(List.of(5_123 + LATENCY_PS, 3_000_000 + LATENCY_PS), ranAtPs);
        assertEquals(2, ic.delivered(17));
        assertEquals(2, ic.delivered());
        assertEquals(2, ic.messages());
        assertEquals(0, ic.spurious());
    }

    @Test
    void shouldTakeTheVectorFromTheLowEightBitsOfTheData()
    {
        final int[] runs = new int[1];
        ic.register(0x41, () -> runs[0]++);
        messageAt(0, InterruptController.MSI_WINDOW_BASE, 0x0000_4041);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(1, runs[0]);
    }

    @Test
    void shouldCountAnInterruptWithoutHandlerAsSpuriousRatherThanFail()
    {
        messageAt(10, InterruptController.MSI_WINDOW_BASE, 9);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(1, ic.spurious());
        assertEquals(0, ic.delivered());
        assertEquals(0, ic.delivered(9));
    }

    @Test
    void shouldCountAnInterruptAsSpuriousWhenItsHandlerWentAwayBeforeDelivery()
    {
        final int[] runs = new int[1];
        ic.register(3, () -> runs[0]++);
        messageAt(10, InterruptController.MSI_WINDOW_BASE, 3);
        loop.schedule(Event.of("unregister", Priority.DEFAULT, () -> ic.unregister(3)), 20);
        loop.runUntil(Long.MAX_VALUE);
        assertEquals(0, runs[0]);
        assertEquals(1, ic.spurious());
        assertFalse(ic.registered(3));
    }

    @Test
    void shouldTakeASecondMessageWhileTheVectorIsPendingAsOneInterrupt()
    {
        final List<Long> ranAtPs = new ArrayList<>();
        ic.register(5, () -> ranAtPs.add(loop.nowPs()));
        messageAt(100, InterruptController.MSI_WINDOW_BASE, 5);
        messageAt(100 + LATENCY_PS - 1, InterruptController.MSI_WINDOW_BASE, 5);
        messageAt(100 + LATENCY_PS, InterruptController.MSI_WINDOW_BASE, 5);
        loop.runUntil(Long.MAX_VALUE);
        // The third arrives at the delivery's picosecond but before it (earlier sequence): coalesced too.
        assertEquals(List.of(100 + LATENCY_PS), ranAtPs);
        assertEquals(2, ic.coalesced());
        assertEquals(3, ic.messages());
    }

    @Test
    void shouldRejectASecondHandlerAVectorOutOfRangeAndAnAddressOutsideTheWindow()
    {
        ic.register(1, () -> { });
        assertThrows(IllegalStateException.class, () -> ic.register(1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> ic.register(InterruptController.VECTORS, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> ic.register(-1, () -> { }));
        assertThrows(IllegalArgumentException.class,
            () -> ic.onMessage(InterruptController.MSI_WINDOW_LIMIT + 1, 1));
        ic.unregister(1);
        ic.register(1, () -> { });
        assertTrue(ic.registered(1));
    }

    @Test
    void shouldDecideTheMsiWindow()
    {
        assertTrue(InterruptController.inMsiWindow(0xFEE0_0000L));
        assertTrue(InterruptController.inMsiWindow(0xFEEF_FFFCL));
        assertFalse(InterruptController.inMsiWindow(0xFEDF_FFFFL));
        assertFalse(InterruptController.inMsiWindow(0xFEF0_0000L));
    }

    @Test
    void shouldValidateItsParameters()
    {
        assertThrows(ParamsException.class, () -> new InterruptControllerParams(-1).validate());
        assertEquals(1_000_000L, InterruptControllerParams.defaults().deliveryLatencyPs());
    }
}
