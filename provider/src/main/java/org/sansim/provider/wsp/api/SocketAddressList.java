package org.sansim.provider.wsp.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encoder (and decoder) of the {@code SOCKET_ADDRESS_LIST} that {@code WSPIoctl(SIO_ADDRESS_LIST_QUERY)}
 * returns, in the memory layout of a 64-bit process. The list holds pointers to the
 * {@code sockaddr_in} blocks that follow it in the same buffer, so encoding needs the simulated
 * virtual address at which the output buffer starts.
 * <pre>
 *  offset
 *   0                +----------------------+----------------------+
 *                    | INT iAddressCount    | (4 bytes padding)    |   header, 8 bytes
 *   8                +----------------------+----------------------+
 *                    | LPSOCKADDR lpSockaddr (8 bytes, LE) --------+---&gt; base + 8 + 16*n + 16*0
 *   16               | INT iSockaddrLength  | (4 bytes padding)    |   Address[0], 16 bytes
 *   24               +----------------------+----------------------+
 *                    |   ... Address[1] .. Address[n-1] ...        |
 *   8 + 16*n         +---------------------------------------------+
 *                    | sockaddr_in for Address[0]   (16 bytes)     |
 *                    | sockaddr_in for Address[1]   (16 bytes)     |
 *                    |   ...                                       |
 *   8 + 32*n         +---------------------------------------------+
 * </pre>
 * All integers are little-endian; each {@code iSockaddrLength} is 16; the {@code sockaddr_in} blocks
 * use the layout of {@link SOCKADDR_IN#writeTo(byte[], int)}. {@link #sizeBytes(int)} is what a
 * provider reports in {@code *lpcbBytesReturned} when the caller's buffer is too small
 * ({@code WSAEFAULT}).
 */
public final class SocketAddressList
{
    /** Bytes before the first {@code SOCKET_ADDRESS}: {@code iAddressCount} and its padding. */
    public static final int HEADER_BYTES = 8;

    /** Size of one {@code SOCKET_ADDRESS} entry: an 8-byte pointer, a 4-byte length, 4 bytes padding. */
    public static final int ENTRY_BYTES = 16;

    private SocketAddressList()
    {
    }

    /**
     * Returns the size of an encoded list.
     *
     * @param count number of addresses, at least 0
     * @return {@code 8 + 32 * count} bytes
     */
    public static int sizeBytes(final int count)
    {
        if (count < 0)
        {
            throw new IllegalArgumentException("negative count: " + count);
        }
        return HEADER_BYTES + count * (ENTRY_BYTES + SOCKADDR_IN.SIZE_BYTES);
    }

    /**
     * Encodes a list into {@code out[0, sizeBytes(addresses.size()))}; bytes beyond are not touched.
     *
     * @param baseAddress the simulated virtual address at which {@code out[0]} will be stored
     * @param addresses the addresses, in order
     * @param out the destination, at least {@link #sizeBytes(int)} bytes long
     * @throws IndexOutOfBoundsException if {@code out} is too small
     */
    public static void encode(final long baseAddress, final List<SOCKADDR_IN> addresses, final byte[] out)
    {
        final int count = addresses.size();
        Objects.checkFromIndexSize(0, sizeBytes(count), out.length);
        putInt(out, 0, count);
        putInt(out, 4, 0);
        final int blocks = HEADER_BYTES + count * ENTRY_BYTES;
        for (int i = 0; i < count; i++)
        {
            final int entry = HEADER_BYTES + i * ENTRY_BYTES;
            final int block = blocks + i * SOCKADDR_IN.SIZE_BYTES;
            putLong(out, entry, baseAddress + block);
            putInt(out, entry + 8, SOCKADDR_IN.SIZE_BYTES);
            putInt(out, entry + 12, 0);
            addresses.get(i).writeTo(out, block);
        }
    }

    /**
     * Decodes a list, following each {@code lpSockaddr} pointer into {@code in}.
     *
     * @param baseAddress the simulated virtual address at which {@code in[0]} is stored
     * @param in the encoded list
     * @return the addresses, in order
     * @throws IllegalArgumentException if the count, a length or a pointer does not fit the buffer
     */
    public static List<SOCKADDR_IN> decode(final long baseAddress, final byte[] in)
    {
        Objects.checkFromIndexSize(0, HEADER_BYTES, in.length);
        final int count = getInt(in, 0);
        if (count < 0 || HEADER_BYTES + (long)count * ENTRY_BYTES > in.length)
        {
            throw new IllegalArgumentException("bad iAddressCount " + count + " for " + in.length + " bytes");
        }
        final List<SOCKADDR_IN> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final int entry = HEADER_BYTES + i * ENTRY_BYTES;
            final long offset = getLong(in, entry) - baseAddress;
            final int length = getInt(in, entry + 8);
            if (length != SOCKADDR_IN.SIZE_BYTES || offset < 0 || offset + length > in.length)
            {
                throw new IllegalArgumentException("bad SOCKET_ADDRESS " + i + ": offset " + offset + ", length "
                    + length);
            }
            result.add(new SOCKADDR_IN().readFrom(in, (int)offset));
        }
        return result;
    }

    private static void putInt(final byte[] b, final int at, final int v)
    {
        for (int i = 0; i < 4; i++)
        {
            b[at + i] = (byte)(v >>> (8 * i));
        }
    }

    private static void putLong(final byte[] b, final int at, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[at + i] = (byte)(v >>> (8 * i));
        }
    }

    private static int getInt(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static long getLong(final byte[] b, final int at)
    {
        return (getInt(b, at) & 0xFFFF_FFFFL) | (long)getInt(b, at + 4) << 32;
    }
}
