package org.sansim.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A {@link Message} slot: its fields, its data array that grows on demand and is kept, and the copy
 * the rings use to move a slot; and the {@link MessageFifo} that holds slots in one thread, which
 * must keep its order while it grows around a wrapped head.
 */
class MessageTest
{
    @Test
    void shouldKeepWhatTheSenderWrites()
    {
        final Message m = new Message().kind(7).word0(-1L).word1(2L).word2(3L).word3(Long.MIN_VALUE).sizeBytes(1500);
        m.deliverPs(42);
        assertEquals(7, m.kind());
        assertEquals(-1L, m.word0());
        assertEquals(2L, m.word1());
        assertEquals(3L, m.word2());
        assertEquals(Long.MIN_VALUE, m.word3());
        assertEquals(1500, m.sizeBytes());
        assertEquals(42, m.deliverPs());
        assertEquals(0, m.dataLength());
        assertEquals(0, m.data().length);
    }

    @Test
    void shouldGrowItsDataByAtLeastDoublingAndKeepTheArray()
    {
        final Message m = new Message();
        final byte[] ten = m.data(10);
        assertEquals(10, ten.length, "the first growth takes exactly what is asked");
        assertEquals(10, m.dataLength());
        ten[9] = 9;
        final byte[] eleven = m.data(11);
        assertEquals(20, eleven.length, "a growth at least doubles");
        assertEquals(9, eleven[9], "growing keeps the bytes");
        final byte[] three = m.data(3);
        assertSame(eleven, three, "a shorter message keeps the array");
        assertEquals(3, m.dataLength());
        final byte[] exact = m.data(20);
        assertSame(eleven, exact, "a message as long as the array fits in it");
        assertEquals(45, m.data(45).length, "a growth past double takes what is asked");
    }

    @Test
    void shouldCopyEveryFieldAndOnlyTheValidData()
    {
        final Message from = new Message().kind(3).word0(10).word1(11).word2(12).word3(13).sizeBytes(99);
        from.deliverPs(5_000);
        final byte[] d = from.data(4);
        d[0] = 1;
        d[1] = 2;
        d[2] = 3;
        d[3] = 4;
        from.data(3);
        final Message to = new Message();
        to.data(8)[5] = 55;
        to.copyFrom(from);
        assertEquals(5_000, to.deliverPs());
        assertEquals(3, to.kind());
        assertEquals(10, to.word0());
        assertEquals(11, to.word1());
        assertEquals(12, to.word2());
        assertEquals(13, to.word3());
        assertEquals(99, to.sizeBytes());
        assertEquals(3, to.dataLength());
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOf(to.data(), 3));
        assertEquals(55, to.data()[5], "bytes past the copied length are left as they were");
    }

    @Test
    void shouldKeepFifoOrderWhileGrowingAroundAWrappedHead()
    {
        final MessageFifo fifo = new MessageFifo(4);
        long next = 0;
        long expected = 0;
        // Move the head forward so that the live slots wrap the array, then grow twice.
        for (int i = 0; i < 3; i++)
        {
            fifo.claim().kind((int)next++);
            fifo.commit();
        }
        for (int i = 0; i < 2; i++)
        {
            assertEquals(expected++, fifo.peek().kind());
            fifo.pop();
        }
        for (int i = 0; i < 20; i++)
        {
            fifo.claim().kind((int)next++);
            fifo.commit();
            assertEquals(next - expected, fifo.size());
        }
        while (!fifo.isEmpty())
        {
            assertEquals(expected++, fifo.peek().kind());
            fifo.pop();
        }
        assertEquals(next, expected);
        assertEquals(0, fifo.size());
    }

    @Test
    void shouldHandOutDistinctSlotsAndReturnThemInOrderWhateverItsInitialCapacity()
    {
        for (final int asked : new int[] {1, 2, 3, 4, 5, 16, 17})
        {
            final MessageFifo fifo = new MessageFifo(asked);
            final Message[] first = new Message[Math.max(2, asked)];
            for (int i = 0; i < first.length; i++)
            {
                first[i] = fifo.claim();
                fifo.commit();
            }
            for (int i = 0; i < first.length; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    assertTrue(first[i] != first[j], "asked " + asked + ": slot " + i + " reused");
                }
                assertSame(first[i], fifo.peek(), "asked " + asked);
                fifo.pop();
            }
        }
    }
}
