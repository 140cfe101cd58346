package org.sansim.traces.capture;

import org.sansim.wire.Aeth;
import org.sansim.wire.AtomicAckEth;
import org.sansim.wire.AtomicEth;
import org.sansim.wire.Deth;
import org.sansim.wire.ImmDt;
import org.sansim.wire.Reth;

/**
 * Every BTH opcode a capture may hold, for decoding (IBA 9.2, table "OpCode field"; RoCEv2 annex A17 for the
 * CNP): its name, the extension headers that follow the BTH, the operation it belongs to and its place in a
 * message. The simulator's own subset is {@link org.sansim.wire.BthOpcode}; this table adds Unreliable
 * Connection, Reliable Datagram, the other Unreliable Datagram and the XRC opcodes, and SEND with Invalidate.
 *
 * <p>The opcode's top three bits select the transport, the low five bits the operation, which has the same
 * meaning in every transport that supports it:
 * <pre>
 *   bits 7-5   000 RC   001 UC   010 RD   011 UD   100 CNP   101 XRC
 *   bits 4-0   00 SEND_FIRST .. 05 SEND_ONLY_WITH_IMMEDIATE, 06 RDMA_WRITE_FIRST .. 0B RDMA_WRITE_ONLY_WITH_IMMEDIATE,
 *              0C RDMA_READ_REQUEST, 0D-10 RDMA_READ_RESPONSE_FIRST/MIDDLE/LAST/ONLY, 11 ACKNOWLEDGE,
 *              12 ATOMIC_ACKNOWLEDGE, 13 COMPARE_SWAP, 14 FETCH_ADD, 15 RESYNC (RD only),
 *              16 SEND_LAST_WITH_INVALIDATE, 17 SEND_ONLY_WITH_INVALIDATE
 * </pre>
 * Extension headers, in the order they follow the BTH: RDETH (RD), DETH (RD requests, UD), XRCETH (XRC
 * requests), RETH or AtomicETH, ImmDt or IETH, AETH, AtomicAckETH.
 *
 * <p>Lookups are array reads; nothing allocates after class initialisation.
 */
public final class IbOpcode
{
    /** Flag: an RDETH (4 bytes) follows the BTH. */
    public static final int RDETH = 1;
    /** Flag: a DETH (8 bytes). */
    public static final int DETH = 1 << 1;
    /** Flag: an XRCETH (4 bytes). */
    public static final int XRCETH = 1 << 2;
    /** Flag: a RETH (16 bytes). */
    public static final int RETH = 1 << 3;
    /** Flag: an AtomicETH (28 bytes). */
    public static final int ATOMIC_ETH = 1 << 4;
    /** Flag: an ImmDt (4 bytes). */
    public static final int IMM_DT = 1 << 5;
    /** Flag: an IETH (4 bytes, the R_Key to invalidate). */
    public static final int IETH = 1 << 6;
    /** Flag: an AETH (4 bytes). */
    public static final int AETH = 1 << 7;
    /** Flag: an AtomicAckETH (8 bytes). */
    public static final int ATOMIC_ACK_ETH = 1 << 8;
    /** Flag: the packet may carry payload. */
    public static final int PAYLOAD = 1 << 9;

    /** Length of the RDETH in bytes. */
    public static final int RDETH_LENGTH_BYTES = 4;
    /** Length of the XRCETH in bytes. */
    public static final int XRCETH_LENGTH_BYTES = 4;
    /** Length of the IETH in bytes. */
    public static final int IETH_LENGTH_BYTES = 4;

    /** Place of a packet in its message: the first of several. */
    public static final int FIRST = 1;
    /** Place: neither first nor last. */
    public static final int MIDDLE = 2;
    /** Place: the last of several. */
    public static final int LAST = 3;
    /** Place: the message's only packet. */
    public static final int ONLY = 4;
    /** Place: not part of a message (acknowledgements, CNP, RESYNC). */
    public static final int NONE = 0;

    /** Transport service of the RoCEv2 congestion notification packet. */
    public static final int CNP_OPCODE = 0x81;

    private static final String[] OPERATION_NAMES = {
        "SEND_FIRST", "SEND_MIDDLE", "SEND_LAST", "SEND_LAST_WITH_IMMEDIATE", "SEND_ONLY",
        "SEND_ONLY_WITH_IMMEDIATE", "RDMA_WRITE_FIRST", "RDMA_WRITE_MIDDLE", "RDMA_WRITE_LAST",
        "RDMA_WRITE_LAST_WITH_IMMEDIATE", "RDMA_WRITE_ONLY", "RDMA_WRITE_ONLY_WITH_IMMEDIATE", "RDMA_READ_REQUEST",
        "RDMA_READ_RESPONSE_FIRST", "RDMA_READ_RESPONSE_MIDDLE", "RDMA_READ_RESPONSE_LAST",
        "RDMA_READ_RESPONSE_ONLY", "ACKNOWLEDGE", "ATOMIC_ACKNOWLEDGE", "COMPARE_SWAP", "FETCH_ADD", "RESYNC",
        "SEND_LAST_WITH_INVALIDATE", "SEND_ONLY_WITH_INVALIDATE",
    };
    /** Extension headers of each RC operation (low five bits), before transport-specific additions. */
    private static final int[] RC_FLAGS = {
        PAYLOAD, PAYLOAD, PAYLOAD, IMM_DT | PAYLOAD, PAYLOAD, IMM_DT | PAYLOAD,
        RETH | PAYLOAD, PAYLOAD, PAYLOAD, IMM_DT | PAYLOAD, RETH | PAYLOAD, RETH | IMM_DT | PAYLOAD,
        RETH, AETH | PAYLOAD, PAYLOAD, AETH | PAYLOAD, AETH | PAYLOAD, AETH, AETH | ATOMIC_ACK_ETH,
        ATOMIC_ETH, ATOMIC_ETH, 0, IETH | PAYLOAD, IETH | PAYLOAD,
    };
    private static final int[] PLACES = {
        FIRST, MIDDLE, LAST, LAST, ONLY, ONLY, FIRST, MIDDLE, LAST, LAST, ONLY, ONLY, ONLY,
        FIRST, MIDDLE, LAST, ONLY, NONE, NONE, ONLY, ONLY, NONE, LAST, ONLY,
    };
    private static final String[] MESSAGE_OPERATIONS = {
        "SEND", "SEND", "SEND", "SEND_WITH_IMMEDIATE", "SEND", "SEND_WITH_IMMEDIATE",
        "RDMA_WRITE", "RDMA_WRITE", "RDMA_WRITE", "RDMA_WRITE_WITH_IMMEDIATE", "RDMA_WRITE",
        "RDMA_WRITE_WITH_IMMEDIATE", "RDMA_READ", "RDMA_READ_RESPONSE", "RDMA_READ_RESPONSE",
        "RDMA_READ_RESPONSE", "RDMA_READ_RESPONSE", null, null, "COMPARE_SWAP", "FETCH_ADD", null,
        "SEND_WITH_INVALIDATE", "SEND_WITH_INVALIDATE",
    };
    private static final int RESPONSE_FIRST = 0x0D;
    private static final int ATOMIC_ACKNOWLEDGE = 0x12;

    private static final String[] NAMES = new String[256];
    private static final int[] FLAGS = new int[256];
    private static final byte[] PLACE = new byte[256];
    private static final String[] MESSAGE = new String[256];

    static
    {
        for (int op = 0; op < OPERATION_NAMES.length; op++)
        {
            if (op != 0x15)
            {
                define(op, "RC_", RC_FLAGS[op]);
                final boolean request = op < RESPONSE_FIRST || op > ATOMIC_ACKNOWLEDGE;
                define(0xA0 | op, "XRC_", RC_FLAGS[op] | (request ? XRCETH : 0));
            }
            if (op <= 0x0B)
            {
                define(0x20 | op, "UC_", RC_FLAGS[op]);
            }
            if (op <= 0x15)
            {
                final boolean request = op < RESPONSE_FIRST || op > ATOMIC_ACKNOWLEDGE;
                define(0x40 | op, "RD_", RC_FLAGS[op] | RDETH | (request ? DETH : 0));
            }
        }
        define(0x64, "UD_", DETH | PAYLOAD);
        define(0x65, "UD_", DETH | IMM_DT | PAYLOAD);
        NAMES[CNP_OPCODE] = "CNP";
        FLAGS[CNP_OPCODE] = PAYLOAD;
    }

    private IbOpcode()
    {
    }

    private static void define(final int opcode, final String transport, final int flags)
    {
        final int op = opcode & 0x1F;
        NAMES[opcode] = transport + OPERATION_NAMES[op];
        FLAGS[opcode] = flags;
        PLACE[opcode] = (byte)PLACES[op];
        MESSAGE[opcode] = MESSAGE_OPERATIONS[op];
    }

    /**
     * @param opcode a BTH opcode, 0..255
     * @return true if the opcode is defined (reserved and vendor opcodes are not)
     */
    public static boolean isKnown(final int opcode)
    {
        return NAMES[opcode & 0xFF] != null;
    }

    /**
     * @param opcode a BTH opcode, 0..255
     * @return its name with the transport, for example {@code "RC_RDMA_WRITE_FIRST"} or {@code "CNP"}; for an
     *     unknown opcode {@code "UNKNOWN_0x"} and two hex digits
     */
    public static String name(final int opcode)
    {
        final String name = NAMES[opcode & 0xFF];
        return name != null ? name : String.format("UNKNOWN_0x%02X", opcode & 0xFF);
    }

    /**
     * @param opcode a BTH opcode
     * @return the extension-header flags ({@link #RDETH} ... {@link #PAYLOAD}); 0 for an unknown opcode
     */
    public static int flags(final int opcode)
    {
        return FLAGS[opcode & 0xFF];
    }

    /**
     * @param opcode a BTH opcode
     * @return {@link #FIRST}, {@link #MIDDLE}, {@link #LAST}, {@link #ONLY} or {@link #NONE}
     */
    public static int place(final int opcode)
    {
        return PLACE[opcode & 0xFF];
    }

    /**
     * @param opcode a BTH opcode
     * @return the operation of the message the packet belongs to ({@code "RDMA_WRITE"}, {@code "SEND"},
     *     {@code "RDMA_READ"}, {@code "RDMA_READ_RESPONSE"}, {@code "FETCH_ADD"}...), or null for packets
     *     outside messages (acknowledgements, CNP, RESYNC, unknown opcodes)
     */
    public static String messageOperation(final int opcode)
    {
        return MESSAGE[opcode & 0xFF];
    }

    /**
     * @param opcode a BTH opcode
     * @return the bytes of extension headers between the BTH and the payload
     */
    public static int extensionHeadersLengthBytes(final int opcode)
    {
        final int f = flags(opcode);
        return ((f & RDETH) != 0 ? RDETH_LENGTH_BYTES : 0) + ((f & DETH) != 0 ? Deth.LENGTH_BYTES : 0)
            + ((f & XRCETH) != 0 ? XRCETH_LENGTH_BYTES : 0) + ((f & RETH) != 0 ? Reth.LENGTH_BYTES : 0)
            + ((f & ATOMIC_ETH) != 0 ? AtomicEth.LENGTH_BYTES : 0) + ((f & IMM_DT) != 0 ? ImmDt.LENGTH_BYTES : 0)
            + ((f & IETH) != 0 ? IETH_LENGTH_BYTES : 0) + ((f & AETH) != 0 ? Aeth.LENGTH_BYTES : 0)
            + ((f & ATOMIC_ACK_ETH) != 0 ? AtomicAckEth.LENGTH_BYTES : 0);
    }
}
