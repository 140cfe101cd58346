package org.sansim.traces.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads classic libpcap files in either byte order, with microsecond or nanosecond timestamps.
 *
 * <pre>
 * Global header (24 bytes)                       Record header (16 bytes), then incl_len bytes
 * +---------------------------------------+      +---------------------------------------+
 * | magic a1b2c3d4 (us) / a1b23c4d (ns)   | 0    | ts_sec                                | 0
 * | version_major (2) | version_minor (2) | 4    | ts_usec or ts_nsec                    | 4
 * | thiszone (GMT offset, s)              | 8    | incl_len (captured bytes)             | 8
 * | sigfigs                               | 12   | orig_len (bytes on the wire)          | 12
 * | snaplen                               | 16   +---------------------------------------+
 * | network (link type)                   | 20
 * +---------------------------------------+
 * </pre>
 *
 * <p>{@code thiszone} and {@code sigfigs} are ignored (timestamps are UTC, as libpcap writes them); the top
 * four bits of {@code network} (FCS length flags) are masked off the link type.
 *
 * <p>Malformed input raises a {@link PcapFormatException} naming the byte offset and what was expected.
 * Allocates per packet; for tests and importers. Not thread-safe.
 */
public final class PcapReader
{
    /** Magic of a microsecond-resolution file, as written in the file's own byte order. */
    public static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    /** Magic of a nanosecond-resolution file, as written in the file's own byte order. */
    public static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    /** Length of the global header in bytes. */
    public static final int GLOBAL_HEADER_LENGTH_BYTES = 24;
    /** Length of a record header in bytes. */
    public static final int RECORD_HEADER_LENGTH_BYTES = 16;
    /** Largest captured length accepted, so that a corrupt length cannot trigger a huge allocation. */
    public static final int MAX_RECORD_LENGTH_BYTES = 64 << 20;

    private static final String FORMAT = "pcap";

    private final CountingInput in;
    private final byte[] recordHeader = new byte[RECORD_HEADER_LENGTH_BYTES];
    private final ByteOrder order;
    private final boolean nanoseconds;
    private final CaptureInterface captureInterface;

    /**
     * Reads and checks the global header.
     *
     * @param in stream positioned at the start of a pcap file; not closed by this reader
     * @throws IOException if reading fails or the header is malformed ({@link PcapFormatException})
     */
    public PcapReader(final InputStream in) throws IOException
    {
        this.in = new CountingInput(in, FORMAT);
        final byte[] g = new byte[GLOBAL_HEADER_LENGTH_BYTES];
        this.in.read(g, g.length, "global header");
        final int magicBe = ByteBuffer.wrap(g).order(ByteOrder.BIG_ENDIAN).getInt(0);
        final int magicLe = Integer.reverseBytes(magicBe);
        if (magicBe == MAGIC_MICROSECONDS || magicBe == MAGIC_NANOSECONDS)
        {
            order = ByteOrder.BIG_ENDIAN;
            nanoseconds = magicBe == MAGIC_NANOSECONDS;
        }
        else if (magicLe == MAGIC_MICROSECONDS || magicLe == MAGIC_NANOSECONDS)
        {
            order = ByteOrder.LITTLE_ENDIAN;
            nanoseconds = magicLe == MAGIC_NANOSECONDS;
        }
        else
        {
            throw this.in.error(0, String.format(
                "expected magic a1b2c3d4 or a1b23c4d in either byte order, got %08x", magicBe));
        }
        final ByteBuffer b = ByteBuffer.wrap(g).order(order);
        final int major = b.getShort(4) & 0xFFFF;
        if (major != 2)
        {
            throw this.in.error(4, "expected major version 2, got " + major);
        }
        captureInterface = new CaptureInterface(b.getInt(20) & 0x0FFF_FFFF, b.getInt(16), "",
            nanoseconds ? PcapngLayout.TSRESOL_NANOSECONDS : PcapngLayout.TSRESOL_DEFAULT, 0L);
    }

    /** @return link type, snap length and timestamp resolution of the file (name empty) */
    public CaptureInterface captureInterface()
    {
        return captureInterface;
    }

    /** @return true if timestamps have nanosecond resolution (magic a1b23c4d) */
    public boolean isNanosecond()
    {
        return nanoseconds;
    }

    /** @return the file's byte order */
    public ByteOrder byteOrder()
    {
        return order;
    }

    /**
     * Reads the next record.
     *
     * @return the packet (interface id 0), or null at the end of the stream (which must fall between records)
     * @throws IOException if reading fails or a record is malformed ({@link PcapFormatException})
     */
    public CapturedPacket next() throws IOException
    {
        final long recordStart = in.offset();
        if (!in.readOrEnd(recordHeader, recordHeader.length, "record header"))
        {
            return null;
        }
        final ByteBuffer b = ByteBuffer.wrap(recordHeader).order(order);
        final long seconds = b.getInt(0) & 0xFFFF_FFFFL;
        final long fraction = b.getInt(4) & 0xFFFF_FFFFL;
        final int included = b.getInt(8);
        final int original = b.getInt(12);
        final long fractionLimit = nanoseconds ? 1_000_000_000L : 1_000_000L;
        if (fraction >= fractionLimit)
        {
            throw in.error(recordStart + 4, "expected sub-second timestamp below " + fractionLimit + ", got "
                + fraction);
        }
        if (included < 0 || included > MAX_RECORD_LENGTH_BYTES)
        {
            throw in.error(recordStart + 8, "expected captured length 0.." + MAX_RECORD_LENGTH_BYTES + ", got "
                + Integer.toUnsignedString(included));
        }
        final byte[] data = new byte[included];
        in.read(data, included, "packet data");
        final long ticks = seconds * fractionLimit + fraction;
        return new CapturedPacket(0, captureInterface.timestampToNs(ticks), original, data,
            captureInterface.timestampToPs(ticks));
    }
}
