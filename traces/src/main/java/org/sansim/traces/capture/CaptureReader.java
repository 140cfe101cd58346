package org.sansim.traces.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.sansim.traces.pcap.CapturedPacket;
import org.sansim.traces.pcap.PcapFormatException;
import org.sansim.traces.pcap.PcapReader;
import org.sansim.traces.pcap.PcapngLayout;
import org.sansim.traces.pcap.PcapngReader;

/**
 * Reads a capture file whichever its container: pcapng (recognised by its Section Header Block type
 * 0x0A0D0D0A) or classic pcap (any other start; its reader checks the magic), and gives each packet with the
 * link type of its interface.
 *
 * <p>Malformed containers raise {@link PcapFormatException} naming the byte offset and what was expected.
 * Allocates per packet. Not thread-safe.
 */
public final class CaptureReader
{
    private static final int SNIFF_BYTES = 4;

    private final PcapReader pcap;
    private final PcapngReader pcapng;

    /**
     * Sniffs the container and, for classic pcap, reads the global header.
     *
     * @param in the file's bytes from its start; not closed by this reader
     * @throws IOException if reading fails or the file starts with neither format
     */
    public CaptureReader(final InputStream in) throws IOException
    {
        final BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(SNIFF_BYTES);
        final byte[] head = buffered.readNBytes(SNIFF_BYTES);
        buffered.reset();
        if (head.length < SNIFF_BYTES)
        {
            throw new PcapFormatException("capture", head.length, "expected a pcap or pcapng header of at least 24 "
                + "bytes, the file has " + head.length);
        }
        final int type = (head[0] & 0xFF) | (head[1] & 0xFF) << 8 | (head[2] & 0xFF) << 16 | (head[3] & 0xFF) << 24;
        if (type == PcapngLayout.SHB_TYPE)
        {
            pcapng = new PcapngReader(buffered);
            pcap = null;
        }
        else
        {
            pcap = new PcapReader(buffered);
            pcapng = null;
        }
    }

    /** @return {@code "pcapng"} or {@code "pcap"} */
    public String format()
    {
        return pcapng != null ? "pcapng" : "pcap";
    }

    /**
     * @return the next packet, or null at the end of the file
     * @throws IOException if reading fails or the container is malformed ({@link PcapFormatException})
     */
    public CapturedPacket next() throws IOException
    {
        return pcapng != null ? pcapng.next() : pcap.next();
    }

    /**
     * @param interfaceId a packet's {@link CapturedPacket#interfaceId()}
     * @return the link type of that interface
     */
    public int linkType(final int interfaceId)
    {
        return pcapng != null ? pcapng.interfaces().get(interfaceId).linkType() : pcap.captureInterface().linkType();
    }

    /**
     * @param interfaceId a packet's {@link CapturedPacket#interfaceId()}
     * @return that interface's name (empty for classic pcap, or when the file names none)
     */
    public String interfaceName(final int interfaceId)
    {
        return pcapng != null ? pcapng.interfaces().get(interfaceId).name() : "";
    }
}
