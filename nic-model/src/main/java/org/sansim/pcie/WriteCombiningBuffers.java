package org.sansim.pcie;

/**
 * A CPU core's write-combining (WC) buffers in front of MMIO: how BlueFlame WQEs and other WC
 * stores reach the device, and what the core pays for them.
 *
 * <p>The core stores a 64-byte line into a free fill buffer; the buffer is flushed as one posted
 * memory-write TLP (Kalia et al., ATC'16: write-combined MMIO moves one 64 B cache line per TLP)
 * and stays busy until the root port has taken the line onto the link and the uncore has
 * acknowledged it to the core, {@code drainPs} after the line starts on the wire. A store that
 * finds every buffer busy stalls the core until the oldest frees; a fence ({@code sfence}) stalls it
 * until every buffer has drained. So a tight loop of WC stores is bounded by the link (about 179 M
 * lines/s on Gen3 x16 with 4DW headers, Kalia's 175 M lines/s ceiling), and a post with a fence by
 * the drain.
 *
 * <pre>
 *   core: store line -&gt; [ buffer 0 .. buffers-1 ] -&gt; root port queue -&gt; wire
 *                           busy from the store until the line starts on the wire + drainPs
 * </pre>
 *
 * The TLPs leave at the simulation's current time (the caller's clock, synchronised before the
 * burst), and the stores' own CPU time is charged after them. A line held for the device's posted
 * credits frees its buffer at the earliest time it could leave (a lower bound). One instance per
 * core that writes; not thread-safe; allocates nothing.
 */
public final class WriteCombiningBuffers
{
    /** The size of a WC buffer and of the TLP one flush makes. */
    public static final int LINE_BYTES = 64;

    private final PcieRootComplex rootComplex;
    private final long drainPs;
    private final long[] freeAtPs;
    private int next;
    private long lastFreeAtPs;
    private long lines;
    private long stallPs;

    /**
     * @param rootComplex the host's root complex, which sends the lines
     * @param buffers the core's fill buffers usable for WC: 10 on Intel cores from Sandy Bridge to
     *     Skylake (Intel's optimisation manual), at least 1
     * @param drainPs from a line's start on the wire until its buffer is free again, not negative
     */
    public WriteCombiningBuffers(final PcieRootComplex rootComplex, final int buffers, final long drainPs)
    {
        if (buffers < 1 || drainPs < 0)
        {
            throw new IllegalArgumentException("write-combining needs at least 1 buffer and a drain time of at "
                + "least 0, got " + buffers + " and " + drainPs + " ps");
        }
        this.rootComplex = rootComplex;
        this.drainPs = drainPs;
        this.freeAtPs = new long[buffers];
    }

    /**
     * Stores {@code lengthBytes} at {@code busAddress} through the WC buffers, one line at a time,
     * then fences: every line leaves as a posted write now.
     *
     * @param busAddress the first byte's bus address, 64-byte aligned
     * @param src the bytes
     * @param offset index of the first byte in {@code src}
     * @param lengthBytes bytes to store, at least 1; lines are full except perhaps the last
     * @param lineStorePs the core's time to store one line into a buffer
     * @return the core's time from now to the end of the fence: stores, stalls for a free buffer,
     *     and the wait for the last line to drain
     */
    public long writeAndFence(final long busAddress, final byte[] src, final int offset, final int lengthBytes,
        final long lineStorePs)
    {
        if ((busAddress & (LINE_BYTES - 1)) != 0 || lengthBytes < 1)
        {
            throw new IllegalArgumentException("write-combined store of " + lengthBytes + " bytes at 0x"
                + Long.toHexString(busAddress) + ": needs 64-byte alignment and at least 1 byte");
        }
        final long nowPs = now();
        long corePs = nowPs;
        for (int done = 0; done < lengthBytes; done += LINE_BYTES)
        {
            corePs = storeLine(busAddress + done, src, offset + done, Math.min(LINE_BYTES, lengthBytes - done), corePs)
                + lineStorePs;
        }
        return Math.max(corePs, lastFreeAtPs) - nowPs;
    }

    /**
     * Stores one line without a fence: the core may go on while the buffer drains.
     *
     * @param busAddress the line's bus address, 64-byte aligned
     * @param src the bytes
     * @param offset index of the first byte in {@code src}
     * @param lengthBytes 1 to 64
     * @return the core's stall for a free buffer, from now
     */
    public long storeLine(final long busAddress, final byte[] src, final int offset, final int lengthBytes)
    {
        final long nowPs = now();
        return storeLine(busAddress, src, offset, lengthBytes, nowPs) - nowPs;
    }

    /** @return the core's time from now until every buffer has drained (what a fence waits) */
    public long fence()
    {
        return Math.max(0, lastFreeAtPs - now());
    }

    /** Takes a buffer (stalling the core until one frees) and flushes the line; returns the core's time after. */
    private long storeLine(final long busAddress, final byte[] src, final int offset, final int lengthBytes,
        final long corePs)
    {
        final long startPs = Math.max(corePs, freeAtPs[next]);
        stallPs += startPs - corePs;
        rootComplex.mmioWrite(busAddress, src, offset, lengthBytes);
        final PcieTransmitter wire = rootComplex.downstream();
        final long leavesPs = wire.heldTlps() > 0 ? Math.max(now(), wire.busyUntilPs()) : wire.lastStartPs();
        final long freePs = Math.max(startPs, leavesPs) + drainPs;
        freeAtPs[next] = freePs;
        lastFreeAtPs = Math.max(lastFreeAtPs, freePs);
        next = next + 1 == freeAtPs.length ? 0 : next + 1;
        lines++;
        return startPs;
    }

    private long now()
    {
        return rootComplex.downstream().channel().source().loop().nowPs();
    }

    /** @return lines flushed */
    public long lines()
    {
        return lines;
    }

    /** @return core time spent waiting for a free buffer, summed */
    public long stallPs()
    {
        return stallPs;
    }
}
