package org.sansim.provider.driver.user;

import org.sansim.host.PhysicalMemory;
import org.sansim.hw.AtomicSegmentFlyweight;
import org.sansim.hw.ControlSegmentFlyweight;
import org.sansim.hw.DataSegmentFlyweight;
import org.sansim.hw.InlineSegmentDescriptor;
import org.sansim.hw.InlineSegmentFlyweight;
import org.sansim.hw.QpDoorbellRecordFlyweight;
import org.sansim.hw.ReceiveWqeDescriptor;
import org.sansim.hw.ReceiveWqeFlyweight;
import org.sansim.hw.RemoteAddressSegmentFlyweight;
import org.sansim.hw.SendDoorbell;
import org.sansim.hw.UarLayout;
import org.sansim.hw.WqeLayout;
import org.sansim.hw.WqeOpcode;
import org.sansim.pcie.PcieRootComplex;
import org.sansim.pcie.WriteCombiningBuffers;

/**
 * The user-mode driver's view of one QP: the send ring and the receive ring in host memory, the QP
 * doorbell record, and the QP's UAR page and BlueFlame register (HARDWARE.md 4, 6, 7, 8.1, 13).
 *
 * <p><b>Posting sends</b> ({@link #postSend(SendRequest)}): each request becomes one WQE at the send
 * producer counter (control segment, then remote-address, atomic, and data or inline segments as
 * the opcode needs), wrapping at the ring's end, with the control segment's first eight bytes
 * written last; its wr_id, opcode and end counter are recorded by ring slot. A request that does
 * not fit (ring full, too many SGEs, inline data beyond the maximum) returns
 * {@link PostStatus#ENOMEM} and writes nothing. Then the doorbell: the send counter into the
 * doorbell record, then either one 64-bit {@code SEND_DOORBELL} write or, for a single WQE of at
 * most 256 bytes with BlueFlame enabled, the WQE copied in 64-byte chunks into the current half of
 * the QP's BlueFlame register, the halves alternating. A list of requests rings once; in batch mode
 * ({@link #batch(int)}) the doorbell waits for {@link #flush()} or for the batch to fill.
 *
 * <p><b>Posting receives</b> ({@link #postRecv(RecvRequest)}): the scatter list, a null entry after
 * it when it is shorter than the stride allows, then the receive counter into the doorbell record.
 * No MMIO.
 *
 * <p><b>Completions</b> come through a {@link UserCompletionQueue} this QP is attached to: a
 * requester CQE for WQE index <i>i</i> retires every WQE up to and including <i>i</i> (the send
 * tail moves to the counter just after it), which frees ring space for posting.
 *
 * <p>The SQ lock of a real driver is implicit: one simulated host thread runs at a time. Posting
 * allocates nothing.
 */
public final class UserQueuePair
{
    private final PhysicalMemory memory;
    private final PcieRootComplex rc;
    private final HostCpuCosts costs;
    private final CpuMeter meter;

    private final int qpn;
    private final long sqBasePa;
    private final int logSqBlocks;
    private final int sqBlocks;
    private final long rqBasePa;
    private final int logRqSize;
    private final int logRqStride;
    private final int rqSize;
    private final int rqCapacity;
    private final long doorbellRecordPa;
    private final long sendDoorbellAddress;
    private final long blueFlameAddress;
    private final int maxInlineBytes;
    private final int maxSendWqeUnits;

    private final ControlSegmentFlyweight ctrl = new ControlSegmentFlyweight();
    private final RemoteAddressSegmentFlyweight raddr = new RemoteAddressSegmentFlyweight();
    private final AtomicSegmentFlyweight atomic = new AtomicSegmentFlyweight();
    private final DataSegmentFlyweight data = new DataSegmentFlyweight();
    private final InlineSegmentFlyweight inlineSegment = new InlineSegmentFlyweight();
    private final ReceiveWqeFlyweight receiveWqe = new ReceiveWqeFlyweight();
    private final QpDoorbellRecordFlyweight record = new QpDoorbellRecordFlyweight();
    private final byte[] blueFlameWqe = new byte[UarLayout.BLUEFLAME_HALF_BYTES];
    private final WriteCombiningBuffers writeCombining;

    // Per send-ring slot (indexed by the WQE's first block): what a CQE for it retires.
    private final long[] sqWrId;
    private final int[] sqEndCounter;
    private final WqeOpcode[] sqOpcode;
    private final long[] rqWrId;

    private int sqCounter;
    private int sqTail;
    private int rqHead;
    private int rqTail;
    private int pendingWqes;
    private int lastWqeStart;
    private int lastWqeBlocks;
    private int blueFlameHalf;
    private boolean blueFlame;
    private int batchSize;
    private int badIndex = -1;
    private long sendDoorbells;
    private long blueFlameWrites;

    /**
     * @param memory host memory holding the rings and the doorbell record
     * @param rc the root complex MMIO writes leave through
     * @param layout where the queues are, from the kernel-mode driver
     * @param costs the CPU cost model
     * @param meter where CPU time is charged
     */
    public UserQueuePair(final PhysicalMemory memory, final PcieRootComplex rc, final QueuePairLayout layout,
        final HostCpuCosts costs, final CpuMeter meter)
    {
        this.memory = memory;
        this.rc = rc;
        this.costs = costs;
        this.writeCombining = costs.writeCombiningBuffers() == 0 ? null
            : new WriteCombiningBuffers(rc, costs.writeCombiningBuffers(), costs.wcDrainPs());
        this.meter = meter;
        qpn = layout.qpn();
        sqBasePa = layout.sqBasePa();
        logSqBlocks = layout.logSqBlocks();
        sqBlocks = 1 << logSqBlocks;
        rqBasePa = layout.rqBasePa();
        logRqSize = layout.logRqSize();
        logRqStride = layout.logRqStride();
        rqSize = 1 << logRqSize;
        rqCapacity = (1 << logRqStride) / ReceiveWqeDescriptor.ENTRY_BYTES;
        doorbellRecordPa = layout.doorbellRecordPa();
        sendDoorbellAddress = layout.uarAddress() + UarLayout.SEND_DOORBELL_OFFSET;
        blueFlameAddress = layout.uarAddress() + UarLayout.blueFlameOffset(layout.blueFlameRegister(), 0);
        maxInlineBytes = layout.maxInlineBytes();
        maxSendWqeUnits = layout.maxSendWqeUnits();
        sqWrId = new long[sqBlocks];
        sqEndCounter = new int[sqBlocks];
        sqOpcode = new WqeOpcode[sqBlocks];
        rqWrId = new long[rqSize];
    }

    /**
     * Turns BlueFlame on or off (off by default: a device or VM without working write-combining).
     *
     * @param enabled whether single small WQEs go through the BlueFlame register
     * @return this
     */
    public UserQueuePair blueFlame(final boolean enabled)
    {
        blueFlame = enabled;
        return this;
    }

    /**
     * Sets batch mode: posts defer the doorbell until {@link #flush()} or until {@code wqes} WQEs are
     * waiting. 0 turns batch mode off (every post call rings), flushing what waits.
     *
     * @param wqes WQEs per doorbell, or 0
     * @return this
     */
    public UserQueuePair batch(final int wqes)
    {
        if (wqes < 0)
        {
            throw new IllegalArgumentException("batch size " + wqes);
        }
        batchSize = wqes;
        if (wqes == 0)
        {
            flush();
        }
        return this;
    }

    /**
     * Posts one send request and, unless batching defers it, rings the doorbell.
     *
     * @param request the request; it may be reused as soon as this returns
     * @return {@link PostStatus#OK}, {@link PostStatus#ENOMEM} or {@link PostStatus#EINVAL}
     *     (then nothing was written)
     */
    public int postSend(final SendRequest request)
    {
        badIndex = -1;
        final int status = buildSendWqe(request);
        if (status != PostStatus.OK)
        {
            badIndex = 0;
            return status;
        }
        ringIfDue();
        return PostStatus.OK;
    }

    /**
     * Posts a list of send requests and rings one doorbell for all of them. On an error the requests
     * before it stay posted (and are rung), the failing one and those after it are not;
     * {@link #badIndex()} tells which failed.
     *
     * @param requests the requests
     * @param count how many of them, from index 0
     * @return {@link PostStatus#OK} or the first error
     */
    public int postSend(final SendRequest[] requests, final int count)
    {
        badIndex = -1;
        int status = PostStatus.OK;
        for (int i = 0; i < count; i++)
        {
            status = buildSendWqe(requests[i]);
            if (status != PostStatus.OK)
            {
                badIndex = i;
                break;
            }
        }
        ringIfDue();
        return status;
    }

    /** Rings the doorbell for every WQE posted and not yet rung (batch mode). */
    public void flush()
    {
        if (pendingWqes > 0)
        {
            ring();
        }
    }

    /**
     * Posts one receive request: scatter list, null terminator, receive counter. No MMIO.
     *
     * @param request the request
     * @return {@link PostStatus#OK} or {@link PostStatus#ENOMEM} (ring full or too many SGEs)
     */
    public int postRecv(final RecvRequest request)
    {
        badIndex = -1;
        final int status = buildRecvWqe(request);
        if (status != PostStatus.OK)
        {
            badIndex = 0;
            return status;
        }
        record.wrap(memory, doorbellRecordPa).recvCounter(rqHead & WqeLayout.COUNTER_MASK);
        return PostStatus.OK;
    }

    /**
     * Posts a list of receive requests with one doorbell-record update.
     *
     * @param requests the requests
     * @param count how many, from index 0
     * @return {@link PostStatus#OK} or the first error ({@link #badIndex()} says which)
     */
    public int postRecv(final RecvRequest[] requests, final int count)
    {
        badIndex = -1;
        int status = PostStatus.OK;
        int posted = 0;
        for (int i = 0; i < count; i++)
        {
            status = buildRecvWqe(requests[i]);
            if (status != PostStatus.OK)
            {
                badIndex = i;
                break;
            }
            posted++;
        }
        if (posted > 0)
        {
            record.wrap(memory, doorbellRecordPa).recvCounter(rqHead & WqeLayout.COUNTER_MASK);
        }
        return status;
    }

    // ---------------------------------------------------------------------------------------------
    // Send WQEs.

    private int buildSendWqe(final SendRequest r)
    {
        final WqeOpcode op = r.opcode;
        if (op == null)
        {
            return PostStatus.EINVAL;
        }
        int units = op.headerUnits();
        int dataSegments = 0;
        if (op == WqeOpcode.NOP)
        {
            // Control segment only.
        }
        else if (r.inline)
        {
            if (!op.inlineAllowed())
            {
                return PostStatus.EINVAL;
            }
            if (r.inlineLength > maxInlineBytes)
            {
                return PostStatus.ENOMEM;
            }
            units += WqeLayout.inlineUnits(r.inlineLength);
        }
        else
        {
            for (int i = 0; i < r.sgeCount; i++)
            {
                final int length = r.sgeLength(i);
                if (length < 0)
                {
                    return PostStatus.EINVAL;
                }
                if (length != 0)
                {
                    dataSegments++;
                }
            }
            if (op.atomicSegment() && (r.sgeCount != 1 || r.sgeLength(0) != Long.BYTES))
            {
                return PostStatus.EINVAL;
            }
            units += dataSegments;
        }
        if (units > maxSendWqeUnits)
        {
            return PostStatus.ENOMEM;
        }
        final int blocks = WqeLayout.basicBlocks(units);
        if (((sqCounter - sqTail) & WqeLayout.COUNTER_MASK) + blocks > sqBlocks)
        {
            return PostStatus.ENOMEM;
        }

        final int start = sqCounter;
        int u = 1;
        if (op.remoteAddressSegment())
        {
            raddr.wrap(memory, unitAddress(start, u++)).clear().remoteAddress(r.remoteAddress).rkey(r.rkey);
        }
        if (op.atomicSegment())
        {
            atomic.wrap(memory, unitAddress(start, u++)).clear().swapAdd(r.swapAdd).compare(r.compare);
        }
        if (op != WqeOpcode.NOP)
        {
            if (r.inline)
            {
                inlineSegment.wrap(memory, unitAddress(start, u)).header(r.inlineLength);
                copyInline(start, u * WqeLayout.UNIT_BYTES + InlineSegmentDescriptor.DATA_START, r.inlineData(),
                    r.inlineLength);
            }
            else
            {
                for (int i = 0; i < r.sgeCount; i++)
                {
                    if (r.sgeLength(i) != 0)
                    {
                        data.wrap(memory, unitAddress(start, u++)).set(r.sgeLength(i), r.sgeLkey(i), r.sgeAddress(i));
                    }
                }
            }
        }
        // The control segment: flags and immediate first, the words the NIC checks last.
        ctrl.wrap(memory, unitAddress(start, 0)).clear().immediate(r.immediate).fence(r.fence)
            .solicited(r.solicited).signalled(r.signalled);
        ctrl.opcode(op).wqeIndex(start).qpn(qpn).sizeUnits(units);

        final int slot = start & (sqBlocks - 1);
        sqWrId[slot] = r.wrId;
        sqOpcode[slot] = op;
        sqEndCounter[slot] = (start + blocks) & WqeLayout.COUNTER_MASK;
        sqCounter = (start + blocks) & WqeLayout.COUNTER_MASK;
        lastWqeStart = start;
        lastWqeBlocks = blocks;
        pendingWqes++;
        meter.charge(costs.wqeBuildPs() + (units - 1) * costs.segmentPs()
            + (r.inline ? r.inlineLength * costs.inlineBytePs() : 0));
        meter.noteActivity();
        return PostStatus.OK;
    }

    /** Physical address of 16-byte unit {@code u} of the WQE starting at counter {@code start}. */
    private long unitAddress(final int start, final int u)
    {
        return WqeLayout.sendSlotAddress(sqBasePa, start + u / WqeLayout.UNITS_PER_BASIC_BLOCK, logSqBlocks)
            + (long)(u % WqeLayout.UNITS_PER_BASIC_BLOCK) * WqeLayout.UNIT_BYTES;
    }

    /** Copies inline bytes block by block, so that data crossing the ring's end continues at its start. */
    private void copyInline(final int start, final int wqeOffset, final byte[] src, final int length)
    {
        int done = 0;
        while (done < length)
        {
            final int offset = wqeOffset + done;
            final int inBlock = offset % WqeLayout.BASIC_BLOCK_BYTES;
            final int n = Math.min(length - done, WqeLayout.BASIC_BLOCK_BYTES - inBlock);
            memory.write(WqeLayout.sendSlotAddress(sqBasePa, start + offset / WqeLayout.BASIC_BLOCK_BYTES,
                logSqBlocks) + inBlock, src, done, n);
            done += n;
        }
    }

    private void ringIfDue()
    {
        if (pendingWqes > 0 && (batchSize == 0 || pendingWqes >= batchSize))
        {
            ring();
        }
    }

    /** Doorbell record, then the MMIO doorbell or BlueFlame copy, then (implicitly) the WC flush. */
    private void ring()
    {
        meter.syncThread();
        record.wrap(memory, doorbellRecordPa).sendCounter(sqCounter);
        if (blueFlame && pendingWqes == 1
            && lastWqeBlocks * WqeLayout.BASIC_BLOCK_BYTES <= UarLayout.BLUEFLAME_HALF_BYTES)
        {
            final long half = blueFlameAddress + (long)blueFlameHalf * UarLayout.BLUEFLAME_HALF_BYTES;
            for (int b = 0; b < lastWqeBlocks; b++)
            {
                memory.read(WqeLayout.sendSlotAddress(sqBasePa, lastWqeStart + b, logSqBlocks), blueFlameWqe,
                    b * UarLayout.BLUEFLAME_CHUNK_BYTES, UarLayout.BLUEFLAME_CHUNK_BYTES);
            }
            final int bytes = lastWqeBlocks * UarLayout.BLUEFLAME_CHUNK_BYTES;
            if (writeCombining != null)
            {
                // Stores, stalls for a free WC buffer, and the fence's wait for the lines to drain.
                meter.charge(writeCombining.writeAndFence(half, blueFlameWqe, 0, bytes, costs.blueFlameChunkPs()));
            }
            else
            {
                for (int b = 0; b < lastWqeBlocks; b++)
                {
                    rc.mmioWrite(half + (long)b * UarLayout.BLUEFLAME_CHUNK_BYTES, blueFlameWqe,
                        b * UarLayout.BLUEFLAME_CHUNK_BYTES, UarLayout.BLUEFLAME_CHUNK_BYTES);
                }
                meter.charge(lastWqeBlocks * costs.blueFlameChunkPs());
            }
            blueFlameHalf ^= 1;
            blueFlameWrites++;
        }
        else
        {
            // The doorbell value is big-endian in the register; mmioWrite64 puts a value's low byte first.
            rc.mmioWrite64(sendDoorbellAddress, Long.reverseBytes(SendDoorbell.encode(qpn, sqCounter)));
            sendDoorbells++;
            meter.charge(costs.mmioWritePs());
        }
        pendingWqes = 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Receive WQEs.

    private int buildRecvWqe(final RecvRequest r)
    {
        if (rqHead - rqTail >= rqSize || r.sgeCount > rqCapacity)
        {
            return PostStatus.ENOMEM;
        }
        for (int i = 0; i < r.sgeCount; i++)
        {
            if (r.sgeLength(i) < 0)
            {
                return PostStatus.EINVAL;
            }
        }
        receiveWqe.wrap(memory, WqeLayout.receiveSlotAddress(rqBasePa, rqHead, logRqSize, logRqStride), logRqStride);
        int n = 0;
        for (int i = 0; i < r.sgeCount; i++)
        {
            if (r.sgeLength(i) != 0)
            {
                receiveWqe.entry(n++).set(r.sgeLength(i), r.sgeLkey(i), r.sgeAddress(i));
            }
        }
        receiveWqe.terminate(n);
        rqWrId[rqHead & (rqSize - 1)] = r.wrId;
        rqHead++;
        meter.charge(costs.wqeBuildPs() + Math.max(0, n - 1) * costs.segmentPs());
        meter.noteActivity();
        return PostStatus.OK;
    }

    // ---------------------------------------------------------------------------------------------
    // Retirement, called by the CQ.

    /**
     * A requester CQE for the WQE at {@code wqeCounter}: fills in wr_id and opcode and retires that
     * WQE and every earlier one.
     */
    void retireSend(final int wqeCounter, final WorkCompletion wc)
    {
        final int slot = wqeCounter & (sqBlocks - 1);
        wc.wrId = sqWrId[slot];
        wc.wqeOpcode = sqOpcode[slot];
        sqTail = sqEndCounter[slot];
    }

    /** A responder CQE for the receive WQE at {@code wqeCounter}: fills in wr_id and retires it. */
    void retireRecv(final int wqeCounter, final WorkCompletion wc)
    {
        wc.wrId = rqWrId[wqeCounter & (rqSize - 1)];
        rqTail++;
    }

    // ---------------------------------------------------------------------------------------------
    // State.

    /** @return the QP number */
    public int qpn()
    {
        return qpn;
    }

    /** @return the send producer counter (basic blocks, 16 bits) */
    public int sendCounter()
    {
        return sqCounter;
    }

    /** @return the counter of the oldest basic block not yet retired by a CQE */
    public int sendTail()
    {
        return sqTail;
    }

    /** @return basic blocks posted and not yet retired */
    public int sendBlocksOutstanding()
    {
        return (sqCounter - sqTail) & WqeLayout.COUNTER_MASK;
    }

    /** @return receive WQEs posted (free-running) */
    public int recvCounter()
    {
        return rqHead;
    }

    /** @return receive WQEs posted and not yet completed */
    public int recvOutstanding()
    {
        return rqHead - rqTail;
    }

    /** @return WQEs posted whose doorbell has not been rung (batch mode) */
    public int pendingWqes()
    {
        return pendingWqes;
    }

    /** @return index of the request that failed in the last post call, or -1 */
    public int badIndex()
    {
        return badIndex;
    }

    /** @return {@code SEND_DOORBELL} writes made */
    public long sendDoorbells()
    {
        return sendDoorbells;
    }

    /** @return WQEs sent through BlueFlame */
    public long blueFlameWrites()
    {
        return blueFlameWrites;
    }
}
