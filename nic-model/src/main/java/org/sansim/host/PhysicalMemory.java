package org.sansim.host;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The sparse simulated physical memory of a host: {@code sizeBytes} bytes addressed by physical
 * address (pa) {@code 0 .. sizeBytes - 1}.
 *
 * <p><b>Sparseness.</b> Memory is backed by 4 KiB pages allocated on first write. Reading memory
 * that was never written returns zeros and allocates nothing; so does filling it with zeros
 * ({@link #fill}) or copying untouched memory onto untouched memory ({@link #copy}). Pages are
 * never released: {@link #touchedPages()} only grows, and a memory in steady state allocates
 * nothing.
 *
 * <p><b>Storage.</b> A two-level directory: a top array with one slot per 2 MiB of memory, each
 * holding a lazily created leaf array of 512 page references, each a lazily created
 * {@code byte[4096]}. A lookup is two dependent array loads with no hashing, no probing and no
 * boxing. The top array costs one reference per 2 MiB (32768 references, 128 KiB, for 64 GiB),
 * and a 2 MiB huge page maps onto exactly one leaf. It was chosen over an Agrona
 * {@code Long2ObjectHashMap} keyed by frame number after a crude loop of random 8-byte reads: the
 * directory took 35-45% of the map's time while the touched pages fit in cache (64 to 1024 pages)
 * and about 80% when they did not (64 Ki pages spread over 8 GiB); it also never rehashes, and
 * creating a page allocates only that page (and, once per 2 MiB, its leaf).
 *
 * <p><b>Typed access.</b> Big- and little-endian getters and putters use byte-array view
 * {@link VarHandle}s within a page and fall back to byte-by-byte assembly for the rare value that
 * straddles a page boundary; either way the result is the same.
 *
 * <p><b>Errors.</b> An access outside {@code [0, sizeBytes)} is a bug in the model, not a guest
 * fault (guest faults are virtual and reported by {@link AddressSpace}); it throws
 * {@link IndexOutOfBoundsException} naming the memory, the address, the length and the size, and
 * changes nothing. The check is always on: it is a couple of compares, and the message is only
 * built when it fails.
 *
 * <p>Not thread-safe: a memory belongs to one simulation partition.
 */
public final class PhysicalMemory
{
    /** The base-2 logarithm of the backing page size. */
    public static final int PAGE_SHIFT = 12;

    /** The size of a backing page: 4 KiB. */
    public static final int PAGE_BYTES = 1 << PAGE_SHIFT;

    /** The largest memory supported: 256 TiB. */
    public static final long MAX_SIZE_BYTES = 1L << 48;

    private static final int PAGE_OFFSET_MASK = PAGE_BYTES - 1;
    private static final int LEAF_BITS = 9;
    private static final int LEAF_SLOTS = 1 << LEAF_BITS;
    private static final int LEAF_INDEX_MASK = LEAF_SLOTS - 1;
    private static final int TOP_SHIFT = PAGE_SHIFT + LEAF_BITS;

    private static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = view(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final long sizeBytes;
    private final byte[][][] directory;
    private long touchedPages;

    /**
     * Creates a memory of which no page is touched yet.
     *
     * @param name      a name for messages, such as {@code "host0.dram"}.
     * @param sizeBytes the size, a positive multiple of {@link #PAGE_BYTES} up to
     *                  {@link #MAX_SIZE_BYTES}.
     * @throws IllegalArgumentException if the size is not valid.
     */
    public PhysicalMemory(final String name, final long sizeBytes)
    {
        this.name = Objects.requireNonNull(name, "name");
        if (sizeBytes <= 0 || sizeBytes > MAX_SIZE_BYTES || (sizeBytes & PAGE_OFFSET_MASK) != 0)
        {
            throw new IllegalArgumentException(
                name + ": size must be a positive multiple of 4096 up to 2^48, got " + sizeBytes);
        }
        this.sizeBytes = sizeBytes;
        this.directory = new byte[(int)((sizeBytes + (1L << TOP_SHIFT) - 1) >>> TOP_SHIFT)][][];
    }

    /**
     * The name given at construction.
     *
     * @return the name of this memory.
     */
    public String name()
    {
        return name;
    }

    /**
     * The size of this memory.
     *
     * @return the number of addressable bytes.
     */
    public long sizeBytes()
    {
        return sizeBytes;
    }

    /**
     * How many 4 KiB pages are backed by real storage, i.e. have been written at least once.
     *
     * @return the number of touched pages; never decreases.
     */
    public long touchedPages()
    {
        return touchedPages;
    }

    /**
     * Whether a range lies entirely inside this memory. Never throws.
     *
     * @param pa          the first physical address.
     * @param lengthBytes the length of the range.
     * @return {@code true} when {@code lengthBytes >= 0} and {@code [pa, pa + lengthBytes)} is
     *         inside {@code [0, sizeBytes)}.
     */
    public boolean contains(final long pa, final long lengthBytes)
    {
        return pa >= 0 && lengthBytes >= 0 && pa <= sizeBytes - lengthBytes;
    }

    /**
     * Reads one byte.
     *
     * @param pa the physical address.
     * @return the byte, zero if never written.
     * @throws IndexOutOfBoundsException if {@code pa} is outside this memory.
     */
    public byte getByte(final long pa)
    {
        checkBounds(pa, 1);
        return byteAt(pa);
    }

    /**
     * Writes one byte.
     *
     * @param pa    the physical address.
     * @param value the byte.
     * @throws IndexOutOfBoundsException if {@code pa} is outside this memory.
     */
    public void putByte(final long pa, final byte value)
    {
        checkBounds(pa, 1);
        writablePage(pa)[(int)pa & PAGE_OFFSET_MASK] = value;
    }

    /**
     * Reads a big-endian 16-bit value, which may straddle a page boundary.
     *
     * @param pa the physical address of the first (most significant) byte.
     * @return the value.
     * @throws IndexOutOfBoundsException if any of the 2 bytes is outside this memory.
     */
    public short getShortBE(final long pa)
    {
        checkBounds(pa, Short.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Short.BYTES)
        {
            final byte[] page = pageOrNull(pa);
            return page == null ? 0 : (short)SHORT_BE.get(page, offset);
        }
        return (short)bytesBE(pa, Short.BYTES);
    }

    /**
     * Writes a big-endian 16-bit value, which may straddle a page boundary.
     *
     * @param pa    the physical address of the first (most significant) byte.
     * @param value the value.
     * @throws IndexOutOfBoundsException if any of the 2 bytes is outside this memory.
     */
    public void putShortBE(final long pa, final short value)
    {
        checkBounds(pa, Short.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Short.BYTES)
        {
            SHORT_BE.set(writablePage(pa), offset, value);
        }
        else
        {
            putBytesBE(pa, value, Short.BYTES);
        }
    }

    /**
     * Reads a big-endian 32-bit value, which may straddle a page boundary.
     *
     * @param pa the physical address of the first (most significant) byte.
     * @return the value.
     * @throws IndexOutOfBoundsException if any of the 4 bytes is outside this memory.
     */
    public int getIntBE(final long pa)
    {
        checkBounds(pa, Integer.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Integer.BYTES)
        {
            final byte[] page = pageOrNull(pa);
            return page == null ? 0 : (int)INT_BE.get(page, offset);
        }
        return (int)bytesBE(pa, Integer.BYTES);
    }

    /**
     * Writes a big-endian 32-bit value, which may straddle a page boundary.
     *
     * @param pa    the physical address of the first (most significant) byte.
     * @param value the value.
     * @throws IndexOutOfBoundsException if any of the 4 bytes is outside this memory.
     */
    public void putIntBE(final long pa, final int value)
    {
        checkBounds(pa, Integer.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Integer.BYTES)
        {
            INT_BE.set(writablePage(pa), offset, value);
        }
        else
        {
            putBytesBE(pa, value, Integer.BYTES);
        }
    }

    /**
     * Reads a big-endian 64-bit value, which may straddle a page boundary.
     *
     * @param pa the physical address of the first (most significant) byte.
     * @return the value.
     * @throws IndexOutOfBoundsException if any of the 8 bytes is outside this memory.
     */
    public long getLongBE(final long pa)
    {
        checkBounds(pa, Long.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Long.BYTES)
        {
            final byte[] page = pageOrNull(pa);
            return page == null ? 0 : (long)LONG_BE.get(page, offset);
        }
        return bytesBE(pa, Long.BYTES);
    }

    /**
     * Writes a big-endian 64-bit value, which may straddle a page boundary.
     *
     * @param pa    the physical address of the first (most significant) byte.
     * @param value the value.
     * @throws IndexOutOfBoundsException if any of the 8 bytes is outside this memory.
     */
    public void putLongBE(final long pa, final long value)
    {
        checkBounds(pa, Long.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Long.BYTES)
        {
            LONG_BE.set(writablePage(pa), offset, value);
        }
        else
        {
            putBytesBE(pa, value, Long.BYTES);
        }
    }

    /**
     * Reads a little-endian 32-bit value, which may straddle a page boundary.
     *
     * @param pa the physical address of the first (least significant) byte.
     * @return the value.
     * @throws IndexOutOfBoundsException if any of the 4 bytes is outside this memory.
     */
    public int getIntLE(final long pa)
    {
        checkBounds(pa, Integer.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Integer.BYTES)
        {
            final byte[] page = pageOrNull(pa);
            return page == null ? 0 : (int)INT_LE.get(page, offset);
        }
        return Integer.reverseBytes((int)bytesBE(pa, Integer.BYTES));
    }

    /**
     * Writes a little-endian 32-bit value, which may straddle a page boundary.
     *
     * @param pa    the physical address of the first (least significant) byte.
     * @param value the value.
     * @throws IndexOutOfBoundsException if any of the 4 bytes is outside this memory.
     */
    public void putIntLE(final long pa, final int value)
    {
        checkBounds(pa, Integer.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Integer.BYTES)
        {
            INT_LE.set(writablePage(pa), offset, value);
        }
        else
        {
            putBytesBE(pa, Integer.reverseBytes(value), Integer.BYTES);
        }
    }

    /**
     * Reads a little-endian 64-bit value, which may straddle a page boundary.
     *
     * @param pa the physical address of the first (least significant) byte.
     * @return the value.
     * @throws IndexOutOfBoundsException if any of the 8 bytes is outside this memory.
     */
    public long getLongLE(final long pa)
    {
        checkBounds(pa, Long.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Long.BYTES)
        {
            final byte[] page = pageOrNull(pa);
            return page == null ? 0 : (long)LONG_LE.get(page, offset);
        }
        return Long.reverseBytes(bytesBE(pa, Long.BYTES));
    }

    /**
     * Writes a little-endian 64-bit value, which may straddle a page boundary.
     *
     * @param pa    the physical address of the first (least significant) byte.
     * @param value the value.
     * @throws IndexOutOfBoundsException if any of the 8 bytes is outside this memory.
     */
    public void putLongLE(final long pa, final long value)
    {
        checkBounds(pa, Long.BYTES);
        final int offset = (int)pa & PAGE_OFFSET_MASK;
        if (offset <= PAGE_BYTES - Long.BYTES)
        {
            LONG_LE.set(writablePage(pa), offset, value);
        }
        else
        {
            putBytesBE(pa, Long.reverseBytes(value), Long.BYTES);
        }
    }

    /**
     * Copies bytes out of this memory into an array. Untouched memory reads as zeros and stays
     * untouched.
     *
     * @param pa          the first physical address to read.
     * @param dst         the destination array.
     * @param dstOffset   where in {@code dst} the first byte goes.
     * @param lengthBytes how many bytes to copy; zero is allowed.
     * @throws IndexOutOfBoundsException if the physical range or the array range is out of
     *                                   bounds; nothing is copied then.
     */
    public void read(final long pa, final byte[] dst, final int dstOffset, final int lengthBytes)
    {
        Objects.checkFromIndexSize(dstOffset, lengthBytes, dst.length);
        checkBounds(pa, lengthBytes);
        long address = pa;
        int done = 0;
        while (done < lengthBytes)
        {
            final int offset = (int)address & PAGE_OFFSET_MASK;
            final int chunk = Math.min(lengthBytes - done, PAGE_BYTES - offset);
            final byte[] page = pageOrNull(address);
            if (page == null)
            {
                Arrays.fill(dst, dstOffset + done, dstOffset + done + chunk, (byte)0);
            }
            else
            {
                System.arraycopy(page, offset, dst, dstOffset + done, chunk);
            }
            address += chunk;
            done += chunk;
        }
    }

    /**
     * Copies bytes from an array into this memory, touching the pages written.
     *
     * @param pa          the first physical address to write.
     * @param src         the source array.
     * @param srcOffset   where in {@code src} the first byte is.
     * @param lengthBytes how many bytes to copy; zero is allowed.
     * @throws IndexOutOfBoundsException if the physical range or the array range is out of
     *                                   bounds; nothing is copied then.
     */
    public void write(final long pa, final byte[] src, final int srcOffset, final int lengthBytes)
    {
        Objects.checkFromIndexSize(srcOffset, lengthBytes, src.length);
        checkBounds(pa, lengthBytes);
        long address = pa;
        int done = 0;
        while (done < lengthBytes)
        {
            final int offset = (int)address & PAGE_OFFSET_MASK;
            final int chunk = Math.min(lengthBytes - done, PAGE_BYTES - offset);
            System.arraycopy(src, srcOffset + done, writablePage(address), offset, chunk);
            address += chunk;
            done += chunk;
        }
    }

    /**
     * Sets a range of memory to one value, like {@code memset}. Filling with zero leaves
     * untouched pages untouched (they already read as zero).
     *
     * @param pa          the first physical address.
     * @param lengthBytes how many bytes to set; zero is allowed.
     * @param value       the byte value.
     * @throws IndexOutOfBoundsException if the range is outside this memory; nothing changes then.
     */
    public void fill(final long pa, final long lengthBytes, final byte value)
    {
        checkBounds(pa, lengthBytes);
        long address = pa;
        long remaining = lengthBytes;
        while (remaining > 0)
        {
            final int offset = (int)address & PAGE_OFFSET_MASK;
            final int chunk = (int)Math.min(remaining, PAGE_BYTES - offset);
            final byte[] page = value == 0 ? pageOrNull(address) : writablePage(address);
            if (page != null)
            {
                Arrays.fill(page, offset, offset + chunk, value);
            }
            address += chunk;
            remaining -= chunk;
        }
    }

    /**
     * Copies a range from one memory to another, or within one memory, like {@code memmove}:
     * when {@code src == dst} and the ranges overlap, the destination ends up holding the
     * original source bytes. Copying untouched source memory onto untouched destination memory
     * touches nothing.
     *
     * @param src         the memory to read.
     * @param srcPa       the first physical address to read in {@code src}.
     * @param dst         the memory to write; may be {@code src}.
     * @param dstPa       the first physical address to write in {@code dst}.
     * @param lengthBytes how many bytes to copy; zero is allowed.
     * @throws IndexOutOfBoundsException if either range is outside its memory; nothing changes
     *                                   then.
     */
    public static void copy(
        final PhysicalMemory src, final long srcPa, final PhysicalMemory dst, final long dstPa, final long lengthBytes)
    {
        src.checkBounds(srcPa, lengthBytes);
        dst.checkBounds(dstPa, lengthBytes);
        if (src == dst && dstPa > srcPa && dstPa < srcPa + lengthBytes)
        {
            long remaining = lengthBytes;
            while (remaining > 0)
            {
                final long srcEnd = srcPa + remaining;
                final long dstEnd = dstPa + remaining;
                final int srcRoom = ((int)(srcEnd - 1) & PAGE_OFFSET_MASK) + 1;
                final int dstRoom = ((int)(dstEnd - 1) & PAGE_OFFSET_MASK) + 1;
                final int chunk = (int)Math.min(remaining, Math.min(srcRoom, dstRoom));
                copyChunk(src, srcEnd - chunk, dst, dstEnd - chunk, chunk);
                remaining -= chunk;
            }
        }
        else
        {
            long done = 0;
            while (done < lengthBytes)
            {
                final int srcRoom = PAGE_BYTES - ((int)(srcPa + done) & PAGE_OFFSET_MASK);
                final int dstRoom = PAGE_BYTES - ((int)(dstPa + done) & PAGE_OFFSET_MASK);
                final int chunk = (int)Math.min(lengthBytes - done, Math.min(srcRoom, dstRoom));
                copyChunk(src, srcPa + done, dst, dstPa + done, chunk);
                done += chunk;
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * @return the name, size and number of touched pages.
     */
    @Override
    public String toString()
    {
        return "PhysicalMemory{" + name + ", sizeBytes=" + sizeBytes + ", touchedPages=" + touchedPages + "}";
    }

    private static void copyChunk(
        final PhysicalMemory src, final long srcPa, final PhysicalMemory dst, final long dstPa, final int chunk)
    {
        final byte[] from = src.pageOrNull(srcPa);
        final int dstOffset = (int)dstPa & PAGE_OFFSET_MASK;
        if (from != null)
        {
            System.arraycopy(from, (int)srcPa & PAGE_OFFSET_MASK, dst.writablePage(dstPa), dstOffset, chunk);
        }
        else
        {
            final byte[] to = dst.pageOrNull(dstPa);
            if (to != null)
            {
                Arrays.fill(to, dstOffset, dstOffset + chunk, (byte)0);
            }
        }
    }

    private void checkBounds(final long pa, final long lengthBytes)
    {
        if (pa < 0 || lengthBytes < 0 || pa > sizeBytes - lengthBytes)
        {
            throw new IndexOutOfBoundsException(
                name + ": physical access [0x" + Long.toHexString(pa) + ", +" + lengthBytes +
                ") outside memory of sizeBytes 0x" + Long.toHexString(sizeBytes));
        }
    }

    private byte[] pageOrNull(final long pa)
    {
        final byte[][] leaf = directory[(int)(pa >>> TOP_SHIFT)];
        return leaf == null ? null : leaf[(int)(pa >>> PAGE_SHIFT) & LEAF_INDEX_MASK];
    }

    private byte[] writablePage(final long pa)
    {
        final int top = (int)(pa >>> TOP_SHIFT);
        byte[][] leaf = directory[top];
        if (leaf == null)
        {
            leaf = new byte[LEAF_SLOTS][];
            directory[top] = leaf;
        }
        final int index = (int)(pa >>> PAGE_SHIFT) & LEAF_INDEX_MASK;
        byte[] page = leaf[index];
        if (page == null)
        {
            page = new byte[PAGE_BYTES];
            leaf[index] = page;
            touchedPages++;
        }
        return page;
    }

    private byte byteAt(final long pa)
    {
        final byte[] page = pageOrNull(pa);
        return page == null ? 0 : page[(int)pa & PAGE_OFFSET_MASK];
    }

    private long bytesBE(final long pa, final int count)
    {
        long value = 0;
        for (int i = 0; i < count; i++)
        {
            value = (value << 8) | (byteAt(pa + i) & 0xFF);
        }
        return value;
    }

    private void putBytesBE(final long pa, final long value, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long address = pa + i;
            writablePage(address)[(int)address & PAGE_OFFSET_MASK] = (byte)(value >>> (8 * (count - 1 - i)));
        }
    }

    private static VarHandle view(final Class<?> arrayClass, final ByteOrder order)
    {
        return MethodHandles.byteArrayViewVarHandle(arrayClass, order);
    }
}
