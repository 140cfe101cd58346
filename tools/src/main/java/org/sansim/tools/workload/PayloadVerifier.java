package org.sansim.tools.workload;

import java.util.Arrays;
import org.sansim.host.AddressSpace;
import org.sansim.host.PhysicalMemory;
import org.sansim.host.SimProcess;

/**
 * {@code --verify}: checks every byte a workload sends against what arrives. A sender
 * {@link #fill fills} each message with a pattern that depends on the flow, the message's number and
 * the byte's offset, just before it posts it; the receiver's side {@link #check checks} the bytes that
 * land, as they land, and counts a message received when all its bytes have arrived intact. At the
 * end every flow must have had each of its messages received once, byte for byte.
 *
 * <p>Which message a write belongs to: each flow has {@code txDepth} slots at the destination and at
 * the source, message {@code k} uses slot {@code k mod txDepth}, and message {@code k + txDepth} is
 * posted only after message {@code k} completed, so a slot's bytes are those of its current message;
 * bytes of the message before it (a retransmission written again after the sender saw it complete)
 * are accepted but not counted. A write that matches neither is a mismatch, and the first one is
 * reported with its flow, message, offset and bytes.
 *
 * <p>Each flow's state is written from one partition only: the sent counters by the source's thread,
 * the rest by the destination's partition (from its host's DMA writes, or its receiving thread), and
 * the results are read after the run. Checking allocates nothing; a mismatch allocates its report.
 */
public final class PayloadVerifier
{
    private static final int PAGE_SHIFT = PhysicalMemory.PAGE_SHIFT;
    private static final long PAGE_MASK = PhysicalMemory.PAGE_BYTES - 1;

    private final long seed;
    private final long[] messages;
    private final long[] messageBytes;
    private final long[] flowBytes;
    private final int depth;
    private final long[] sent;
    private final long[] sentBytes;
    private final long[] received;
    private final long[] receivedBytes;
    private final long[] rewrites;
    private final long[][] expected;
    private final long[][] highWater;
    private long mismatches;
    private String firstMismatch;

    /**
     * @param seed the run's seed, mixed into the pattern
     * @param flowBytesById each flow's bytes, by flow id
     * @param messageBytes bytes per message (the last of a flow takes the rest)
     * @param txDepth messages in flight per flow, the number of slots
     */
    public PayloadVerifier(final long seed, final long[] flowBytesById, final long messageBytes, final int txDepth)
    {
        this.seed = seed;
        final int flows = flowBytesById.length;
        this.flowBytes = flowBytesById.clone();
        this.messageBytes = new long[flows];
        this.messages = new long[flows];
        for (int f = 0; f < flows; f++)
        {
            this.messageBytes[f] = messageBytes;
            this.messages[f] = (flowBytesById[f] + messageBytes - 1) / messageBytes;
        }
        this.depth = txDepth;
        sent = new long[flows];
        sentBytes = new long[flows];
        received = new long[flows];
        receivedBytes = new long[flows];
        rewrites = new long[flows];
        expected = new long[flows][txDepth];
        highWater = new long[flows][txDepth];
        for (int f = 0; f < flows; f++)
        {
            for (int s = 0; s < txDepth; s++)
            {
                expected[f][s] = s;
            }
        }
    }

    /** @return slots per flow: message {@code k} uses slot {@code k % slots()} */
    public int slots()
    {
        return depth;
    }

    /**
     * @param flow a flow
     * @param message a message's number
     * @return its length in bytes
     */
    public long lengthOf(final int flow, final long message)
    {
        return message == messages[flow] - 1 ? flowBytes[flow] - message * messageBytes[flow] : messageBytes[flow];
    }

    /**
     * The pattern's 8-byte word {@code word} of a message: bytes {@code 8 word .. 8 word + 7}, big-endian.
     *
     * @param flow the flow
     * @param message the message's number
     * @param word the word's index in the message
     * @return the word
     */
    long word(final int flow, final long message, final long word)
    {
        long z = seed ^ (((long)flow << 40) + (message << 20) + word) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private byte patternByte(final int flow, final long message, final long offset)
    {
        return (byte)(word(flow, message, offset >>> 3) >>> (56 - 8 * (offset & 7)));
    }

    /**
     * Writes message {@code message} of a flow into the sender's memory and counts it sent. Call from
     * the source's partition, just before posting it.
     *
     * @param process the sending process
     * @param va where the message starts in its address space
     * @param flow the flow
     * @param message the message's number
     */
    public void fill(final SimProcess process, final long va, final int flow, final long message)
    {
        final long length = lengthOf(flow, message);
        final PhysicalMemory memory = process.memory();
        final AddressSpace space = process.addressSpace();
        long o = 0;
        while (o < length)
        {
            final long pa = space.translate(va + o, 0);
            final long run = Math.min(length - o, PhysicalMemory.PAGE_BYTES - ((va + o) & PAGE_MASK));
            for (long i = 0; i < run; )
            {
                final long at = o + i;
                if ((at & 7) == 0 && run - i >= 8)
                {
                    memory.putLongBE(pa + i, word(flow, message, at >>> 3));
                    i += 8;
                }
                else
                {
                    memory.putByte(pa + i, patternByte(flow, message, at));
                    i++;
                }
            }
            o += run;
        }
        sent[flow]++;
        sentBytes[flow] += length;
    }

    /**
     * Checks bytes that have just landed in the receiver's memory at {@code [offset, offset + length)}
     * of the slot's current message, and counts the message received once all its bytes have. Call
     * from the destination's partition.
     *
     * @param memory the receiver's memory
     * @param pa where the bytes are
     * @param flow the flow
     * @param slot the slot they landed in
     * @param offset their offset in the message
     * @param length how many, within one page
     */
    public void check(final PhysicalMemory memory, final long pa, final int flow, final int slot, final long offset,
        final int length)
    {
        final long message = expected[flow][slot];
        if (message < messages[flow] && matches(memory, pa, flow, message, offset, length))
        {
            if (offset <= highWater[flow][slot])
            {
                highWater[flow][slot] = Math.max(highWater[flow][slot], offset + length);
            }
            if (highWater[flow][slot] >= lengthOf(flow, message))
            {
                received[flow]++;
                receivedBytes[flow] += lengthOf(flow, message);
                expected[flow][slot] = message + depth;
                highWater[flow][slot] = 0;
            }
            return;
        }
        final long previous = message - depth;
        if (previous >= 0 && offset + length <= lengthOf(flow, previous)
            && matches(memory, pa, flow, previous, offset, length))
        {
            rewrites[flow]++;
            return;
        }
        mismatch(memory, pa, flow, Math.min(message, messages[flow] - 1), offset, length);
    }

    /**
     * Checks a whole message that has arrived (a receive completed), as {@link #check} does for its
     * pieces; for two-sided workloads whose receiver polls for it.
     *
     * @param process the receiving process
     * @param va where the message landed
     * @param flow the flow
     * @param message the message's number
     */
    public void checkMessage(final SimProcess process, final long va, final int flow, final long message)
    {
        final int slot = (int)(message % depth);
        final long length = lengthOf(flow, message);
        long o = 0;
        while (o < length)
        {
            final long pa = process.addressSpace().translate(va + o, 0);
            final int run = (int)Math.min(length - o, PhysicalMemory.PAGE_BYTES - ((va + o) & PAGE_MASK));
            check(process.memory(), pa, flow, slot, o, run);
            o += run;
        }
    }

    private boolean matches(final PhysicalMemory memory, final long pa, final int flow, final long message,
        final long offset, final int length)
    {
        if (offset + length > lengthOf(flow, message))
        {
            return false;
        }
        for (int i = 0; i < length; )
        {
            final long at = offset + i;
            if ((at & 7) == 0 && length - i >= 8)
            {
                if (memory.getLongBE(pa + i) != word(flow, message, at >>> 3))
                {
                    return false;
                }
                i += 8;
            }
            else
            {
                if (memory.getByte(pa + i) != patternByte(flow, message, at))
                {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private void mismatch(final PhysicalMemory memory, final long pa, final int flow, final long message,
        final long offset, final int length)
    {
        mismatches++;
        if (firstMismatch != null)
        {
            return;
        }
        for (int i = 0; i < length; i++)
        {
            final byte got = memory.getByte(pa + i);
            final byte want = offset + i < lengthOf(flow, message) ? patternByte(flow, message, offset + i) : 0;
            if (got != want)
            {
                firstMismatch = String.format("flow %d message %d byte %d: expected 0x%02x, got 0x%02x", flow,
                    message, offset + i, want & 0xFF, got & 0xFF);
                return;
            }
        }
        firstMismatch = String.format("flow %d message %d bytes %d..%d: of no message in flight", flow, message,
            offset, offset + length);
    }

    /** @return whether every message of every flow was sent and received intact, and nothing else arrived */
    public boolean ok()
    {
        if (mismatches != 0)
        {
            return false;
        }
        for (int f = 0; f < messages.length; f++)
        {
            if (sent[f] != messages[f] || received[f] != messages[f] || receivedBytes[f] != flowBytes[f])
            {
                return false;
            }
        }
        return true;
    }

    /** @return messages counted received intact, over all flows */
    public long messagesReceived()
    {
        return Arrays.stream(received).sum();
    }

    /** @return bytes counted received intact, over all flows */
    public long bytesReceived()
    {
        return Arrays.stream(receivedBytes).sum();
    }

    /**
     * @return one line: {@code integrity: ok (...)}, or {@code integrity: FAILED} with what differs
     */
    public String report()
    {
        if (ok())
        {
            return String.format("integrity: ok (%,d messages, %,d bytes sent and received intact)",
                messagesReceived(), bytesReceived());
        }
        final StringBuilder b = new StringBuilder("integrity: FAILED:");
        if (mismatches != 0)
        {
            b.append(' ').append(mismatches).append(" writes with wrong bytes, first ").append(firstMismatch).append(';');
        }
        int listed = 0;
        for (int f = 0; f < messages.length && listed < 5; f++)
        {
            if (sent[f] != messages[f] || received[f] != messages[f])
            {
                b.append(String.format(" flow %d: %d of %d messages sent, %d received intact (%d of %d bytes);", f,
                    sent[f], messages[f], received[f], receivedBytes[f], flowBytes[f]));
                listed++;
            }
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }
}
