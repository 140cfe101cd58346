package org.sansim.tools.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.host.Access;
import org.sansim.host.FrameAllocator;
import org.sansim.host.PageSize;
import org.sansim.host.PhysicalMemory;
import org.sansim.host.SimProcess;

/**
 * The verifier on its own: a flow of three messages (the last one short) copied from a sender's
 * buffer to a receiver's, intact or with one byte wrong, missing or stale.
 */
class PayloadVerifierTest
{
    private static final int MESSAGE_BYTES = 5000;
    private static final long FLOW_BYTES = 2 * MESSAGE_BYTES + 1234;

    private final PhysicalMemory memory = new PhysicalMemory("host.memory", 1L << 24);
    private final SimProcess sender = new SimProcess(1, "tx", memory, new FrameAllocator(0, 1L << 23));
    private final SimProcess receiver = new SimProcess(2, "rx", memory, new FrameAllocator(1L << 23, 1L << 23));
    private final long tx = sender.allocate(2 * MESSAGE_BYTES, PageSize.SIZE_4K, Access.READ_WRITE);
    private final long rx = receiver.allocate(2 * MESSAGE_BYTES, PageSize.SIZE_4K, Access.READ_WRITE);
    private final PayloadVerifier v = new PayloadVerifier(42, new long[] {FLOW_BYTES}, MESSAGE_BYTES, 2);

    /** Sends message k through slot k % 2: fill at the sender, copy, and optionally damage one byte. */
    private void deliver(final int k, final int damagedByte)
    {
        final long slot = (k % 2) * (long)MESSAGE_BYTES;
        v.fill(sender, tx + slot, 0, k);
        final int length = (int)v.lengthOf(0, k);
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = memory.getByte(sender.addressSpace().translate(tx + slot + i, 0));
        }
        if (damagedByte >= 0)
        {
            bytes[damagedByte] ^= 0x10;
        }
        for (int i = 0; i < length; i++)
        {
            memory.putByte(receiver.addressSpace().translate(rx + slot + i, 0), bytes[i]);
        }
        v.checkMessage(receiver, rx + slot, 0, k);
    }

    @Test
    void shouldSayOkWhenEveryByteOfEveryMessageArrives()
    {
        for (int k = 0; k < 3; k++)
        {
            deliver(k, -1);
        }
        assertTrue(v.ok(), v.report());
        assertEquals("integrity: ok (3 messages, 11,234 bytes sent and received intact)", v.report());
    }

    @Test
    void shouldNameTheFlowMessageAndByteThatDiffer()
    {
        deliver(0, -1);
        deliver(1, 4097);
        deliver(2, -1);
        assertFalse(v.ok());
        assertTrue(v.report().contains("first flow 0 message 1 byte 4097: expected 0x"), v.report());
    }

    @Test
    void shouldNoticeAMessageThatNeverArrived()
    {
        deliver(0, -1);
        v.fill(sender, tx + MESSAGE_BYTES, 0, 1); // sent, never delivered
        deliver(2, -1);
        assertFalse(v.ok());
        assertTrue(v.report().contains("flow 0: 3 of 3 messages sent, 2 received intact"), v.report());
    }

    @Test
    void shouldAcceptARewriteOfTheSlotsPreviousMessageWithoutCountingIt()
    {
        deliver(0, -1);
        deliver(1, -1);
        // message 0 written again into slot 0 (a retransmission after it completed): same bytes
        v.checkMessage(receiver, rx, 0, 0);
        deliver(2, -1);
        assertTrue(v.ok(), v.report());
    }
}
