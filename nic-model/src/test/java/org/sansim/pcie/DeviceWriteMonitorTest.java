package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeviceWriteMonitorTest
{
    @Test
    void aWriteOverlappingAnyRangeOfAListenerFiresItOnceAndDisarmsAllItsRanges()
    {
        final DeviceWriteMonitor m = new DeviceWriteMonitor();
        final int[] a = {0};
        final int[] b = {0};
        final DeviceWriteMonitor.Listener la = () -> a[0]++;
        final DeviceWriteMonitor.Listener lb = () -> b[0]++;
        m.arm(100, 64, la);
        m.arm(1_000, 1, la);
        m.arm(164, 8, lb);
        m.onDeviceWrite(36, 64);
        assertEquals(0, a[0], "[36, 100) ends where the range begins");
        m.onDeviceWrite(163, 2);
        assertEquals(1, a[0], "the last byte of la's range");
        assertEquals(1, b[0], "the first byte of lb's range");
        assertEquals(0, m.armedCount(), "both listeners' ranges went");
        m.onDeviceWrite(1_000, 1);
        assertEquals(1, a[0], "fired once");
        assertEquals(2, m.firedCount());
    }

    @Test
    void disarmRemovesOnlyThatListenersRangesAndArraysGrow()
    {
        final DeviceWriteMonitor m = new DeviceWriteMonitor();
        final int[] fired = new int[10];
        final DeviceWriteMonitor.Listener[] ls = new DeviceWriteMonitor.Listener[10];
        for (int i = 0; i < 10; i++)
        {
            final int k = i;
            ls[i] = () -> fired[k]++;
            m.arm(i * 100L, 10, ls[i]);
        }
        m.disarm(ls[3]);
        assertEquals(9, m.armedCount());
        m.onDeviceWrite(0, 1_000);
        assertEquals(0, fired[3]);
        for (int i = 0; i < 10; i++)
        {
            assertEquals(i == 3 ? 0 : 1, fired[i], "listener " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> m.arm(0, 0, ls[0]));
    }
}
