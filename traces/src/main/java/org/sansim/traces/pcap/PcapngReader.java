package org.sansim.traces.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads pcapng files of either byte order: Section Header Blocks (the magic sets the byte order of their
 * section), Interface Description Blocks and Enhanced Packet Blocks; other block types are skipped.
 *
 * <p>Malformed input raises a {@link PcapFormatException} naming the byte offset and what was expected.
 * Allocates per packet; meant for tests and importers, not for the simulation's hot path. Not thread-safe.
 */
public final class PcapngReader
{
    /** Largest block accepted, so that a corrupt length cannot trigger a huge allocation. */
    public static final int MAX_BLOCK_LENGTH_BYTES = 64 << 20;

    private static final String FORMAT = "pcapng";
    private static final int SHB_MAGIC_SWAPPED = Integer.reverseBytes(PcapngLayout.BYTE_ORDER_MAGIC);

    private final CountingInput in;
    private final byte[] head = new byte[PcapngLayout.BLOCK_BODY_OFFSET];
    private final List<CaptureInterface> interfaces = new ArrayList<>();
    private ByteOrder order;

    /**
     * @param in stream positioned at the start of a pcapng file; not closed by this reader
     */
    public PcapngReader(final InputStream in)
    {
        this.in = new CountingInput(in, FORMAT);
    }

    /** @return the interfaces of the current section, in id order (unmodifiable view) */
    public List<CaptureInterface> interfaces()
    {
        return Collections.unmodifiableList(interfaces);
    }

    /** @return the byte order of the current section, or null before the first SHB */
    public ByteOrder byteOrder()
    {
        return order;
    }

    /**
     * Reads blocks up to and including the next Enhanced Packet Block.
     *
     * @return the packet, or null at the end of the stream (which must fall on a block boundary)
     * @throws IOException if reading fails or the input is malformed ({@link PcapFormatException})
     */
    public CapturedPacket next() throws IOException
    {
        while (true)
        {
            final long blockStart = in.offset();
            if (!in.readOrEnd(head, head.length, "block header"))
            {
                if (order == null)
                {
                    throw in.error(blockStart, "expected a Section Header Block, stream is empty");
                }
                return null;
            }
            final int rawType = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            if (rawType == PcapngLayout.SHB_TYPE)
            {
                readSectionHeader(blockStart);
                continue;
            }
            if (order == null)
            {
                throw in.error(blockStart, String.format("expected Section Header Block type 0x0A0D0D0A, got 0x%08X",
                    rawType));
            }
            final ByteBuffer h = ByteBuffer.wrap(head).order(order);
            final ByteBuffer body = readBody(blockStart, h.getInt(PcapngLayout.BLOCK_TOTAL_LENGTH_OFFSET));
            final int type = h.getInt(PcapngLayout.BLOCK_TYPE_OFFSET);
            if (type == PcapngLayout.IDB_TYPE)
            {
                interfaces.add(readInterface(blockStart, body));
            }
            else if (type == PcapngLayout.EPB_TYPE)
            {
                return readPacket(blockStart, body);
            }
        }
    }

    private void readSectionHeader(final long blockStart) throws IOException
    {
        final byte[] magicBytes = new byte[4];
        in.read(magicBytes, 4, "byte-order magic");
        final int magic = ByteBuffer.wrap(magicBytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (magic == PcapngLayout.BYTE_ORDER_MAGIC)
        {
            order = ByteOrder.LITTLE_ENDIAN;
        }
        else if (magic == SHB_MAGIC_SWAPPED)
        {
            order = ByteOrder.BIG_ENDIAN;
        }
        else
        {
            throw in.error(blockStart + PcapngLayout.SHB_MAGIC_OFFSET,
                String.format("expected byte-order magic 0x1A2B3C4D in either byte order, got 0x%08X", magic));
        }
        final int total = ByteBuffer.wrap(head).order(order).getInt(PcapngLayout.BLOCK_TOTAL_LENGTH_OFFSET);
        checkTotalLength(blockStart, total, PcapngLayout.SHB_OPTIONS_OFFSET + 4);
        final byte[] rest = new byte[total - PcapngLayout.SHB_VERSION_OFFSET];
        in.read(rest, rest.length, "section header block");
        final ByteBuffer b = ByteBuffer.wrap(rest).order(order);
        final int major = b.getShort(0) & 0xFFFF;
        if (major != PcapngLayout.MAJOR_VERSION)
        {
            throw in.error(blockStart + PcapngLayout.SHB_VERSION_OFFSET, "expected major version 1, got " + major);
        }
        checkTrailer(blockStart, total, b.getInt(rest.length - 4));
        interfaces.clear();
    }

    private ByteBuffer readBody(final long blockStart, final int total) throws IOException
    {
        checkTotalLength(blockStart, total, PcapngLayout.BLOCK_FRAMING_BYTES);
        final byte[] rest = new byte[total - PcapngLayout.BLOCK_BODY_OFFSET];
        in.read(rest, rest.length, "block body");
        final ByteBuffer b = ByteBuffer.wrap(rest).order(order);
        checkTrailer(blockStart, total, b.getInt(rest.length - 4));
        return b.limit(rest.length - 4);
    }

    private CaptureInterface readInterface(final long blockStart, final ByteBuffer body) throws IOException
    {
        final int bodyBase = PcapngLayout.BLOCK_BODY_OFFSET;
        if (body.limit() < PcapngLayout.IDB_OPTIONS_OFFSET - bodyBase)
        {
            throw in.error(blockStart + PcapngLayout.BLOCK_TOTAL_LENGTH_OFFSET,
                "expected an interface description body of at least 8 bytes, got " + body.limit());
        }
        final int linkType = body.getShort(PcapngLayout.IDB_LINK_TYPE_OFFSET - bodyBase) & 0xFFFF;
        final int snapLen = body.getInt(PcapngLayout.IDB_SNAP_LEN_OFFSET - bodyBase);
        String name = "";
        int tsResol = PcapngLayout.TSRESOL_DEFAULT;
        long tsOffset = 0;
        int at = PcapngLayout.IDB_OPTIONS_OFFSET - bodyBase;
        while (at + 4 <= body.limit())
        {
            final int code = body.getShort(at) & 0xFFFF;
            final int length = body.getShort(at + 2) & 0xFFFF;
            if (code == PcapngLayout.OPT_END_OF_OPT)
            {
                break;
            }
            if (at + 4 + length > body.limit())
            {
                throw in.error(blockStart + bodyBase + at + 2, "expected option length within the block ("
                    + (body.limit() - at - 4) + " bytes left), got " + length);
            }
            if (code == PcapngLayout.IF_NAME)
            {
                name = new String(body.array(), at + 4, length, StandardCharsets.UTF_8);
            }
            else if (code == PcapngLayout.IF_TSRESOL && length >= 1)
            {
                tsResol = body.get(at + 4) & 0xFF;
            }
            else if (code == PcapngLayout.IF_TSOFFSET && length >= 8)
            {
                tsOffset = body.getLong(at + 4);
            }
            at += 4 + PcapngLayout.padded32(length);
        }
        return new CaptureInterface(linkType, snapLen, name, tsResol, tsOffset);
    }

    private CapturedPacket readPacket(final long blockStart, final ByteBuffer body) throws IOException
    {
        final int bodyBase = PcapngLayout.BLOCK_BODY_OFFSET;
        final int fixed = PcapngLayout.EPB_DATA_OFFSET - bodyBase;
        if (body.limit() < fixed)
        {
            throw in.error(blockStart + PcapngLayout.BLOCK_TOTAL_LENGTH_OFFSET,
                "expected an enhanced packet body of at least 20 bytes, got " + body.limit());
        }
        final int interfaceId = body.getInt(PcapngLayout.EPB_INTERFACE_ID_OFFSET - bodyBase);
        if (interfaceId < 0 || interfaceId >= interfaces.size())
        {
            throw in.error(blockStart + PcapngLayout.EPB_INTERFACE_ID_OFFSET, "expected an interface id below "
                + interfaces.size() + " (declared so far), got " + Integer.toUnsignedString(interfaceId));
        }
        final long ticks = (long)body.getInt(PcapngLayout.EPB_TIMESTAMP_HIGH_OFFSET - bodyBase) << 32
            | (body.getInt(PcapngLayout.EPB_TIMESTAMP_LOW_OFFSET - bodyBase) & 0xFFFF_FFFFL);
        final int captured = body.getInt(PcapngLayout.EPB_CAPTURED_LENGTH_OFFSET - bodyBase);
        final int original = body.getInt(PcapngLayout.EPB_ORIGINAL_LENGTH_OFFSET - bodyBase);
        if (captured < 0 || fixed + PcapngLayout.padded32(captured) > body.limit())
        {
            throw in.error(blockStart + PcapngLayout.EPB_CAPTURED_LENGTH_OFFSET, "expected a captured length that fits"
                + " the block (" + (body.limit() - fixed) + " bytes), got " + Integer.toUnsignedString(captured));
        }
        final byte[] data = new byte[captured];
        System.arraycopy(body.array(), fixed, data, 0, captured);
        final CaptureInterface i = interfaces.get(interfaceId);
        return new CapturedPacket(interfaceId, i.timestampToNs(ticks), original, data, i.timestampToPs(ticks));
    }

    private void checkTotalLength(final long blockStart, final int total, final int minimum) throws IOException
    {
        if (total < minimum || (total & 3) != 0 || total > MAX_BLOCK_LENGTH_BYTES)
        {
            throw in.error(blockStart + PcapngLayout.BLOCK_TOTAL_LENGTH_OFFSET, "expected block total length >= "
                + minimum + ", <= " + MAX_BLOCK_LENGTH_BYTES + " and a multiple of 4, got "
                + Integer.toUnsignedString(total));
        }
    }

    private void checkTrailer(final long blockStart, final int total, final int trailer) throws IOException
    {
        if (trailer != total)
        {
            throw in.error(blockStart + total - 4, "expected trailing block total length " + total + ", got "
                + Integer.toUnsignedString(trailer));
        }
    }
}
