package org.sansim.host;

import java.util.HashMap;
import java.util.Map;

/**
 * TEMPORARY stand-in for {@code PhysicalMemory} of branch {@code host} (a subset of its API, same
 * signatures), so that the PCIe link builds and is tested before that branch lands. It is removed
 * before {@code host} is merged.
 */
public final class PhysicalMemory
{
    private static final int PAGE = 4096;
    private final String name;
    private final long sizeBytes;
    private final Map<Long, byte[]> pages = new HashMap<>();

    /**
     * @param name name
     * @param sizeBytes size
     */
    public PhysicalMemory(final String name, final long sizeBytes)
    {
        this.name = name;
        this.sizeBytes = sizeBytes;
    }

    /** @return name */
    public String name()
    {
        return name;
    }

    /** @return size */
    public long sizeBytes()
    {
        return sizeBytes;
    }

    /**
     * @param pa address
     * @param lengthBytes length
     * @return whether inside
     */
    public boolean contains(final long pa, final long lengthBytes)
    {
        return pa >= 0 && lengthBytes >= 0 && pa <= sizeBytes - lengthBytes;
    }

    /**
     * @param pa address
     * @return byte
     */
    public byte getByte(final long pa)
    {
        final byte[] p = pages.get(pa / PAGE);
        return p == null ? 0 : p[(int)(pa % PAGE)];
    }

    /**
     * @param pa address
     * @param value byte
     */
    public void putByte(final long pa, final byte value)
    {
        pages.computeIfAbsent(pa / PAGE, k -> new byte[PAGE])[(int)(pa % PAGE)] = value;
    }

    /**
     * @param pa address
     * @param dst dst
     * @param dstOffset off
     * @param lengthBytes len
     */
    public void read(final long pa, final byte[] dst, final int dstOffset, final int lengthBytes)
    {
        if (!contains(pa, lengthBytes))
        {
            throw new IndexOutOfBoundsException("read outside memory");
        }
        for (int i = 0; i < lengthBytes; i++)
        {
            final byte[] p = pages.get((pa + i) / PAGE);
            dst[dstOffset + i] = p == null ? 0 : p[(int)((pa + i) % PAGE)];
        }
    }

    /**
     * @param pa address
     * @param src src
     * @param srcOffset off
     * @param lengthBytes len
     */
    public void write(final long pa, final byte[] src, final int srcOffset, final int lengthBytes)
    {
        if (!contains(pa, lengthBytes))
        {
            throw new IndexOutOfBoundsException("write outside memory");
        }
        for (int i = 0; i < lengthBytes; i++)
        {
            putByte(pa + i, src[srcOffset + i]);
        }
    }
}
