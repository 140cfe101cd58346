package org.sansim.nic.wqe;

import org.sansim.hw.ControlSegmentDescriptor;
import org.sansim.hw.DataSegmentDescriptor;
import org.sansim.hw.InlineSegmentDescriptor;
import org.sansim.hw.VendorSyndrome;
import org.sansim.hw.WqeLayout;
import org.sansim.hw.WqeOpcode;

/**
 * A parse engine's decoding of one send WQE (HARDWARE.md 6): the WQE's bytes, copied whole into
 * {@link #buffer()}, become the reusable {@link WorkRequest} of {@link #request()}, or the first
 * check of HARDWARE.md 6.7 the fetcher can make that they fail (opcode, size, QPN, WQE index, inline
 * length, atomic layout, message length).
 *
 * <p>Package-private: the {@link WqeFetcher}'s parser; it decides nothing about timing or queues.
 * Allocates nothing after construction.
 */
final class WqeParser
{
    private static final long MAX_MESSAGE_BYTES = 1L << 31;

    private final int maxSendWqeUnits;
    private final int maxInlineBytes;
    private final WorkRequest request;
    private final byte[] wqe;

    /**
     * @param params the fetcher's parameters: the largest WQE and inline length
     */
    WqeParser(final WqeFetcherParams params)
    {
        maxSendWqeUnits = params.maxSendWqeUnits();
        maxInlineBytes = params.maxInlineBytes();
        request = new WorkRequest(maxSendWqeUnits - 1, maxInlineBytes);
        wqe = new byte[params.maxWqeBlocks() * WqeLayout.BASIC_BLOCK_BYTES];
    }

    /** @return where the caller copies the WQE's basic blocks before {@link #parse} */
    byte[] buffer()
    {
        return wqe;
    }

    /** @return the request {@link #parse} fills, reused for every WQE */
    WorkRequest request()
    {
        return request;
    }

    /**
     * Parses the WQE in {@link #buffer()} into {@link #request()}.
     *
     * @param qpn the queue's QPN, which the WQE must name
     * @param expectedIndex the queue's consumer counter, which must be the WQE's index
     * @param blocks basic blocks copied
     * @return the check that failed, or {@link VendorSyndrome#NONE}
     */
    VendorSyndrome parse(final int qpn, final int expectedIndex, final int blocks)
    {
        final WorkRequest wr = request;
        wr.clear();
        final int word0 = (int)readInt(wqe, ControlSegmentDescriptor.OPCODE_OFFSET);
        final int word1 = (int)readInt(wqe, ControlSegmentDescriptor.QPN_OFFSET);
        final int flags = wqe[ControlSegmentDescriptor.FENCE_OFFSET];
        wr.qpn = qpn;
        wr.wqeIndex = word0 & ControlSegmentDescriptor.WQE_INDEX_MASK;
        wr.sizeUnits = word1 & ControlSegmentDescriptor.SIZE_UNITS_MASK;
        wr.basicBlocks = blocks;
        final WqeOpcode opcode = WqeOpcode.of(word0 >>> ControlSegmentDescriptor.OPCODE_SHIFT
            & ControlSegmentDescriptor.OPCODE_MASK);
        if (opcode == null)
        {
            return VendorSyndrome.BAD_OPCODE;
        }
        wr.opcode = opcode;
        final int units = wr.sizeUnits;
        if (units < opcode.headerUnits() || units > maxSendWqeUnits || WqeLayout.basicBlocks(units) != blocks)
        {
            return VendorSyndrome.BAD_WQE_SIZE;
        }
        if (word1 >>> ControlSegmentDescriptor.QPN_SHIFT != qpn)
        {
            return VendorSyndrome.WQE_QPN_MISMATCH;
        }
        if (wr.wqeIndex != expectedIndex)
        {
            return VendorSyndrome.WQE_INDEX_MISMATCH;
        }
        wr.fence = (flags >>> ControlSegmentDescriptor.FENCE_SHIFT & 1) != 0;
        wr.solicited = (flags >>> ControlSegmentDescriptor.SOLICITED_SHIFT & 1) != 0;
        wr.signalled = (flags >>> ControlSegmentDescriptor.SIGNALLED_SHIFT & 1) != 0;
        wr.immediate = (int)readInt(wqe, ControlSegmentDescriptor.IMMEDIATE_OFFSET);
        int at = ControlSegmentDescriptor.LENGTH_BYTES;
        if (opcode.remoteAddressSegment())
        {
            wr.remoteAddress = readLong(wqe, at);
            wr.rkey = (int)readInt(wqe, at + 8);
            at += WqeLayout.UNIT_BYTES;
        }
        if (opcode.atomicSegment())
        {
            wr.swapAdd = readLong(wqe, at);
            wr.compare = readLong(wqe, at + 8);
            at += WqeLayout.UNIT_BYTES;
        }
        final int end = units * WqeLayout.UNIT_BYTES;
        if (at < end && (readInt(wqe, at) >>> InlineSegmentDescriptor.INLINE_SHIFT & 1) != 0)
        {
            return parseInline(opcode, at, end);
        }
        return parseGather(opcode, at, end);
    }

    private VendorSyndrome parseInline(final WqeOpcode opcode, final int at, final int end)
    {
        final WorkRequest wr = request;
        if (opcode.atomicSegment())
        {
            return VendorSyndrome.ATOMIC_LAYOUT;
        }
        if (!opcode.inlineAllowed())
        {
            return VendorSyndrome.BAD_WQE_SIZE;
        }
        final int length = (int)readInt(wqe, at) & InlineSegmentDescriptor.BYTE_COUNT_MASK;
        final int dataAt = at + InlineSegmentDescriptor.DATA_START;
        if (length > maxInlineBytes || dataAt + length > end)
        {
            return VendorSyndrome.INLINE_OVERRUN;
        }
        if (WqeLayout.inlineUnits(length) * WqeLayout.UNIT_BYTES != end - at)
        {
            return VendorSyndrome.BAD_WQE_SIZE; // something after the inline segment
        }
        wr.inline = true;
        wr.inlineLength = length;
        System.arraycopy(wqe, dataAt, wr.inlineData, 0, length);
        wr.messageLength = length;
        return VendorSyndrome.NONE;
    }

    private VendorSyndrome parseGather(final WqeOpcode opcode, final int start, final int end)
    {
        final WorkRequest wr = request;
        long length = 0;
        int segments = 0;
        for (int at = start; at < end; at += DataSegmentDescriptor.LENGTH_BYTES)
        {
            final int word = (int)readInt(wqe, at + DataSegmentDescriptor.BYTE_COUNT_OFFSET);
            if (word < 0)
            {
                return opcode.atomicSegment() ? VendorSyndrome.ATOMIC_LAYOUT : VendorSyndrome.BAD_WQE_SIZE;
            }
            segments++;
            if (word == 0)
            {
                continue;
            }
            final int i = wr.sgeCount++;
            wr.sgeByteCount[i] = word;
            wr.sgeLkey[i] = (int)readInt(wqe, at + DataSegmentDescriptor.LKEY_OFFSET);
            wr.sgeAddress[i] = readLong(wqe, at + DataSegmentDescriptor.ADDRESS_OFFSET);
            length += word;
        }
        if (opcode.atomicSegment() && (segments != 1 || length != Long.BYTES))
        {
            return VendorSyndrome.ATOMIC_LAYOUT;
        }
        if (length > MAX_MESSAGE_BYTES)
        {
            return VendorSyndrome.MESSAGE_TOO_LONG;
        }
        wr.messageLength = length;
        return VendorSyndrome.NONE;
    }

    /** @return the big-endian 32-bit word at {@code b[at..at+3]}, unsigned */
    static long readInt(final byte[] b, final int at)
    {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    private static long readLong(final byte[] b, final int at)
    {
        return readInt(b, at) << 32 | readInt(b, at + 4);
    }
}
