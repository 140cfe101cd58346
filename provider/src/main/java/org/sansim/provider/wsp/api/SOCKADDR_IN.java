package org.sansim.provider.wsp.api;

import java.util.Objects;

/**
 * {@code sockaddr_in}: an IPv4 socket address. The Java fields hold the port and address in
 * <em>host</em> order (plain numbers); {@link #writeTo(byte[], int)} and {@link #readFrom(byte[], int)}
 * convert to and from the 16-byte in-memory layout, where they are in network order:
 * <pre>
 *  offset  0            2            4                8                         16
 *          +------------+------------+----------------+-------------------------+
 *          | sin_family | sin_port   | sin_addr       | sin_zero[8]             |
 *          | LE (host)  | BE (net)   | BE (net)       | zero                    |
 *          +------------+------------+----------------+-------------------------+
 * </pre>
 * The SPI passes it as {@code const struct sockaddr *name} plus {@code int namelen}; the binding uses
 * this class directly, and {@code namelen} stays a separate argument so that providers can check it
 * ({@link #SIZE_BYTES} is the only valid value).
 */
public final class SOCKADDR_IN
{
    /** {@code sizeof(struct sockaddr_in)}: 16 bytes. */
    public static final int SIZE_BYTES = 16;

    /** {@code sin_family}: the address family, {@link Winsock#AF_INET}. */
    public short sin_family;

    /** {@code sin_port}: the TCP port in host order, 0..65535 (0 = any). */
    public int sin_port;

    /** {@code sin_addr}: the IPv4 address in host order, e.g. 10.0.0.1 is {@code 0x0A000001} (0 = any). */
    public int sin_addr;

    /** Creates an all-zero address ({@code sin_family} 0). */
    public SOCKADDR_IN()
    {
    }

    /**
     * Creates an {@code AF_INET} address.
     *
     * @param ipv4 the IPv4 address in host order
     * @param port the port, 0..65535
     * @return the new address
     */
    public static SOCKADDR_IN of(final int ipv4, final int port)
    {
        if ((port & ~0xFFFF) != 0)
        {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        final SOCKADDR_IN a = new SOCKADDR_IN();
        a.sin_family = (short)Winsock.AF_INET;
        a.sin_addr = ipv4;
        a.sin_port = port;
        return a;
    }

    /**
     * Copies another address into this one.
     *
     * @param other the source
     * @return this address
     */
    public SOCKADDR_IN copyFrom(final SOCKADDR_IN other)
    {
        sin_family = other.sin_family;
        sin_port = other.sin_port;
        sin_addr = other.sin_addr;
        return this;
    }

    /**
     * Writes the 16-byte in-memory layout (family little-endian, port and address big-endian, 8 zero
     * bytes).
     *
     * @param dst the destination
     * @param offset where the structure starts in {@code dst}
     */
    public void writeTo(final byte[] dst, final int offset)
    {
        Objects.checkFromIndexSize(offset, SIZE_BYTES, dst.length);
        dst[offset] = (byte)sin_family;
        dst[offset + 1] = (byte)(sin_family >>> 8);
        dst[offset + 2] = (byte)(sin_port >>> 8);
        dst[offset + 3] = (byte)sin_port;
        dst[offset + 4] = (byte)(sin_addr >>> 24);
        dst[offset + 5] = (byte)(sin_addr >>> 16);
        dst[offset + 6] = (byte)(sin_addr >>> 8);
        dst[offset + 7] = (byte)sin_addr;
        for (int i = 8; i < SIZE_BYTES; i++)
        {
            dst[offset + i] = 0;
        }
    }

    /**
     * Fills this address from the 16-byte in-memory layout ({@code sin_zero} is ignored).
     *
     * @param src the source
     * @param offset where the structure starts in {@code src}
     * @return this address
     */
    public SOCKADDR_IN readFrom(final byte[] src, final int offset)
    {
        Objects.checkFromIndexSize(offset, SIZE_BYTES, src.length);
        sin_family = (short)((src[offset] & 0xFF) | (src[offset + 1] & 0xFF) << 8);
        sin_port = (src[offset + 2] & 0xFF) << 8 | (src[offset + 3] & 0xFF);
        sin_addr = (src[offset + 4] & 0xFF) << 24 | (src[offset + 5] & 0xFF) << 16 | (src[offset + 6] & 0xFF) << 8
            | (src[offset + 7] & 0xFF);
        return this;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof SOCKADDR_IN other && sin_family == other.sin_family && sin_port == other.sin_port
            && sin_addr == other.sin_addr;
    }

    @Override
    public int hashCode()
    {
        return (sin_family * 31 + sin_port) * 31 + sin_addr;
    }

    /**
     * Returns the dotted form, e.g. {@code "10.0.0.1:5000"} (the family is not shown).
     *
     * @return address and port
     */
    @Override
    public String toString()
    {
        return (sin_addr >>> 24) + "." + (sin_addr >>> 16 & 0xFF) + "." + (sin_addr >>> 8 & 0xFF) + "."
            + (sin_addr & 0xFF) + ":" + sin_port;
    }
}
