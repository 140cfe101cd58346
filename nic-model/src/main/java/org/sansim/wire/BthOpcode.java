package org.sansim.wire;

/**
 * BTH opcodes of the Reliable Connection transport, the Unreliable Datagram SEND ONLY of management
 * datagrams and the RoCEv2 CNP, with one table saying which extension headers follow each opcode, so that
 * the frame builder and the parser cannot disagree.
 *
 * <p>The opcode's top three bits select the transport (000 = RC, 011 = UD, 100 = CNP); the low five bits
 * the operation. Extension headers always appear in this order after the BTH:
 * <pre>
 *   BTH | RETH or AtomicETH | ImmDt | payload | pad | ICRC          (requests)
 *   BTH | AETH | AtomicAckETH       | payload | pad | ICRC          (responses)
 *   BTH | DETH                      | payload | pad | ICRC          (UD SEND ONLY)
 * </pre>
 *
 * <table>
 *   <caption>Extension headers by opcode (an x marks a header present)</caption>
 *   <tr><th>opcode</th><th>name</th><th>RETH</th><th>AETH</th><th>ImmDt</th><th>AtomicETH</th>
 *       <th>AtomicAckETH</th><th>payload</th></tr>
 *   <tr><td>0x00-0x02</td><td>SEND FIRST, MIDDLE, LAST</td><td></td><td></td><td></td><td></td><td></td>
 *       <td>x</td></tr>
 *   <tr><td>0x03</td><td>SEND LAST WITH IMMEDIATE</td><td></td><td></td><td>x</td><td></td><td></td><td>x</td></tr>
 *   <tr><td>0x04</td><td>SEND ONLY</td><td></td><td></td><td></td><td></td><td></td><td>x</td></tr>
 *   <tr><td>0x05</td><td>SEND ONLY WITH IMMEDIATE</td><td></td><td></td><td>x</td><td></td><td></td><td>x</td></tr>
 *   <tr><td>0x06</td><td>RDMA WRITE FIRST</td><td>x</td><td></td><td></td><td></td><td></td><td>x</td></tr>
 *   <tr><td>0x07, 0x08</td><td>RDMA WRITE MIDDLE, LAST</td><td></td><td></td><td></td><td></td><td></td>
 *       <td>x</td></tr>
 *   <tr><td>0x09</td><td>RDMA WRITE LAST WITH IMMEDIATE</td><td></td><td></td><td>x</td><td></td><td></td>
 *       <td>x</td></tr>
 *   <tr><td>0x0A</td><td>RDMA WRITE ONLY</td><td>x</td><td></td><td></td><td></td><td></td><td>x</td></tr>
 *   <tr><td>0x0B</td><td>RDMA WRITE ONLY WITH IMMEDIATE</td><td>x</td><td></td><td>x</td><td></td><td></td>
 *       <td>x</td></tr>
 *   <tr><td>0x0C</td><td>RDMA READ REQUEST</td><td>x</td><td></td><td></td><td></td><td></td><td></td></tr>
 *   <tr><td>0x0D, 0x0F, 0x10</td><td>RDMA READ RESPONSE FIRST, LAST, ONLY</td><td></td><td>x</td><td></td>
 *       <td></td><td></td><td>x</td></tr>
 *   <tr><td>0x0E</td><td>RDMA READ RESPONSE MIDDLE</td><td></td><td></td><td></td><td></td><td></td><td>x</td></tr>
 *   <tr><td>0x11</td><td>ACKNOWLEDGE</td><td></td><td>x</td><td></td><td></td><td></td><td></td></tr>
 *   <tr><td>0x12</td><td>ATOMIC ACKNOWLEDGE</td><td></td><td>x</td><td></td><td></td><td>x</td><td></td></tr>
 *   <tr><td>0x13, 0x14</td><td>COMPARE SWAP, FETCH ADD</td><td></td><td></td><td></td><td>x</td><td></td>
 *       <td></td></tr>
 *   <tr><td>0x64</td><td>UD SEND ONLY (followed by a DETH)</td><td></td><td></td><td></td><td></td><td></td>
 *       <td>x</td></tr>
 *   <tr><td>0x81</td><td>CNP</td><td></td><td></td><td></td><td></td><td></td>
 *       <td>16 reserved bytes</td></tr>
 * </table>
 *
 * <p>Any other opcode (UC, RD, the other UD ones, XRC, SEND WITH INVALIDATE) is not {@link #isKnown known}; all the
 * {@code has*} helpers answer false for it. All methods are allocation-free.
 */
public final class BthOpcode
{
    /** RC SEND First (0x00). */
    public static final int SEND_FIRST = 0x00;
    /** RC SEND Middle (0x01). */
    public static final int SEND_MIDDLE = 0x01;
    /** RC SEND Last (0x02). */
    public static final int SEND_LAST = 0x02;
    /** RC SEND Last with Immediate (0x03). */
    public static final int SEND_LAST_WITH_IMMEDIATE = 0x03;
    /** RC SEND Only (0x04). */
    public static final int SEND_ONLY = 0x04;
    /** RC SEND Only with Immediate (0x05). */
    public static final int SEND_ONLY_WITH_IMMEDIATE = 0x05;
    /** RC RDMA WRITE First (0x06). */
    public static final int RDMA_WRITE_FIRST = 0x06;
    /** RC RDMA WRITE Middle (0x07). */
    public static final int RDMA_WRITE_MIDDLE = 0x07;
    /** RC RDMA WRITE Last (0x08). */
    public static final int RDMA_WRITE_LAST = 0x08;
    /** RC RDMA WRITE Last with Immediate (0x09). */
    public static final int RDMA_WRITE_LAST_WITH_IMMEDIATE = 0x09;
    /** RC RDMA WRITE Only (0x0A). */
    public static final int RDMA_WRITE_ONLY = 0x0A;
    /** RC RDMA WRITE Only with Immediate (0x0B). */
    public static final int RDMA_WRITE_ONLY_WITH_IMMEDIATE = 0x0B;
    /** RC RDMA READ Request (0x0C). */
    public static final int RDMA_READ_REQUEST = 0x0C;
    /** RC RDMA READ Response First (0x0D). */
    public static final int RDMA_READ_RESPONSE_FIRST = 0x0D;
    /** RC RDMA READ Response Middle (0x0E). */
    public static final int RDMA_READ_RESPONSE_MIDDLE = 0x0E;
    /** RC RDMA READ Response Last (0x0F). */
    public static final int RDMA_READ_RESPONSE_LAST = 0x0F;
    /** RC RDMA READ Response Only (0x10). */
    public static final int RDMA_READ_RESPONSE_ONLY = 0x10;
    /** RC Acknowledge (0x11). */
    public static final int ACKNOWLEDGE = 0x11;
    /** RC ATOMIC Acknowledge (0x12). */
    public static final int ATOMIC_ACKNOWLEDGE = 0x12;
    /** RC CmpSwap (0x13). */
    public static final int COMPARE_SWAP = 0x13;
    /** RC FetchAdd (0x14). */
    public static final int FETCH_ADD = 0x14;
    /** UD SEND Only (0x64): a datagram, such as a management datagram to QP1; a DETH follows the BTH. */
    public static final int UD_SEND_ONLY = 0x64;
    /** RoCEv2 Congestion Notification Packet (0x81). */
    public static final int CNP = 0x81;
    /** Bytes of reserved (zero) payload a CNP carries between its BTH and ICRC. */
    public static final int CNP_PAYLOAD_LENGTH_BYTES = 16;

    private static final int KNOWN = 1;
    private static final int RETH = 1 << 1;
    private static final int AETH = 1 << 2;
    private static final int IMM_DT = 1 << 3;
    private static final int ATOMIC_ETH = 1 << 4;
    private static final int ATOMIC_ACK_ETH = 1 << 5;
    private static final int PAYLOAD = 1 << 6;
    private static final int DETH = 1 << 7;

    private static final byte[] FLAGS = new byte[256];
    private static final String[] NAMES = new String[256];

    static
    {
        define(SEND_FIRST, "SEND_FIRST", PAYLOAD);
        define(SEND_MIDDLE, "SEND_MIDDLE", PAYLOAD);
        define(SEND_LAST, "SEND_LAST", PAYLOAD);
        define(SEND_LAST_WITH_IMMEDIATE, "SEND_LAST_WITH_IMMEDIATE", IMM_DT | PAYLOAD);
        define(SEND_ONLY, "SEND_ONLY", PAYLOAD);
        define(SEND_ONLY_WITH_IMMEDIATE, "SEND_ONLY_WITH_IMMEDIATE", IMM_DT | PAYLOAD);
        define(RDMA_WRITE_FIRST, "RDMA_WRITE_FIRST", RETH | PAYLOAD);
        define(RDMA_WRITE_MIDDLE, "RDMA_WRITE_MIDDLE", PAYLOAD);
        define(RDMA_WRITE_LAST, "RDMA_WRITE_LAST", PAYLOAD);
        define(RDMA_WRITE_LAST_WITH_IMMEDIATE, "RDMA_WRITE_LAST_WITH_IMMEDIATE", IMM_DT | PAYLOAD);
        define(RDMA_WRITE_ONLY, "RDMA_WRITE_ONLY", RETH | PAYLOAD);
        define(RDMA_WRITE_ONLY_WITH_IMMEDIATE, "RDMA_WRITE_ONLY_WITH_IMMEDIATE", RETH | IMM_DT | PAYLOAD);
        define(RDMA_READ_REQUEST, "RDMA_READ_REQUEST", RETH);
        define(RDMA_READ_RESPONSE_FIRST, "RDMA_READ_RESPONSE_FIRST", AETH | PAYLOAD);
        define(RDMA_READ_RESPONSE_MIDDLE, "RDMA_READ_RESPONSE_MIDDLE", PAYLOAD);
        define(RDMA_READ_RESPONSE_LAST, "RDMA_READ_RESPONSE_LAST", AETH | PAYLOAD);
        define(RDMA_READ_RESPONSE_ONLY, "RDMA_READ_RESPONSE_ONLY", AETH | PAYLOAD);
        define(ACKNOWLEDGE, "ACKNOWLEDGE", AETH);
        define(ATOMIC_ACKNOWLEDGE, "ATOMIC_ACKNOWLEDGE", AETH | ATOMIC_ACK_ETH);
        define(COMPARE_SWAP, "COMPARE_SWAP", ATOMIC_ETH);
        define(FETCH_ADD, "FETCH_ADD", ATOMIC_ETH);
        define(UD_SEND_ONLY, "UD_SEND_ONLY", DETH | PAYLOAD);
        define(CNP, "CNP", PAYLOAD);
    }

    private BthOpcode()
    {
    }

    private static void define(final int opcode, final String name, final int flags)
    {
        FLAGS[opcode] = (byte)(flags | KNOWN);
        NAMES[opcode] = name;
    }

    private static boolean has(final int opcode, final int flag)
    {
        return (opcode & ~0xFF) == 0 && (FLAGS[opcode] & flag) != 0;
    }

    /**
     * @param opcode a BTH opcode (any int)
     * @return true if the opcode is one of the constants of this class
     */
    public static boolean isKnown(final int opcode)
    {
        return has(opcode, KNOWN);
    }

    /**
     * @param opcode a BTH opcode
     * @return true if a RETH follows the BTH
     */
    public static boolean hasReth(final int opcode)
    {
        return has(opcode, RETH);
    }

    /**
     * @param opcode a BTH opcode
     * @return true if an AETH follows the BTH
     */
    public static boolean hasAeth(final int opcode)
    {
        return has(opcode, AETH);
    }

    /**
     * @param opcode a BTH opcode
     * @return true if an ImmDt follows the BTH (after the RETH, if any)
     */
    public static boolean hasImmDt(final int opcode)
    {
        return has(opcode, IMM_DT);
    }

    /**
     * @param opcode a BTH opcode
     * @return true if an AtomicETH follows the BTH
     */
    public static boolean hasAtomicEth(final int opcode)
    {
        return has(opcode, ATOMIC_ETH);
    }

    /**
     * @param opcode a BTH opcode
     * @return true if an AtomicAckETH follows the AETH
     */
    public static boolean hasAtomicAckEth(final int opcode)
    {
        return has(opcode, ATOMIC_ACK_ETH);
    }

    /**
     * @param opcode a BTH opcode
     * @return true if a DETH follows the BTH (Unreliable Datagram opcodes)
     */
    public static boolean hasDeth(final int opcode)
    {
        return has(opcode, DETH);
    }

    /**
     * @param opcode a BTH opcode
     * @return true if the packet may carry payload bytes after its extension headers (for a CNP: its 16
     *     reserved bytes); false for READ requests, ACKs and atomics, whose payload must be empty
     */
    public static boolean hasPayload(final int opcode)
    {
        return has(opcode, PAYLOAD);
    }

    /**
     * @param opcode a known BTH opcode
     * @return total length in bytes of the extension headers between the BTH and the payload; 0 for an
     *     unknown opcode
     */
    public static int extensionHeadersLengthBytes(final int opcode)
    {
        return (hasDeth(opcode) ? Deth.LENGTH_BYTES : 0)
            + (hasReth(opcode) ? Reth.LENGTH_BYTES : 0)
            + (hasAtomicEth(opcode) ? AtomicEth.LENGTH_BYTES : 0)
            + (hasImmDt(opcode) ? ImmDt.LENGTH_BYTES : 0)
            + (hasAeth(opcode) ? Aeth.LENGTH_BYTES : 0)
            + (hasAtomicAckEth(opcode) ? AtomicAckEth.LENGTH_BYTES : 0);
    }

    /**
     * @param opcode a BTH opcode
     * @return the constant's name (for example {@code "RDMA_WRITE_ONLY"}), or {@code "UNKNOWN"}; never allocates
     */
    public static String name(final int opcode)
    {
        return isKnown(opcode) ? NAMES[opcode] : "UNKNOWN";
    }
}
