package org.sansim.traces.pcap;

import static org.sansim.traces.pcap.PcapngLayout.padded32;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a little-endian pcapng file: one Section Header Block (written by the constructor), one Interface
 * Description Block per simulated port ({@link #addInterface}), then Enhanced Packet Blocks.
 *
 * <p><b>Timestamps.</b> Simulated time is in picoseconds; each interface declares its
 * {@link TimestampResolution} in {@code if_tsresol}. At {@link TimestampResolution#PICOSECONDS} packets carry
 * their exact time (a 64-bit count lasts 213 days of simulated time). At
 * {@link TimestampResolution#NANOSECONDS} (what {@link #addInterface(String, int)} declares) they carry
 * {@code timePs / 1000}, the sub-nanosecond part <b>truncated</b>: packets 400 ps apart may share a
 * timestamp, and their order in the file is the order of {@link #writePacket} calls. TShark 4.0 displays
 * nanoseconds correctly and misreads picoseconds past 18.4 ms into a second (see
 * {@link TimestampResolution}).
 *
 * <p>Writing a packet allocates nothing (block headers go through one reused buffer); the caller decides on
 * buffering by passing a {@link java.io.BufferedOutputStream} if wanted. Not thread-safe.
 */
public final class PcapngWriter implements Closeable
{
    /** The application name written in the SHB's {@code shb_userappl} option. */
    public static final String USER_APPLICATION = "SanSim";

    private static final byte[] ZEROS = new byte[4];

    private final OutputStream out;
    private final ByteBuffer scratch = ByteBuffer.allocate(PcapngLayout.EPB_DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
    private int[] snapLensBytes = new int[4];
    private TimestampResolution[] resolutions = new TimestampResolution[4];
    private int interfaceCount;
    private boolean closed;

    /**
     * Starts a capture: writes the Section Header Block (version 1.0, section length unspecified,
     * {@code shb_userappl} = {@value #USER_APPLICATION}).
     *
     * @param out stream that receives the file; closed by {@link #close()}
     * @throws IOException if writing fails
     */
    public PcapngWriter(final OutputStream out) throws IOException
    {
        this.out = out;
        final byte[] appl = USER_APPLICATION.getBytes(StandardCharsets.UTF_8);
        final int optionsBytes = optionBytes(appl.length) + 4;
        final ByteBuffer b = ByteBuffer.allocate(PcapngLayout.SHB_OPTIONS_OFFSET + optionsBytes + 4)
            .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(PcapngLayout.SHB_TYPE).putInt(b.capacity()).putInt(PcapngLayout.BYTE_ORDER_MAGIC)
            .putShort((short)PcapngLayout.MAJOR_VERSION).putShort((short)PcapngLayout.MINOR_VERSION).putLong(-1L);
        putOption(b, PcapngLayout.SHB_USER_APPL, appl);
        b.putInt(0).putInt(b.capacity());
        out.write(b.array());
    }

    /**
     * Declares an Ethernet interface (one simulated port or direction): writes an Interface Description Block
     * with link type 1, the snap length, {@code if_name} and {@code if_tsresol} = 9 (nanoseconds).
     *
     * @param name         interface name shown by Wireshark (for example {@code "host0.port0"})
     * @param snapLenBytes bytes kept of each packet; 0 means no limit
     * @return the interface id to pass to {@link #writePacket}, counting from 0 in call order
     * @throws IOException if writing fails or the writer is closed
     * @throws IllegalArgumentException if {@code snapLenBytes} is negative or the name exceeds 65535 bytes
     */
    public int addInterface(final String name, final int snapLenBytes) throws IOException
    {
        return addInterface(name, snapLenBytes, TimestampResolution.NANOSECONDS);
    }

    /**
     * Declares an Ethernet interface with a timestamp resolution: an Interface Description Block with link
     * type 1, the snap length, {@code if_name} and {@code if_tsresol}.
     *
     * @param name         interface name shown by Wireshark
     * @param snapLenBytes bytes kept of each packet; 0 means no limit
     * @param resolution   the unit of its packets' timestamps
     * @return the interface id to pass to {@link #writePacket}, counting from 0 in call order
     * @throws IOException if writing fails or the writer is closed
     * @throws IllegalArgumentException if {@code snapLenBytes} is negative or the name exceeds 65535 bytes
     */
    public int addInterface(final String name, final int snapLenBytes, final TimestampResolution resolution)
        throws IOException
    {
        checkOpen();
        if (snapLenBytes < 0)
        {
            throw new IllegalArgumentException("snapLenBytes must be >= 0: " + snapLenBytes);
        }
        final byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 0xFFFF)
        {
            throw new IllegalArgumentException("interface name too long");
        }
        final int optionsBytes = optionBytes(nameBytes.length) + optionBytes(1) + 4;
        final int total = PcapngLayout.IDB_OPTIONS_OFFSET + optionsBytes + 4;
        final ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(PcapngLayout.IDB_TYPE).putInt(total)
            .putShort((short)PcapngLayout.LINKTYPE_ETHERNET).putShort((short)0).putInt(snapLenBytes);
        putOption(b, PcapngLayout.IF_NAME, nameBytes);
        putOption(b, PcapngLayout.IF_TSRESOL, new byte[] {(byte)resolution.tsresol()});
        b.putInt(0).putInt(total);
        out.write(b.array());

        if (interfaceCount == snapLensBytes.length)
        {
            snapLensBytes = Arrays.copyOf(snapLensBytes, interfaceCount * 2);
            resolutions = Arrays.copyOf(resolutions, interfaceCount * 2);
        }
        snapLensBytes[interfaceCount] = snapLenBytes;
        resolutions[interfaceCount] = resolution;
        return interfaceCount++;
    }

    /**
     * Writes one Enhanced Packet Block. The captured length is {@code min(length, snapLen)} (all of it if the
     * interface's snap length is 0); the original length is {@code length}.
     *
     * @param interfaceId an id returned by {@link #addInterface}
     * @param timePs      simulated time of the packet in picoseconds, &gt;= 0; stored in the interface's
     *                    resolution (truncated)
     * @param frame       buffer holding the frame, starting with its Ethernet header
     * @param offset      index of the frame's first byte
     * @param length      frame length in bytes (without FCS)
     * @throws IOException if writing fails or the writer is closed
     * @throws IllegalArgumentException if the interface id is unknown or the time or length is negative
     */
    public void writePacket(final int interfaceId, final long timePs, final byte[] frame, final int offset,
        final int length) throws IOException
    {
        checkOpen();
        if (interfaceId < 0 || interfaceId >= interfaceCount)
        {
            throw new IllegalArgumentException("unknown interface id " + interfaceId);
        }
        if (timePs < 0 || length < 0)
        {
            throw new IllegalArgumentException("negative time or length");
        }
        final int snapLen = snapLensBytes[interfaceId];
        final int captured = snapLen == 0 ? length : Math.min(length, snapLen);
        final int padded = padded32(captured);
        final int total = PcapngLayout.EPB_DATA_OFFSET + padded + 4;
        final long ticks = resolutions[interfaceId].ticks(timePs);

        final ByteBuffer b = scratch;
        b.clear();
        b.putInt(PcapngLayout.EPB_TYPE).putInt(total).putInt(interfaceId)
            .putInt((int)(ticks >>> 32)).putInt((int)ticks).putInt(captured).putInt(length);
        out.write(b.array(), 0, PcapngLayout.EPB_DATA_OFFSET);
        out.write(frame, offset, captured);
        out.write(ZEROS, 0, padded - captured);
        b.clear();
        b.putInt(total);
        out.write(b.array(), 0, 4);
    }

    /**
     * Flushes the underlying stream.
     *
     * @throws IOException if flushing fails
     */
    public void flush() throws IOException
    {
        out.flush();
    }

    /**
     * Flushes and closes the underlying stream; further writes throw. Closing twice does nothing.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException
    {
        if (!closed)
        {
            closed = true;
            out.close();
        }
    }

    private void checkOpen() throws IOException
    {
        if (closed)
        {
            throw new IOException("pcapng writer is closed");
        }
    }

    private static int optionBytes(final int valueLength)
    {
        return 4 + padded32(valueLength);
    }

    private static void putOption(final ByteBuffer b, final int code, final byte[] value)
    {
        b.putShort((short)code).putShort((short)value.length).put(value);
        b.put(ZEROS, 0, padded32(value.length) - value.length);
    }
}
