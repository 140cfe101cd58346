package org.sansim.provider.sockets;

import org.sansim.host.AddressSpace;

/**
 * The layout of the switch's control messages (the session protocol between two switches), read and
 * written in place in the registered control buffers. The real switch's wire format is not public
 * (wsd-spi.md §7); this one carries what the reference says the messages carry, with credits returned
 * in every header as SDP does. Little-endian:
 *
 * <pre>
 *   0       1       2               4               8
 *  +-------+-------+---------------+---------------+
 *  | type  | flags | reserved      | credits       |   credits: receive buffers re-posted since the
 *  +-------+-------+---------------+---------------+   last message (HELLO/RESUME: buffers posted)
 *  | payloadBytes  | totalBytes    | descBytes     |   payload follows the header; the descriptor
 *  +---------------+---------------+---------------+   follows the payload
 *  | offset        | reserved (8)                  |
 *  +---------------+-------------------------------+  32 bytes
 * </pre>
 *
 * <p>{@code totalBytes}: a HELLO's control buffer size; a {@code SRC_AVAIL}'s or
 * {@code WRITE_REQ}'s block size; a {@code SINK_AVAIL}'s room; a {@code WRITE_DONE}'s or
 * {@code RDMA_DONE}'s bytes moved. {@code offset}: where in the block a {@code SINK_AVAIL}'s room
 * starts.
 */
final class ControlMessage
{
    /** Header bytes. */
    static final int HEADER_BYTES = 32;
    /** The most a negotiation message may take (wsd-spi.md §1.5). */
    static final int MAX_NEGOTIATION_BYTES = 256;

    /** Session negotiation: buffers posted (credits), buffer size, capabilities. */
    static final int HELLO = 1;
    /** Copied data. */
    static final int DATA = 2;
    /** Read-based exchange: the block's initial portion and the descriptor of the sender's memory. */
    static final int SRC_AVAIL = 3;
    /** Read-based exchange: the receiver has read the block; the sender may release it. */
    static final int RDMA_DONE = 4;
    /** Write-based exchange: the block's initial portion and its size; asks for sinks. */
    static final int WRITE_REQ = 5;
    /** Write-based exchange: the descriptor of receiver memory the sender may write. */
    static final int SINK_AVAIL = 6;
    /** Write-based exchange: the sender has written into the last sink. */
    static final int WRITE_DONE = 7;
    /** Credits only. */
    static final int CREDIT = 8;
    /** Urgent ({@code MSG_OOB}) data. */
    static final int URGENT = 9;
    /** The end of the stream ({@code shutdown(SD_SEND)}). */
    static final int SHUTDOWN = 10;
    /** Duplication: suspend the session. */
    static final int SUSPEND = 11;
    /** Duplication: the session is suspended on this side too. */
    static final int SUSPEND_ACK = 12;
    /** Duplication: the session resumes; {@code credits} is the number of buffers now posted. */
    static final int RESUME = 13;

    /** HELLO flag: this side's provider offers {@code WSPRdmaRead}. */
    static final int FLAG_RDMA_READ = 1;

    private static final int TYPE = 0;
    private static final int FLAGS = 1;
    private static final int CREDITS = 4;
    private static final int PAYLOAD = 8;
    private static final int TOTAL = 12;
    private static final int DESC = 16;
    private static final int OFFSET = 20;

    private ControlMessage()
    {
    }

    /**
     * Writes a header.
     *
     * @param space the process's memory
     * @param va the message's start
     * @param type the message type
     * @param flags its flags
     * @param credits credits returned
     * @param payloadBytes bytes of payload after the header
     * @param totalBytes the type's size field
     * @param descBytes bytes of descriptor after the payload
     * @param offset the type's offset field
     */
    static void write(final AddressSpace space, final long va, final int type, final int flags, final int credits,
        final int payloadBytes, final int totalBytes, final int descBytes, final int offset)
    {
        space.putIntLE(va + TYPE, (type & 0xFF) | (flags & 0xFF) << 8);
        space.putIntLE(va + CREDITS, credits);
        space.putIntLE(va + PAYLOAD, payloadBytes);
        space.putIntLE(va + TOTAL, totalBytes);
        space.putIntLE(va + DESC, descBytes);
        space.putIntLE(va + OFFSET, offset);
        space.putLongLE(va + 24, 0);
    }

    static int type(final AddressSpace space, final long va)
    {
        return space.getByte(va + TYPE) & 0xFF;
    }

    static int flags(final AddressSpace space, final long va)
    {
        return space.getByte(va + FLAGS) & 0xFF;
    }

    static int credits(final AddressSpace space, final long va)
    {
        return space.getIntLE(va + CREDITS);
    }

    static int payloadBytes(final AddressSpace space, final long va)
    {
        return space.getIntLE(va + PAYLOAD);
    }

    static int totalBytes(final AddressSpace space, final long va)
    {
        return space.getIntLE(va + TOTAL);
    }

    static int descBytes(final AddressSpace space, final long va)
    {
        return space.getIntLE(va + DESC);
    }

    static int offset(final AddressSpace space, final long va)
    {
        return space.getIntLE(va + OFFSET);
    }

    /**
     * @param va a message's start
     * @return where its payload starts
     */
    static long payload(final long va)
    {
        return va + HEADER_BYTES;
    }

    /**
     * @param type a message type
     * @return whether it belongs to the application's byte stream (held until read, and sent only
     *     with a credit to spare, so that one is always left for the control messages that let
     *     transfers finish)
     */
    static boolean stream(final int type)
    {
        return type == DATA || type == SRC_AVAIL || type == WRITE_REQ || type == URGENT;
    }

    static String name(final int type)
    {
        return switch (type)
        {
            case HELLO -> "HELLO";
            case DATA -> "DATA";
            case SRC_AVAIL -> "SRC_AVAIL";
            case RDMA_DONE -> "RDMA_DONE";
            case WRITE_REQ -> "WRITE_REQ";
            case SINK_AVAIL -> "SINK_AVAIL";
            case WRITE_DONE -> "WRITE_DONE";
            case CREDIT -> "CREDIT";
            case URGENT -> "URGENT";
            case SHUTDOWN -> "SHUTDOWN";
            case SUSPEND -> "SUSPEND";
            case SUSPEND_ACK -> "SUSPEND_ACK";
            case RESUME -> "RESUME";
            default -> "type " + type;
        };
    }
}
