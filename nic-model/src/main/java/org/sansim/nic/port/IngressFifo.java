package org.sansim.nic.port;

/**
 * The frames a {@link NicPort} has received and not yet handed on, oldest first: the port's share of
 * the link's receive buffer, holding a copy of each frame until the receive pipeline takes it.
 *
 * <p>Bytes live in one ring of {@code capacityBytes} plus one largest frame (a frame never wraps: one
 * that does not fit before the end of the ring starts at index 0, and the bytes skipped are counted
 * as used until it leaves). The caller bounds what it stores: the link never lets more unreleased
 * bytes arrive than its receive buffers hold, which is what {@code capacityBytes} is. The per-frame
 * records grow by doubling when more frames than ever before are held at once (many tiny frames), so
 * storage is allocated only up to the high-water mark: nothing in steady state. The byte ring is
 * allocated on first use, so a port that never holds a frame costs nothing.
 *
 * <p>The port keeps two: the ingress FIFO proper (frames the receiver refused and those behind them)
 * and its receive delay line (frames still within the receive MAC/PHY latency and pipeline depth,
 * whose arrival time says when each is due).
 */
final class IngressFifo
{
    private static final int INITIAL_FRAMES = 64;

    private final int ringBytes;
    private byte[] ring;
    private int[] offset = new int[INITIAL_FRAMES];
    private int[] length = new int[INITIAL_FRAMES];
    private int[] priorityClass = new int[INITIAL_FRAMES];
    private long[] arrivalPs = new long[INITIAL_FRAMES];
    // bytes skipped at the end of the ring to store each frame from index 0, freed with it
    private int[] skipped = new int[INITIAL_FRAMES];
    private int head;
    private int count;
    // Byte ring: next free index, and the bytes in use including skipped tails.
    private int writeAt;
    private int usedBytes;
    private long heldBytes;

    /**
     * @param capacityBytes the most frame bytes held at once
     * @param maxFrameBytes the largest frame
     */
    IngressFifo(final long capacityBytes, final int maxFrameBytes)
    {
        final long total = capacityBytes + maxFrameBytes;
        if (capacityBytes < 1 || total > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("ingress capacity of " + capacityBytes + " bytes is out of range");
        }
        ringBytes = (int)total;
    }

    /** @return whether no frame is held */
    boolean isEmpty()
    {
        return count == 0;
    }

    /** @return frames held */
    int frames()
    {
        return count;
    }

    /** @return bytes of the frames held */
    long bytes()
    {
        return heldBytes;
    }

    /**
     * Appends a copy of a frame.
     *
     * @param buf the bytes
     * @param from index of the frame's first byte
     * @param lengthBytes its length
     * @param cls its priority class
     * @param nowPs when it arrived
     * @throws IllegalStateException if it does not fit (more than the link's buffers can hold)
     */
    void add(final byte[] buf, final int from, final int lengthBytes, final int cls, final long nowPs)
    {
        if (ring == null)
        {
            ring = new byte[ringBytes];
        }
        int at = writeAt;
        int skip = 0;
        if (at + lengthBytes > ringBytes)
        {
            skip = ringBytes - at;
            at = 0;
        }
        if (usedBytes + skip + lengthBytes > ringBytes)
        {
            throw new IllegalStateException("ingress holds " + heldBytes + " bytes in " + count
                + " frames and cannot take " + lengthBytes + " more: the link delivered beyond its buffers");
        }
        if (count == offset.length)
        {
            grow();
        }
        System.arraycopy(buf, from, ring, at, lengthBytes);
        final int i = index(count);
        offset[i] = at;
        length[i] = lengthBytes;
        priorityClass[i] = cls;
        arrivalPs[i] = nowPs;
        skipped[i] = skip;
        usedBytes += skip + lengthBytes;
        writeAt = at + lengthBytes;
        heldBytes += lengthBytes;
        count++;
    }

    /** @return the ring holding the oldest frame's bytes */
    byte[] headBuffer()
    {
        return ring;
    }

    /** @return index of the oldest frame's first byte in {@link #headBuffer()} */
    int headOffset()
    {
        return offset[head];
    }

    /** @return the oldest frame's length */
    int headLength()
    {
        return length[head];
    }

    /** @return the oldest frame's priority class */
    int headClass()
    {
        return priorityClass[head];
    }

    /** @return when the oldest frame arrived */
    long headArrivalPs()
    {
        return arrivalPs[head];
    }

    /** Drops the oldest frame. */
    void remove()
    {
        if (count == 0)
        {
            throw new IllegalStateException("ingress is empty");
        }
        usedBytes -= length[head] + skipped[head];
        heldBytes -= length[head];
        head = index(1);
        count--;
        if (count == 0)
        {
            writeAt = 0;
            usedBytes = 0;
        }
    }

    private int index(final int fromHead)
    {
        final int i = head + fromHead;
        return i >= offset.length ? i - offset.length : i;
    }

    private void grow()
    {
        final int n = offset.length * 2;
        final int[] newOffset = unroll(offset, n);
        final int[] newLength = unroll(length, n);
        final int[] newClass = unroll(priorityClass, n);
        final int[] newSkipped = unroll(skipped, n);
        final long[] newArrival = new long[n];
        for (int k = 0; k < count; k++)
        {
            newArrival[k] = arrivalPs[index(k)];
        }
        offset = newOffset;
        length = newLength;
        priorityClass = newClass;
        skipped = newSkipped;
        arrivalPs = newArrival;
        head = 0;
    }

    private int[] unroll(final int[] old, final int n)
    {
        final int[] a = new int[n];
        for (int k = 0; k < count; k++)
        {
            a[k] = old[index(k)];
        }
        return a;
    }
}
