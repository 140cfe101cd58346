package org.sansim.pcie;

import java.util.Arrays;

/**
 * Watches ranges of host memory for the device's DMA writes: what lets a polling CPU sleep until
 * the bytes it polls change, instead of spinning (see {@link org.sansim.host.thread.SpinWait}).
 *
 * <p>The root complex reports every device write that reaches host memory with
 * {@link #onDeviceWrite}; a write that overlaps an armed range fires its {@link Listener} once, after
 * the bytes are in memory, and disarms every range of that listener. CPU stores are not device
 * writes and never fire. Arming and firing allocate nothing once the arrays have grown to the
 * largest number of ranges armed at once. Not thread-safe: used from the host partition only.
 */
public final class DeviceWriteMonitor
{
    /** Told when a device write reaches one of its armed ranges. */
    @FunctionalInterface
    public interface Listener
    {
        /** Called once, from the event that wrote host memory, after which the listener's ranges are disarmed. */
        void onWatchedWrite();
    }

    /** Sees every device write that reaches host memory, after the bytes are there: a checker's hook. */
    @FunctionalInterface
    public interface WriteTap
    {
        /**
         * @param pa first byte written
         * @param lengthBytes bytes written, within one page
         */
        void onDeviceWrite(long pa, int lengthBytes);
    }

    private WriteTap tap;
    private long[] startPa = new long[4];
    private long[] endPa = new long[4];
    private Listener[] owner = new Listener[4];
    private int armed;
    private long fired;

    /**
     * Arms a range: the next device write overlapping {@code [pa, pa + lengthBytes)} fires {@code listener}.
     *
     * @param pa first physical byte
     * @param lengthBytes at least 1
     * @param listener told once; the same listener may arm several ranges, and the first write to any fires it
     */
    public void arm(final long pa, final int lengthBytes, final Listener listener)
    {
        if (lengthBytes <= 0)
        {
            throw new IllegalArgumentException("watched range of " + lengthBytes + " bytes");
        }
        if (armed == startPa.length)
        {
            startPa = Arrays.copyOf(startPa, armed * 2);
            endPa = Arrays.copyOf(endPa, armed * 2);
            owner = Arrays.copyOf(owner, armed * 2);
        }
        startPa[armed] = pa;
        endPa[armed] = pa + lengthBytes;
        owner[armed] = listener;
        armed++;
    }

    /**
     * Disarms every range of {@code listener}; does nothing for one with none armed.
     *
     * @param listener whose ranges go
     */
    public void disarm(final Listener listener)
    {
        int kept = 0;
        for (int i = 0; i < armed; i++)
        {
            if (owner[i] != listener)
            {
                startPa[kept] = startPa[i];
                endPa[kept] = endPa[i];
                owner[kept] = owner[i];
                kept++;
            }
        }
        for (int i = kept; i < armed; i++)
        {
            owner[i] = null;
        }
        armed = kept;
    }

    /**
     * A device write of {@code [pa, pa + lengthBytes)} has reached host memory: fires and disarms the
     * listeners whose ranges it overlaps.
     *
     * @param pa first byte written
     * @param lengthBytes bytes written
     */
    public void onDeviceWrite(final long pa, final int lengthBytes)
    {
        if (tap != null)
        {
            tap.onDeviceWrite(pa, lengthBytes);
        }
        if (armed == 0)
        {
            return;
        }
        final long end = pa + lengthBytes;
        for (int i = 0; i < armed; i++)
        {
            if (pa < endPa[i] && startPa[i] < end)
            {
                final Listener l = owner[i];
                disarm(l);
                fired++;
                l.onWatchedWrite();
                // the arrays changed: look again from the start (each listener fires at most once)
                i = -1;
            }
        }
    }

    /**
     * Installs the one tap that sees every device write (such as {@code --verify}'s checker); it
     * changes nothing in the model.
     *
     * @param writeTap the tap, or {@code null} for none
     */
    public void tap(final WriteTap writeTap)
    {
        tap = writeTap;
    }

    /** @return the number of ranges armed now */
    public int armedCount()
    {
        return armed;
    }

    /** @return how many times a watched write fired a listener */
    public long firedCount()
    {
        return fired;
    }
}
