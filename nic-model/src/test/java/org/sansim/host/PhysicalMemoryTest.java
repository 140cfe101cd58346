package org.sansim.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PhysicalMemoryTest
{
    private static final int PAGE = PhysicalMemory.PAGE_BYTES;

    @Test
    void shouldReadZerosFromUntouchedMemoryWithoutTouchingPages()
    {
        final PhysicalMemory memory = new PhysicalMemory("m", 1L << 30);
        final byte[] dst = new byte[3 * PAGE];
        Arrays.fill(dst, (byte)0x5A);

        assertEquals(0, memory.getByte(12345));
        assertEquals(0, memory.getShortBE(PAGE - 1));
        assertEquals(0, memory.getIntBE(7 * PAGE - 2));
        assertEquals(0, memory.getIntLE(100));
        assertEquals(0, memory.getLongBE((1L << 30) - 8));
        assertEquals(0, memory.getLongLE(5 * PAGE - 4));
        memory.read(PAGE / 2, dst, 0, dst.length);
        memory.fill(0, 10 * PAGE, (byte)0);
        PhysicalMemory.copy(memory, 0, memory, 100 * PAGE + 17, 5 * PAGE);

        assertArrayEquals(new byte[dst.length], dst);
        assertEquals(0, memory.touchedPages());
    }

    @Test
    void shouldTouchOnlyThePagesWritten()
    {
        final PhysicalMemory memory = new PhysicalMemory("m", 1L << 30);

        memory.putByte(3 * PAGE + 5, (byte)1);
        memory.putLongBE(3 * PAGE + 100, -1L);
        memory.putIntLE(PAGE - 2, 0x01020304);

        assertEquals(3, memory.touchedPages());
    }

    @Property
    void shouldMatchByteBufferEndiannessForEveryWidth(
        @ForAll @IntRange(min = 0, max = 3 * PAGE - 8) final int offset, @ForAll final long value)
    {
        final PhysicalMemory memory = new PhysicalMemory("m", 4 * PAGE);
        final ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        final ByteBuffer le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        memory.putShortBE(offset, (short)value);
        assertArrayEquals(be.clear().putShort((short)value).array(), bytes(memory, offset, 8, 2));
        assertEquals((short)value, memory.getShortBE(offset));

        memory.putIntBE(offset, (int)value);
        assertArrayEquals(be.clear().putInt((int)value).array(), bytes(memory, offset, 8, 4));
        assertEquals((int)value, memory.getIntBE(offset));

        memory.putIntLE(offset, (int)value);
        assertArrayEquals(le.clear().putInt((int)value).array(), bytes(memory, offset, 8, 4));
        assertEquals((int)value, memory.getIntLE(offset));

        memory.putLongBE(offset, value);
        assertArrayEquals(be.clear().putLong(value).array(), bytes(memory, offset, 8, 8));
        assertEquals(value, memory.getLongBE(offset));

        memory.putLongLE(offset, value);
        assertArrayEquals(le.clear().putLong(value).array(), bytes(memory, offset, 8, 8));
        assertEquals(value, memory.getLongLE(offset));

        memory.write(offset, be.clear().putLong(value).array(), 0, 8);
        assertEquals(value, memory.getLongBE(offset));
        assertEquals(Long.reverseBytes(value), memory.getLongLE(offset));
        assertEquals((int)(value >>> 32), memory.getIntBE(offset));
        assertEquals(Integer.reverseBytes((int)(value >>> 32)), memory.getIntLE(offset));
        assertEquals((short)(value >>> 48), memory.getShortBE(offset));
    }

    @Test
    void shouldStoreValuesStraddlingAPageBoundary()
    {
        final PhysicalMemory memory = new PhysicalMemory("m", 4 * PAGE);
        for (int before = 1; before < 8; before++)
        {
            final long pa = 2L * PAGE - before;
            final long value = 0x0102030405060708L * before;
            memory.putLongBE(pa, value);
            assertEquals(value, memory.getLongBE(pa), "bytes before boundary: " + before);
            assertEquals((byte)(value >>> (8 * (7 - before))), memory.getByte(2L * PAGE), "first byte after");
            memory.putLongLE(pa, value);
            assertEquals(value, memory.getLongLE(pa));
            assertEquals((byte)value, memory.getByte(pa));
        }
        memory.putIntBE(3L * PAGE - 1, 0xA1B2C3D4);
        assertEquals((byte)0xA1, memory.getByte(3L * PAGE - 1));
        assertEquals((byte)0xD4, memory.getByte(3L * PAGE + 2));
        assertEquals(0xA1B2C3D4, memory.getIntBE(3L * PAGE - 1));
        assertEquals(3, memory.touchedPages());
    }

    @Test
    void shouldThrowNamingMemoryAddressAndSizeOutsideMemory()
    {
        final PhysicalMemory memory = new PhysicalMemory("host7.dram", 2 * PAGE);
        final byte[] buffer = new byte[16];

        final IndexOutOfBoundsException e =
            assertThrows(IndexOutOfBoundsException.class, () -> memory.getLongBE(2 * PAGE - 4));
        assertTrue(e.getMessage().contains("host7.dram"), e.getMessage());
        assertTrue(e.getMessage().contains("0x1ffc"), e.getMessage());
        assertTrue(e.getMessage().contains("0x2000"), e.getMessage());

        assertThrows(IndexOutOfBoundsException.class, () -> memory.getByte(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putByte(2 * PAGE, (byte)1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putIntLE(2 * PAGE - 3, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.write(2 * PAGE - 8, buffer, 0, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.read(0, buffer, 8, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.fill(PAGE, PAGE + 1, (byte)1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.fill(0, -1, (byte)1));
        assertThrows(IndexOutOfBoundsException.class, () -> PhysicalMemory.copy(memory, 0, memory, PAGE + 1, PAGE));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.getLongBE(Long.MAX_VALUE));
        assertEquals(0, memory.touchedPages(), "a rejected access changes nothing");
    }

    @Test
    void shouldAnswerContainsWithoutThrowing()
    {
        final PhysicalMemory memory = new PhysicalMemory("m", 2 * PAGE);

        assertTrue(memory.contains(0, 2 * PAGE));
        assertTrue(memory.contains(2 * PAGE, 0));
        assertFalse(memory.contains(1, 2 * PAGE));
        assertFalse(memory.contains(-1, 1));
        assertFalse(memory.contains(0, -1));
        assertFalse(memory.contains(Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void shouldRejectInvalidSizes()
    {
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory("m", 0));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory("m", PAGE + 1));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory("m", PhysicalMemory.MAX_SIZE_BYTES * 2));
        assertEquals("m", new PhysicalMemory("m", PAGE).name());
        assertEquals(PAGE, new PhysicalMemory("m", PAGE).sizeBytes());
    }

    @Test
    void shouldCopyOverlappingRangesLikeMemmove()
    {
        final int size = 8 * PAGE;
        final int[][] cases = {
            {100, 300, 3 * PAGE}, {300, 100, 3 * PAGE}, {PAGE - 1, PAGE + 1, 2 * PAGE + 5},
            {PAGE + 1, PAGE - 1, 2 * PAGE + 5}, {0, 1, size - 1}, {1, 0, size - 1}, {10, 10, PAGE}};
        for (final int[] c : cases)
        {
            final PhysicalMemory memory = new PhysicalMemory("m", size);
            final byte[] model = new byte[size];
            new Random(c[0] * 31L + c[1]).nextBytes(model);
            memory.write(0, model, 0, size);

            PhysicalMemory.copy(memory, c[0], memory, c[1], c[2]);
            System.arraycopy(model, c[0], model, c[1], c[2]);

            assertArrayEquals(model, bytes(memory, 0, size, size), Arrays.toString(c));
        }
    }

    @Test
    void shouldCopyBetweenMemoriesTouchingOnlyWhatIsWritten()
    {
        final PhysicalMemory src = new PhysicalMemory("src", 16 * PAGE);
        final PhysicalMemory dst = new PhysicalMemory("dst", 16 * PAGE);
        src.putLongBE(PAGE + 10, 0x1122334455667788L);
        dst.fill(5 * PAGE, PAGE, (byte)7);
        dst.fill(7 * PAGE, 20, (byte)9);

        PhysicalMemory.copy(src, 0, dst, 4 * PAGE + 10, 3 * PAGE);

        assertEquals(0x1122334455667788L, dst.getLongBE(5 * PAGE + 20));
        assertEquals(0, dst.getByte(5 * PAGE + 19), "untouched source memory copies as zeros");
        assertEquals(0, dst.getByte(7 * PAGE + 9), "last byte copied");
        assertEquals(9, dst.getByte(7 * PAGE + 10), "first byte after the copy");
        assertEquals(3, dst.touchedPages(), "pages 5 and 7 (filled) and 6 (copy of a touched source page)");
        assertEquals(1, src.touchedPages());
    }

    /** Random bulk and typed operations, applied to the memory and to a reference byte array. */
    @Property(tries = 200)
    void shouldBehaveLikeAByteArrayUnderRandomBulkOperations(@ForAll final long seed)
    {
        final int size = 16 * PAGE;
        final PhysicalMemory memory = new PhysicalMemory("m", size);
        final PhysicalMemory other = new PhysicalMemory("other", size);
        final byte[] model = new byte[size];
        final byte[] otherModel = new byte[size];
        final Random random = new Random(seed);
        for (int step = 0; step < 60; step++)
        {
            final int length = random.nextInt(random.nextBoolean() ? 64 : 3 * PAGE);
            final int pa = random.nextInt(size - length + 1);
            switch (random.nextInt(7))
            {
                case 0:
                {
                    final byte[] src = new byte[length + 3];
                    random.nextBytes(src);
                    memory.write(pa, src, 3, length);
                    System.arraycopy(src, 3, model, pa, length);
                    break;
                }
                case 1:
                {
                    final byte value = (byte)(random.nextBoolean() ? 0 : random.nextInt());
                    memory.fill(pa, length, value);
                    Arrays.fill(model, pa, pa + length, value);
                    break;
                }
                case 2:
                {
                    final int to = random.nextInt(size - length + 1);
                    PhysicalMemory.copy(memory, pa, memory, to, length);
                    System.arraycopy(model, pa, model, to, length);
                    break;
                }
                case 3:
                {
                    final int to = random.nextInt(size - length + 1);
                    PhysicalMemory.copy(memory, pa, other, to, length);
                    System.arraycopy(model, pa, otherModel, to, length);
                    break;
                }
                case 4:
                {
                    final int at = random.nextInt(size - 8);
                    final long value = random.nextLong();
                    memory.putLongBE(at, value);
                    ByteBuffer.wrap(model).order(ByteOrder.BIG_ENDIAN).putLong(at, value);
                    break;
                }
                case 5:
                {
                    final int at = random.nextInt(size - 4);
                    final int value = random.nextInt();
                    memory.putIntLE(at, value);
                    ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
                    break;
                }
                default:
                {
                    final byte[] dst = new byte[length + 1];
                    memory.read(pa, dst, 1, length);
                    assertArrayEquals(Arrays.copyOfRange(model, pa, pa + length), Arrays.copyOfRange(dst, 1, length + 1));
                    final int at = random.nextInt(size - 8);
                    assertEquals(ByteBuffer.wrap(model).getLong(at), memory.getLongBE(at));
                    break;
                }
            }
        }
        assertArrayEquals(model, bytes(memory, 0, size, size), "seed " + seed);
        assertArrayEquals(otherModel, bytes(other, 0, size, size), "seed " + seed);
    }

    private static byte[] bytes(final PhysicalMemory memory, final long pa, final int arrayLength, final int count)
    {
        final byte[] result = new byte[arrayLength];
        memory.read(pa, result, 0, count);
        return result;
    }
}
