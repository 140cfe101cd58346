package org.sansim.nic.doorbell;

import org.sansim.hw.ControlSegmentDescriptor;
import org.sansim.hw.CqArmDoorbell;
import org.sansim.hw.EqDoorbell;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.hw.SendDoorbell;
import org.sansim.hw.UarLayout;
import org.sansim.hw.WqeLayout;
import org.sansim.jfr.SimJfr;
import org.sansim.pcie.MmioTarget;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The NIC's register file for host MMIO writes (HARDWARE.md 2–4), bound to the PCIe endpoint with
 * {@link org.sansim.pcie.PcieEndpoint#mmioTarget}.
 *
 * <p><b>Decoding.</b> A write to BAR 0 goes to the {@link RegisterListener}. A write to a UAR page
 * in BAR 2 is decoded by offset: {@code SEND_DOORBELL}, {@code CQ_ARM_DOORBELL} and
 * {@code EQ_DOORBELL} must each arrive as one aligned 8-byte big-endian write, or they are dropped
 * as {@code torn}; a doorbell naming an object of another UAR page (per {@link UarOwnership}) is
 * dropped as {@code foreignUar}. Writes anywhere else are counted as {@code ignoredWrites}.
 *
 * <p><b>BlueFlame.</b> Each UAR page has four BlueFlame registers of two 256-byte halves; each half
 * is a write-combining buffer. The driver copies a WQE into a half as whole 64-byte chunks in
 * ascending order, the control segment first. The unit learns the WQE's length from the control
 * segment's {@code SIZE_UNITS}; when the last chunk is in, the WQE goes to the
 * {@link BlueFlameListener}, which treats it as the doorbell too. A copy that cannot be used (a
 * chunk out of order, a new WQE started before the old one was whole, a WQE longer than a half) is
 * discarded ({@code blueFlameUnusable}) and, when its control segment arrived, replaced by the
 * equivalent send doorbell, as HARDWARE.md 4.4 requires.
 *
 * <p><b>Timing.</b> Every MMIO write keeps the unit busy for
 * {@link DoorbellUnitParams#decodeCyclesPerWrite()} cycles of its clock, starting at the clock edge
 * at or after the later of its arrival and the end of the previous write's decode; what a write
 * yields (a doorbell, a whole BlueFlame WQE, a register write) reaches its listener when that decode
 * ends. Pending results wait in a FIFO of preallocated slots that grows only when it is deeper than
 * ever before, so the steady state allocates nothing.
 *
 * <p><b>Lifecycle of a BlueFlame half</b>: {@code IDLE} (no chunk yet) → {@code ASSEMBLING} (chunk
 * 0 seen, more expected) → back to {@code IDLE} when the WQE is whole and queued, or when the copy
 * is discarded.
 *
 * <p>Runs on the NIC's partition; listeners are called from its events.
 */
public final class DoorbellUnit implements MmioTarget
{
    /** Bytes of a BlueFlame buffer (one register half). */
    static final int HALF_BYTES = UarLayout.BLUEFLAME_HALF_BYTES;

    /** BlueFlame buffers (register halves) per UAR page. */
    static final int HALVES_PER_PAGE = UarLayout.BLUEFLAME_REGISTER_COUNT * 2;

    private static final int CHUNK_BYTES = UarLayout.BLUEFLAME_CHUNK_BYTES;
    private static final int MAX_CHUNKS = HALF_BYTES / CHUNK_BYTES;
    private static final int INITIAL_PENDING = 64;

    /** Kinds of pending decode results. */
    private static final byte SEND = 1;
    private static final byte CQ_ARM = 2;
    private static final byte EQ = 3;
    private static final byte BLUEFLAME = 4;
    private static final byte REGISTER = 5;

    private final String name;
    private final DoorbellUnitParams params;
    private final ClockDomain clock;
    private final EventLoop loop;
    private final long bar0Address;
    private final long bar2Address;
    private final long bar2Bytes;
    private final Event decodeEvent;

    private SendDoorbellListener sendListener = (qpn, counter) -> true;
    private CqArmListener cqArmListener = (cqn, sequence, command, consumerIndex) -> { };
    private EqDoorbellListener eqListener = (eqn, consumerIndex, arm) -> { };
    private BlueFlameListener blueFlameListener = (qpn, counter, bytes, length) -> false;
    private RegisterListener registerListener = (offset, value, lengthBytes) -> { };
    private UarOwnership ownership = UarOwnership.UNCHECKED;

    /** When the decoder finishes the last write handed to it. */
    private long busyUntilPs;

    // BlueFlame write-combining buffers, one per (page, register, half).
    private final byte[] halfData;
    private final byte[] halfNextChunk;
    private final byte[] halfChunks;

    // FIFO of decoded results waiting for the end of their decode.
    private byte[] pendingKind = new byte[INITIAL_PENDING];
    private int[] pendingA = new int[INITIAL_PENDING];
    private int[] pendingB = new int[INITIAL_PENDING];
    private int[] pendingC = new int[INITIAL_PENDING];
    private long[] pendingValue = new long[INITIAL_PENDING];
    private long[] pendingReadyPs = new long[INITIAL_PENDING];
    private byte[][] pendingBytes = new byte[INITIAL_PENDING][];
    private int pendingHead;
    private int pendingCount;

    private final Counter sendDoorbells;
    private final Counter cqArmDoorbells;
    private final Counter eqDoorbells;
    private final Counter blueFlameWqes;
    private final Counter blueFlameChunks;
    private final Counter blueFlameUnusable;
    private final Counter registerWrites;
    private final Counter torn;
    private final Counter stale;
    private final Counter foreignUar;
    private final Counter ignoredWrites;

    /**
     * Builds the unit.
     *
     * @param name the component path, such as {@code "nic0.doorbell"}; also its stats group
     * @param params the parameters, validated here
     * @param loop the NIC partition's event loop
     * @param bar0Address bus address of BAR 0 (assigned by the host's enumeration)
     * @param bar2Address bus address of BAR 2, the UAR pages
     * @param stats where the unit's statistics go
     */
    public DoorbellUnit(final String name, final DoorbellUnitParams params, final EventLoop loop,
        final long bar0Address, final long bar2Address, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.clock = ClockDomain.ofFrequencyHz(name + ".clock", params.coreClockHz());
        this.bar0Address = bar0Address;
        this.bar2Address = bar2Address;
        this.bar2Bytes = (long)params.uarPages() * UarLayout.LENGTH_BYTES;
        this.decodeEvent = Event.of(name + ".decode", Priority.DEFAULT, this::onDecodeDone);
        final int halves = params.uarPages() * HALVES_PER_PAGE;
        halfData = new byte[halves * HALF_BYTES];
        halfNextChunk = new byte[halves];
        halfChunks = new byte[halves];
        final StatGroup group = stats.group(name);
        sendDoorbells = group.counter("sendDoorbells", "count", "send doorbells decoded");
        cqArmDoorbells = group.counter("cqArmDoorbells", "count", "CQ arm doorbells decoded");
        eqDoorbells = group.counter("eqDoorbells", "count", "EQ doorbells decoded");
        blueFlameWqes = group.counter("blueFlameWqes", "count", "whole WQEs assembled from BlueFlame writes");
        blueFlameChunks = group.counter("blueFlameChunks", "count", "64-byte BlueFlame chunks received");
        blueFlameUnusable = group.counter("blueFlameUnusable", "count",
            "BlueFlame copies discarded (out of order, incomplete, too long or refused); fetched instead");
        registerWrites = group.counter("registerWrites", "count", "BAR 0 register writes passed on");
        torn = group.counter("torn", "count", "doorbells dropped for not arriving as one aligned 8-byte write");
        stale = group.counter("stale", "count", "send doorbells that added nothing or were behind the NIC's view");
        foreignUar = group.counter("foreignUar", "count", "doorbells dropped for naming an object of another UAR page");
        ignoredWrites = group.counter("ignoredWrites", "count", "writes to no register (reserved offsets, no BAR)");
    }

    /**
     * @param listener receives send doorbells
     * @return this unit
     */
    public DoorbellUnit sendDoorbellListener(final SendDoorbellListener listener)
    {
        sendListener = listener;
        return this;
    }

    /**
     * @param listener receives CQ arm doorbells
     * @return this unit
     */
    public DoorbellUnit cqArmListener(final CqArmListener listener)
    {
        cqArmListener = listener;
        return this;
    }

    /**
     * @param listener receives EQ doorbells
     * @return this unit
     */
    public DoorbellUnit eqDoorbellListener(final EqDoorbellListener listener)
    {
        eqListener = listener;
        return this;
    }

    /**
     * @param listener receives whole BlueFlame WQEs
     * @return this unit
     */
    public DoorbellUnit blueFlameListener(final BlueFlameListener listener)
    {
        blueFlameListener = listener;
        return this;
    }

    /**
     * @param listener receives BAR 0 writes
     * @return this unit
     */
    public DoorbellUnit registerListener(final RegisterListener listener)
    {
        registerListener = listener;
        return this;
    }

    /**
     * @param owners tells which UAR page may ring each object
     * @return this unit
     */
    public DoorbellUnit uarOwnership(final UarOwnership owners)
    {
        ownership = owners;
        return this;
    }

    @Override
    public void mmioWrite(final long address, final byte[] data, final int offset, final int lengthBytes)
    {
        busyUntilPs = clock.edgeAfterCycles(Math.max(loop.nowPs(), busyUntilPs), params.decodeCyclesPerWrite());
        if (address >= bar0Address && address - bar0Address < InitSegmentLayout.LENGTH_BYTES)
        {
            onBar0Write((int)(address - bar0Address), data, offset, lengthBytes);
        }
        else if (address >= bar2Address && address - bar2Address < bar2Bytes)
        {
            final long inBar = address - bar2Address;
            onUarWrite((int)(inBar / UarLayout.LENGTH_BYTES), (int)(inBar % UarLayout.LENGTH_BYTES), data, offset,
                lengthBytes);
        }
        else
        {
            ignoredWrites.increment();
        }
    }

    private void onBar0Write(final int barOffset, final byte[] data, final int offset, final int lengthBytes)
    {
        if (lengthBytes > Long.BYTES || barOffset + lengthBytes > InitSegmentLayout.LENGTH_BYTES)
        {
            ignoredWrites.increment();
            return;
        }
        final long value = barOffset < InitSegmentLayout.MSIX_TABLE_OFFSET
            ? bigEndian(data, offset, lengthBytes) : littleEndian(data, offset, lengthBytes);
        final int slot = claimPending(REGISTER);
        pendingA[slot] = barOffset;
        pendingB[slot] = lengthBytes;
        pendingValue[slot] = value;
    }

    private void onUarWrite(final int page, final int pageOffset, final byte[] data, final int offset,
        final int lengthBytes)
    {
        if (UarLayout.inBlueFlame(pageOffset))
        {
            onBlueFlameWrite(page, pageOffset - UarLayout.BLUEFLAME_OFFSET, data, offset, lengthBytes);
            return;
        }
        final int register = pageOffset & ~(Long.BYTES - 1);
        if (register != UarLayout.SEND_DOORBELL_OFFSET && register != UarLayout.CQ_ARM_DOORBELL_OFFSET
            && register != UarLayout.EQ_DOORBELL_OFFSET)
        {
            ignoredWrites.increment();
            return;
        }
        if (lengthBytes != Long.BYTES || pageOffset != register)
        {
            torn.increment();
            return;
        }
        final long value = bigEndian(data, offset, Long.BYTES);
        switch (register)
        {
            case UarLayout.SEND_DOORBELL_OFFSET ->
            {
                final int qpn = SendDoorbell.qpn(value);
                if (owned(ownership.uarOfQp(qpn), page))
                {
                    queueSend(qpn, SendDoorbell.sendCounter(value));
                }
            }
            case UarLayout.CQ_ARM_DOORBELL_OFFSET ->
            {
                final int cqn = CqArmDoorbell.cqn(value);
                if (owned(ownership.uarOfCq(cqn), page))
                {
                    final int slot = claimPending(CQ_ARM);
                    pendingA[slot] = cqn;
                    pendingValue[slot] = value;
                }
            }
            default ->
            {
                final int eqn = EqDoorbell.eqn(value);
                if (owned(ownership.uarOfEq(eqn), page))
                {
                    final int slot = claimPending(EQ);
                    pendingA[slot] = eqn;
                    pendingValue[slot] = value;
                }
            }
        }
    }

    private boolean owned(final int ownerPage, final int page)
    {
        if (ownerPage == UarOwnership.ANY_PAGE || ownerPage == page)
        {
            return true;
        }
        foreignUar.increment();
        return false;
    }

    private void queueSend(final int qpn, final int counter)
    {
        final int slot = claimPending(SEND);
        pendingA[slot] = qpn;
        pendingB[slot] = counter;
    }

    private void onBlueFlameWrite(final int page, final int areaOffset, final byte[] data, final int offset,
        final int lengthBytes)
    {
        final int inHalf = areaOffset % HALF_BYTES;
        if (!params.blueFlame() || inHalf % CHUNK_BYTES != 0 || lengthBytes % CHUNK_BYTES != 0
            || inHalf + lengthBytes > HALF_BYTES)
        {
            ignoredWrites.increment();
            return;
        }
        final int half = page * HALVES_PER_PAGE + areaOffset / HALF_BYTES;
        for (int done = 0; done < lengthBytes; done += CHUNK_BYTES)
        {
            onChunk(page, half, (inHalf + done) / CHUNK_BYTES, data, offset + done);
        }
    }

    /** One 64-byte chunk for BlueFlame buffer {@code half}, its chunk index {@code chunk}. */
    private void onChunk(final int page, final int half, final int chunk, final byte[] data, final int offset)
    {
        blueFlameChunks.increment();
        final int base = half * HALF_BYTES;
        if (chunk == 0)
        {
            if (halfNextChunk[half] != 0)
            {
                discard(half); // the previous WQE never became whole
            }
            System.arraycopy(data, offset, halfData, base, CHUNK_BYTES);
            final int units = controlWord1(half) & ControlSegmentDescriptor.SIZE_UNITS_MASK;
            final int chunks = Math.max(1, WqeLayout.basicBlocks(units));
            if (chunks > MAX_CHUNKS)
            {
                halfNextChunk[half] = 1;
                discard(half);
                return;
            }
            halfChunks[half] = (byte)chunks;
            halfNextChunk[half] = 1;
        }
        else if (chunk == halfNextChunk[half])
        {
            System.arraycopy(data, offset, halfData, base + chunk * CHUNK_BYTES, CHUNK_BYTES);
            halfNextChunk[half]++;
        }
        else
        {
            discard(half); // out of order, or no control segment yet
            return;
        }
        if (halfNextChunk[half] == halfChunks[half])
        {
            halfNextChunk[half] = 0;
            final int qpn = controlWord1(half) >>> ControlSegmentDescriptor.QPN_SHIFT;
            if (!owned(ownership.uarOfQp(qpn), page))
            {
                return;
            }
            final int length = halfChunks[half] * CHUNK_BYTES;
            final int slot = claimPending(BLUEFLAME);
            pendingA[slot] = qpn;
            pendingB[slot] = blueFlameCounter(half);
            pendingC[slot] = length;
            if (pendingBytes[slot] == null)
            {
                pendingBytes[slot] = new byte[HALF_BYTES];
            }
            System.arraycopy(halfData, base, pendingBytes[slot], 0, length);
        }
    }

    /**
     * Discards the copy in {@code half}; if its control segment arrived, queues the send doorbell the
     * copy stood for, so the WQE is fetched from the ring instead.
     */
    private void discard(final int half)
    {
        blueFlameUnusable.increment();
        if (halfNextChunk[half] != 0)
        {
            halfNextChunk[half] = 0;
            queueSend(controlWord1(half) >>> ControlSegmentDescriptor.QPN_SHIFT, blueFlameCounter(half));
        }
    }

    private int controlWord1(final int half)
    {
        return (int)bigEndian(halfData, half * HALF_BYTES + ControlSegmentDescriptor.QPN_OFFSET, Integer.BYTES);
    }

    /** The producer counter a BlueFlame WQE stands for: its index plus its basic blocks. */
    private int blueFlameCounter(final int half)
    {
        final int word0 = (int)bigEndian(halfData, half * HALF_BYTES, Integer.BYTES);
        final int units = controlWord1(half) & ControlSegmentDescriptor.SIZE_UNITS_MASK;
        return (word0 + Math.max(1, WqeLayout.basicBlocks(units))) & WqeLayout.COUNTER_MASK;
    }

    private int claimPending(final byte kind)
    {
        if (pendingCount == pendingKind.length)
        {
            growPending();
        }
        final int slot = (pendingHead + pendingCount) % pendingKind.length;
        pendingCount++;
        pendingKind[slot] = kind;
        pendingReadyPs[slot] = busyUntilPs;
        if (!decodeEvent.scheduled())
        {
            loop.schedule(decodeEvent, busyUntilPs);
        }
        return slot;
    }

    private void growPending()
    {
        final int n = pendingKind.length;
        final byte[] kind = new byte[2 * n];
        final int[] a = new int[2 * n];
        final int[] b = new int[2 * n];
        final int[] c = new int[2 * n];
        final long[] value = new long[2 * n];
        final long[] ready = new long[2 * n];
        final byte[][] bytes = new byte[2 * n][];
        for (int i = 0; i < n; i++)
        {
            final int from = (pendingHead + i) % n;
            kind[i] = pendingKind[from];
            a[i] = pendingA[from];
            b[i] = pendingB[from];
            c[i] = pendingC[from];
            value[i] = pendingValue[from];
            ready[i] = pendingReadyPs[from];
            bytes[i] = pendingBytes[from];
        }
        pendingKind = kind;
        pendingA = a;
        pendingB = b;
        pendingC = c;
        pendingValue = value;
        pendingReadyPs = ready;
        pendingBytes = bytes;
        pendingHead = 0;
    }

    /** Hands every result whose decode has ended to its listener, oldest first. */
    private void onDecodeDone()
    {
        final long nowPs = loop.nowPs();
        while (pendingCount > 0 && pendingReadyPs[pendingHead] <= nowPs)
        {
            final int slot = pendingHead;
            pendingHead = (pendingHead + 1) % pendingKind.length;
            pendingCount--;
            deliver(slot);
        }
        if (pendingCount > 0 && !decodeEvent.scheduled())
        {
            loop.schedule(decodeEvent, pendingReadyPs[pendingHead]);
        }
    }

    private void deliver(final int slot)
    {
        switch (pendingKind[slot])
        {
            case SEND ->
            {
                sendDoorbells.increment();
                SimJfr.doorbell(loop.nowPs(), name, pendingA[slot], pendingB[slot]);
                if (!sendListener.onSendDoorbell(pendingA[slot], pendingB[slot]))
                {
                    stale.increment();
                }
            }
            case CQ_ARM ->
            {
                cqArmDoorbells.increment();
                final long v = pendingValue[slot];
                cqArmListener.onArm(pendingA[slot], CqArmDoorbell.armSn(v), CqArmDoorbell.armCommand(v),
                    CqArmDoorbell.consumerIndex(v));
            }
            case EQ ->
            {
                eqDoorbells.increment();
                final long v = pendingValue[slot];
                eqListener.onEqDoorbell(pendingA[slot], EqDoorbell.consumerIndex(v), EqDoorbell.arm(v));
            }
            case BLUEFLAME ->
            {
                blueFlameWqes.increment();
                if (!blueFlameListener.onBlueFlameWqe(pendingA[slot], pendingB[slot], pendingBytes[slot],
                    pendingC[slot]))
                {
                    blueFlameUnusable.increment();
                }
            }
            default ->
            {
                registerWrites.increment();
                registerListener.onRegisterWrite(pendingA[slot], pendingValue[slot], pendingB[slot]);
            }
        }
    }

    private static long bigEndian(final byte[] data, final int offset, final int lengthBytes)
    {
        long value = 0;
        for (int i = 0; i < lengthBytes; i++)
        {
            value = value << 8 | (data[offset + i] & 0xFFL);
        }
        return value;
    }

    private static long littleEndian(final byte[] data, final int offset, final int lengthBytes)
    {
        long value = 0;
        for (int i = lengthBytes - 1; i >= 0; i--)
        {
            value = value << 8 | (data[offset + i] & 0xFFL);
        }
        return value;
    }

    /** @return the unit's clock */
    public ClockDomain clock()
    {
        return clock;
    }

    /** @return the parameters */
    public DoorbellUnitParams params()
    {
        return params;
    }

    /** @return when the decoder finishes the writes it has received so far */
    public long busyUntilPs()
    {
        return busyUntilPs;
    }

    /** @return send doorbells decoded (BlueFlame fall-backs included) */
    public long sendDoorbells()
    {
        return sendDoorbells.value();
    }

    /** @return whole BlueFlame WQEs assembled */
    public long blueFlameWqes()
    {
        return blueFlameWqes.value();
    }

    /** @return BlueFlame copies discarded */
    public long blueFlameUnusable()
    {
        return blueFlameUnusable.value();
    }

    /** @return doorbells dropped as torn */
    public long torn()
    {
        return torn.value();
    }

    /** @return send doorbells the fetcher called stale */
    public long stale()
    {
        return stale.value();
    }

    /** @return doorbells dropped for naming an object of another UAR page */
    public long foreignUar()
    {
        return foreignUar.value();
    }
}
