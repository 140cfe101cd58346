package org.sansim.tools.replay;

import java.util.Arrays;

/**
 * The sockets of one replayed process: each handle the trace names, with the handle the replay's switch
 * returned for it. A handful per process, so a linear search over two arrays (no boxing).
 */
final class HandleTable
{
    private long[] recorded = new long[8];
    private long[] replayed = new long[8];
    private int size;

    /**
     * @param recordedHandle a handle in the trace
     * @param replayedHandle the replay's
     */
    void put(final long recordedHandle, final long replayedHandle)
    {
        for (int i = 0; i < size; i++)
        {
            if (recorded[i] == recordedHandle)
            {
                replayed[i] = replayedHandle;
                return;
            }
        }
        if (size == recorded.length)
        {
            recorded = Arrays.copyOf(recorded, size * 2);
            replayed = Arrays.copyOf(replayed, size * 2);
        }
        recorded[size] = recordedHandle;
        replayed[size++] = replayedHandle;
    }

    /**
     * @param recordedHandle a handle in the trace
     * @param event          the trace event naming it, for the message
     * @return the replay's handle
     * @throws IllegalStateException if the trace never opened it
     */
    long get(final long recordedHandle, final int event)
    {
        for (int i = 0; i < size; i++)
        {
            if (recorded[i] == recordedHandle)
            {
                return replayed[i];
            }
        }
        throw new IllegalStateException("trace event " + event + ": socket " + recordedHandle
            + " was not opened (by socket or accept) before it is used");
    }
}
