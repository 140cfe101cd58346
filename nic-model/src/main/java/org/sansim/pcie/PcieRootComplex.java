package org.sansim.pcie;

import java.util.Arrays;
import org.sansim.host.InterruptController;
import org.sansim.host.PhysicalMemory;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.MessageSink;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The host's end of a PCIe link: the root complex port and the completer in front of host memory.
 *
 * <p>It writes the device's DMA-write TLPs into {@link PhysicalMemory} when they arrive, except
 * those addressed to the MSI window ({@link InterruptController#inMsiWindow}): those are interrupt
 * messages, 4 bytes of little-endian data, which it hands to the host's {@link InterruptController}
 * on arrival instead (a write there of another length is a model error and throws). It answers
 * each read request {@link PcieLinkParams#completerLatencyPs()} after its arrival, reading host
 * memory at that moment and sending the data down as completions of at most
 * {@link PcieLinkParams#completionChunkBytes()} cut on read-completion-boundary-aligned addresses
 * (see {@link PcieLinkParams#completionBytes}); and it sends the host's posted MMIO writes down to
 * the device. Completions and MMIO writes share the downstream FIFO, in the order they are
 * produced.
 *
 * <p>The completer is pipelined without limit: every request is answered after the same latency,
 * however many are pending (the downstream wire is what they then queue for). Pending requests wait
 * in preallocated arrays that grow only beyond the largest backlog seen, and one re-armed event
 * serves them, so the steady state allocates nothing.
 *
 * <p>Runs on the host's partition: call it only from that partition's events or threads.
 */
public final class PcieRootComplex
{
    private final String name;
    private final PcieLinkParams params;
    private final PhysicalMemory memory;
    private final DeviceWriteMonitor deviceWrites = new DeviceWriteMonitor();
    private final PcieTransmitter downstream;
    private final EventLoop loop;
    private final InterruptController interrupts;
    private final Event completerEvent;
    private MessageSink observer;

    // Ring of read requests waiting for the completer, in arrival order (so in due order).
    private long[] pendingAddress = new long[16];
    private int[] pendingLength = new int[16];
    private int[] pendingTag = new int[16];
    private long[] pendingFlags = new long[16];
    private long[] pendingDuePs = new long[16];
    private int pendingHead;
    private int pendingCount;

    private final Counter mmioWrites;
    private final Counter readRequests;
    private final Counter completions;
    private final Counter writeTlps;
    private final Counter msiWrites;
    private final Counter bytesWritten;
    private final Counter bytesRead;

    PcieRootComplex(final String name, final PcieLinkParams params, final PhysicalMemory memory,
        final PcieTransmitter downstream, final InterruptController interrupts, final StatsRegistry stats)
    {
        this.name = name;
        this.interrupts = interrupts;
        this.params = params;
        this.memory = memory;
        this.downstream = downstream;
        this.loop = downstream.channel().source().loop();
        this.completerEvent = Event.of(name + ".completer", Priority.DEFAULT, this::completeDue);
        final StatGroup group = stats.group(name);
        mmioWrites = group.counter("mmioWrites", "count", "MMIO write TLPs sent to the device");
        readRequests = group.counter("readRequests", "count", "read requests received from the device");
        completions = group.counter("completions", "count", "completion TLPs sent to the device");
        writeTlps = group.counter("writeTlps", "count", "DMA write TLPs received from the device");
        msiWrites = group.counter("msiWrites", "count", "writes to the MSI window, passed to the interrupt controller");
        bytesWritten = group.counter("bytesWritten", "bytes", "bytes the device wrote into host memory");
        bytesRead = group.counter("bytesRead", "bytes", "bytes of host memory returned in completions");
    }

    /**
     * Sends a posted MMIO write of {@code lengthBytes} to the device: one memory-write TLP, which the
     * device's {@link MmioTarget} receives on arrival. The bytes are copied now.
     *
     * @param address the bus address in one of the device's BARs
     * @param src the bytes, in PCIe (little-endian) order
     * @param offset index of the first byte in {@code src}
     * @param lengthBytes 1 to max payload size, not crossing a 4 KiB boundary
     * @return when the write arrives at the device
     */
    public long mmioWrite(final long address, final byte[] src, final int offset, final int lengthBytes)
    {
        if (lengthBytes < 1 || lengthBytes > params.maxPayloadBytes() || address < 0
            || params.writeTlpBytes(address, lengthBytes) != lengthBytes)
        {
            throw new IllegalArgumentException(name + ": MMIO write of " + lengthBytes + " bytes at 0x"
                + Long.toHexString(address) + " is not one TLP (at most " + params.maxPayloadBytes()
                + " bytes, not crossing 4 KiB)");
        }
        if (offset < 0 || offset > src.length - lengthBytes)
        {
            throw new IndexOutOfBoundsException(name + ": MMIO write of " + lengthBytes + " bytes at offset "
                + offset + " of a " + src.length + "-byte buffer");
        }
        final Message m = downstream.claim(Tlp.MEMORY_WRITE, params.requestHeaderBytes(address), lengthBytes)
            .word0(address).word1(lengthBytes).word2(0).word3(0);
        System.arraycopy(src, offset, m.data(lengthBytes), 0, lengthBytes);
        downstream.publish();
        mmioWrites.increment();
        return downstream.lastDeliverPs();
    }

    /**
     * Sends a posted 8-byte MMIO write, such as a doorbell, little-endian as a CPU store puts it on
     * PCIe.
     *
     * @param address the bus address, 8-byte aligned
     * @param value the value
     * @return when the write arrives at the device
     */
    public long mmioWrite64(final long address, final long value)
    {
        checkAligned(address, Long.BYTES);
        final Message m = downstream.claim(Tlp.MEMORY_WRITE, params.requestHeaderBytes(address), Long.BYTES)
            .word0(address).word1(Long.BYTES).word2(0).word3(0);
        final byte[] data = m.data(Long.BYTES);
        for (int i = 0; i < Long.BYTES; i++)
        {
            data[i] = (byte)(value >>> (8 * i));
        }
        downstream.publish();
        mmioWrites.increment();
        return downstream.lastDeliverPs();
    }

    /**
     * Sends a posted 4-byte MMIO write, little-endian.
     *
     * @param address the bus address, 4-byte aligned
     * @param value the value
     * @return when the write arrives at the device
     */
    public long mmioWrite32(final long address, final int value)
    {
        checkAligned(address, Integer.BYTES);
        final Message m = downstream.claim(Tlp.MEMORY_WRITE, params.requestHeaderBytes(address), Integer.BYTES)
            .word0(address).word1(Integer.BYTES).word2(0).word3(0);
        final byte[] data = m.data(Integer.BYTES);
        for (int i = 0; i < Integer.BYTES; i++)
        {
            data[i] = (byte)(value >>> (8 * i));
        }
        downstream.publish();
        mmioWrites.increment();
        return downstream.lastDeliverPs();
    }

    private void checkAligned(final long address, final int bytes)
    {
        if (address < 0 || (address & (bytes - 1)) != 0)
        {
            throw new IllegalArgumentException(name + ": " + bytes + "-byte MMIO write to unaligned address 0x"
                + Long.toHexString(address));
        }
    }

    /** Handles a TLP from the device, at its arrival. */
    void onUpstream(final Message m)
    {
        if (observer != null)
        {
            observer.onMessage(m);
        }
        switch (m.kind())
        {
            case Tlp.MEMORY_WRITE -> onWrite(m);
            case Tlp.MEMORY_READ -> onReadRequest(m);
            default -> throw new IllegalStateException(name + ": unexpected upstream TLP " + Tlp.kindName(m.kind()));
        }
    }

    private void onWrite(final Message m)
    {
        final long address = m.word0();
        final int n = (int)m.word1();
        writeTlps.increment();
        if (InterruptController.inMsiWindow(address))
        {
            if (n != Integer.BYTES || (m.word3() & Tlp.TIMING_ONLY) != 0)
            {
                throw new IllegalStateException(name + ": a " + n + "-byte write to the MSI window at 0x"
                    + Long.toHexString(address) + " is not an interrupt message (4 bytes of data)");
            }
            final byte[] data = m.data();
            msiWrites.increment();
            interrupts.onMessage(address, data[0] & 0xFF | (data[1] & 0xFF) << 8 | (data[2] & 0xFF) << 16
                | (data[3] & 0xFF) << 24);
            return;
        }
        if ((m.word3() & Tlp.TIMING_ONLY) == 0)
        {
            checkInMemory("DMA write", address, n);
            memory.write(address, m.data(), 0, n);
            bytesWritten.add(n);
            deviceWrites.onDeviceWrite(address, n);
        }
    }

    private void onReadRequest(final Message m)
    {
        readRequests.increment();
        if (pendingCount == pendingAddress.length)
        {
            growPending();
        }
        final int slot = (pendingHead + pendingCount) & (pendingAddress.length - 1);
        pendingAddress[slot] = m.word0();
        pendingLength[slot] = (int)m.word1();
        pendingTag[slot] = (int)m.word2();
        pendingFlags[slot] = m.word3();
        pendingDuePs[slot] = loop.nowPs() + params.completerLatencyPs();
        pendingCount++;
        if (!completerEvent.scheduled())
        {
            loop.schedule(completerEvent, pendingDuePs[pendingHead]);
        }
    }

    /** Answers every pending request whose completer latency has passed. */
    private void completeDue()
    {
        final long nowPs = loop.nowPs();
        while (pendingCount > 0 && pendingDuePs[pendingHead] <= nowPs)
        {
            final int slot = pendingHead;
            sendCompletions(pendingAddress[slot], pendingLength[slot], pendingTag[slot], pendingFlags[slot]);
            pendingHead = (pendingHead + 1) & (pendingAddress.length - 1);
            pendingCount--;
        }
        if (pendingCount > 0)
        {
            loop.schedule(completerEvent, pendingDuePs[pendingHead]);
        }
    }

    private void sendCompletions(final long address, final int lengthBytes, final int tag, final long flags)
    {
        final boolean timingOnly = (flags & Tlp.TIMING_ONLY) != 0;
        if (!timingOnly)
        {
            checkInMemory("DMA read", address, lengthBytes);
            bytesRead.add(lengthBytes);
        }
        long at = address;
        final long end = address + lengthBytes;
        while (at < end)
        {
            final int n = params.completionBytes(at, end - at);
            final long last = at + n == end ? Tlp.LAST : 0;
            final Message m = downstream.claim(Tlp.COMPLETION, params.completionHeaderBytes(), n)
                .word0(tag).word1(at).word2(n).word3(flags | last);
            if (timingOnly)
            {
                m.data(0);
            }
            else
            {
                memory.read(at, m.data(n), 0, n);
            }
            downstream.publish();
            completions.increment();
            at += n;
        }
    }

    private void checkInMemory(final String what, final long address, final int lengthBytes)
    {
        if (!memory.contains(address, lengthBytes))
        {
            throw new IllegalStateException(name + ": " + what + " of " + lengthBytes + " bytes at 0x"
                + Long.toHexString(address) + " lies outside host memory " + memory.name() + " ("
                + memory.sizeBytes() + " bytes)");
        }
    }

    private void growPending()
    {
        final int capacity = pendingAddress.length;
        pendingAddress = unroll(pendingAddress, capacity);
        pendingLength = unroll(pendingLength, capacity);
        pendingTag = unroll(pendingTag, capacity);
        pendingFlags = unroll(pendingFlags, capacity);
        pendingDuePs = unroll(pendingDuePs, capacity);
        pendingHead = 0;
    }

    private long[] unroll(final long[] ring, final int capacity)
    {
        final long[] bigger = Arrays.copyOf(ring, capacity * 2);
        for (int i = 0; i < capacity; i++)
        {
            bigger[i] = ring[(pendingHead + i) & (capacity - 1)];
        }
        return bigger;
    }

    private int[] unroll(final int[] ring, final int capacity)
    {
        final int[] bigger = Arrays.copyOf(ring, capacity * 2);
        for (int i = 0; i < capacity; i++)
        {
            bigger[i] = ring[(pendingHead + i) & (capacity - 1)];
        }
        return bigger;
    }

    /**
     * Lets a test see every upstream TLP on arrival, before the root complex handles it.
     *
     * @param tap sees each message; must not keep it
     */
    void observeUpstream(final MessageSink tap)
    {
        observer = tap;
    }

    /** @return the host's interrupt controller, which receives the writes to the MSI window */
    public InterruptController interruptController()
    {
        return interrupts;
    }

    /** @return the transmitter of the downstream direction (host to device) */
    public PcieTransmitter downstream()
    {
        return downstream;
    }

    /** @return the watch on device writes into host memory, for CPUs that poll it */
    public DeviceWriteMonitor deviceWrites()
    {
        return deviceWrites;
    }

    /** @return the host memory behind this root complex */
    public PhysicalMemory memory()
    {
        return memory;
    }

    /** @return the link's parameters */
    public PcieLinkParams params()
    {
        return params;
    }
}
