package org.sansim.hw;

/**
 * Layout of a QP context: the input of {@code CREATE_QP}, the context of {@code MODIFY_QP} and the
 * output of {@code QUERY_QP} (HARDWARE.md 5.8).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |  rsvd | STATE |      PORT     |  rsvd |  MTU  | rsvd|  ACCESS |
 *           +-------+-------+---------------+-------+-------+-----+---------+
 * 0x04      |    reserved   |                       PD                      |
 *           +---------------+-----------------------------------------------+
 * 0x08      |    reserved   |                   REMOTE_QPN                  |
 *           +---------------+-----------------------------------------------+
 * 0x0C      |    reserved   |                    SEND_PSN                   |
 *           +---------------+-----------------------------------------------+
 * 0x10      |    reserved   |                    RECV_PSN                   |
 *           +---------+-----+---------+-----+-----+---------+-----+---------+
 * 0x14      | reserved| RTY | reserved| RNR | rsvd|   MRT   | rsvd| TIMEOUT |
 *           +---------+-----+---------+-----+-----+-------+-+-----+---------+
 * 0x18      | MAX_RD_ATOMIC | MAX_DEST_RD_AT|   reserved  |A|    reserved   |
 *           +---------------+---------------+-------------+-+---------------+
 * 0x1C      |                            reserved                           |
 *           +---------------+-----------------------------------------------+
 * 0x20      |    reserved   |                    SEND_CQN                   |
 *           +---------------+-----------------------------------------------+
 * 0x24      |    reserved   |                    RECV_CQN                   |
 *           +-----+---------+-----+---------+-------+-------+---------------+
 * 0x28      | rsvd|   LSQ   | rsvd|   LRQ   |  rsvd |  STR  |    reserved   |
 *           +-----+---------+-----+---------+-------+-------+---------------+
 * 0x2C      |    reserved   |                   UAR_INDEX                   |
 *           +---------------+-----------------------------------------------+
 * 0x30      |                       SQ_ADDRESS[63:32]                       |
 *           +---------------------------------------------------------------+
 * 0x34      |                        SQ_ADDRESS[31:0]                       |
 *           +---------------------------------------------------------------+
 * 0x38      |                       RQ_ADDRESS[63:32]                       |
 *           +---------------------------------------------------------------+
 * 0x3C      |                        RQ_ADDRESS[31:0]                       |
 *           +---------------------------------------------------------------+
 * 0x40      |                       DBR_ADDRESS[63:32]                      |
 *           +---------------------------------------------------------------+
 * 0x44      |                       DBR_ADDRESS[31:0]                       |
 *           +---------------------------------------------------------------+
 * 0x48      |                        DEST_MAC[47:16]                        |
 *           +-------------------------------+-------------------------------+
 * 0x4C      |         DEST_MAC[15:0]        |            reserved           |
 *           +-------------------------------+-------------------------------+
 * 0x50      |                           DEST_IPV4                           |
 *           +-------------------------------+---------------+---------------+
 * 0x54      |        UDP_SOURCE_PORT        |      TTL      | TRAFFIC_CLASS |
 *           +-------------------------------+---------------+---------------+
 * 0x58-7F   |                            reserved                           |
 *           +---------------------------------------------------------------+
 *
 *           MTU = PATH_MTU, RTY = RETRY_COUNT, RNR = RNR_RETRY, MRT = MIN_RNR_TIMER,
 *           MAX_DEST_RD_AT = MAX_DEST_RD_ATOMIC, A = SIGNAL_ALL, LSQ = LOG_SQ_SIZE,
 *           LRQ = LOG_RQ_SIZE, STR = LOG_RQ_STRIDE
 * </pre>
 */
public final class QpContextDescriptor
{
    /** Size of a context. */
    public static final int LENGTH_BYTES = 128;
    /** Byte holding the {@link QpState} (bits 3:0). */
    public static final int STATE_OFFSET = 0x00;
    /** Position of the state. */
    public static final int STATE_SHIFT = 0;
    /** Mask of the state. */
    public static final int STATE_MASK = 0xF;
    /** Port number, 8 bits. */
    public static final int PORT_OFFSET = 0x01;
    /** Byte holding the {@link PathMtu} code (bits 3:0). */
    public static final int PATH_MTU_OFFSET = 0x02;
    /** Position of the path MTU. */
    public static final int PATH_MTU_SHIFT = 0;
    /** Mask of the path MTU. */
    public static final int PATH_MTU_MASK = 0xF;
    /** Byte holding the remote {@link AccessFlags} (bits 4:0). */
    public static final int ACCESS_OFFSET = 0x03;
    /** Position of the access flags. */
    public static final int ACCESS_SHIFT = 0;
    /** Mask of the access flags. */
    public static final int ACCESS_MASK = 0x1F;
    /** Word holding the protection domain (bits 23:0). */
    public static final int PD_OFFSET = 0x04;
    /** Position of the protection domain. */
    public static final int PD_SHIFT = 0;
    /** Mask of the protection domain. */
    public static final int PD_MASK = 0xFF_FFFF;
    /** Word holding the remote QPN (bits 23:0). */
    public static final int REMOTE_QPN_OFFSET = 0x08;
    /** Position of the remote QPN. */
    public static final int REMOTE_QPN_SHIFT = 0;
    /** Mask of the remote QPN. */
    public static final int REMOTE_QPN_MASK = 0xFF_FFFF;
    /** Word holding the send PSN (bits 23:0). */
    public static final int SEND_PSN_OFFSET = 0x0C;
    /** Position of the send PSN. */
    public static final int SEND_PSN_SHIFT = 0;
    /** Mask of the send PSN. */
    public static final int SEND_PSN_MASK = 0xFF_FFFF;
    /** Word holding the receive PSN (bits 23:0). */
    public static final int RECV_PSN_OFFSET = 0x10;
    /** Position of the receive PSN. */
    public static final int RECV_PSN_SHIFT = 0;
    /** Mask of the receive PSN. */
    public static final int RECV_PSN_MASK = 0xFF_FFFF;
    /** Byte holding the retry count (bits 2:0). */
    public static final int RETRY_COUNT_OFFSET = 0x14;
    /** Position of the retry count. */
    public static final int RETRY_COUNT_SHIFT = 0;
    /** Mask of the retry count. */
    public static final int RETRY_COUNT_MASK = 0x7;
    /** Byte holding the RNR retry count (bits 2:0); 7 means without limit. */
    public static final int RNR_RETRY_OFFSET = 0x15;
    /** Position of the RNR retry count. */
    public static final int RNR_RETRY_SHIFT = 0;
    /** Mask of the RNR retry count. */
    public static final int RNR_RETRY_MASK = 0x7;
    /** Byte holding the minimum RNR timer code (bits 4:0). */
    public static final int MIN_RNR_TIMER_OFFSET = 0x16;
    /** Position of the minimum RNR timer. */
    public static final int MIN_RNR_TIMER_SHIFT = 0;
    /** Mask of the minimum RNR timer. */
    public static final int MIN_RNR_TIMER_MASK = 0x1F;
    /** Byte holding the timeout exponent (bits 4:0): 4.096 us * 2^timeout, 0 = never. */
    public static final int TIMEOUT_OFFSET = 0x17;
    /** Position of the timeout. */
    public static final int TIMEOUT_SHIFT = 0;
    /** Mask of the timeout. */
    public static final int TIMEOUT_MASK = 0x1F;
    /** Initiator depth, 8 bits. */
    public static final int MAX_RD_ATOMIC_OFFSET = 0x18;
    /** Responder resources, 8 bits. */
    public static final int MAX_DEST_RD_ATOMIC_OFFSET = 0x19;
    /** Byte holding the signal-all flag (bit 0). */
    public static final int SIGNAL_ALL_OFFSET = 0x1A;
    /** Position of the signal-all flag. */
    public static final int SIGNAL_ALL_SHIFT = 0;
    /** Mask of the signal-all flag. */
    public static final int SIGNAL_ALL_MASK = 1;
    /** Word holding the send CQN (bits 23:0). */
    public static final int SEND_CQN_OFFSET = 0x20;
    /** Position of the send CQN. */
    public static final int SEND_CQN_SHIFT = 0;
    /** Mask of the send CQN. */
    public static final int SEND_CQN_MASK = 0xFF_FFFF;
    /** Word holding the receive CQN (bits 23:0). */
    public static final int RECV_CQN_OFFSET = 0x24;
    /** Position of the receive CQN. */
    public static final int RECV_CQN_SHIFT = 0;
    /** Mask of the receive CQN. */
    public static final int RECV_CQN_MASK = 0xFF_FFFF;
    /** Byte holding log2 of the SQ size in basic blocks (bits 4:0). */
    public static final int LOG_SQ_SIZE_OFFSET = 0x28;
    /** Position of the log SQ size. */
    public static final int LOG_SQ_SIZE_SHIFT = 0;
    /** Mask of the log SQ size. */
    public static final int LOG_SQ_SIZE_MASK = 0x1F;
    /** Byte holding log2 of the RQ size in WQEs (bits 4:0). */
    public static final int LOG_RQ_SIZE_OFFSET = 0x29;
    /** Position of the log RQ size. */
    public static final int LOG_RQ_SIZE_SHIFT = 0;
    /** Mask of the log RQ size. */
    public static final int LOG_RQ_SIZE_MASK = 0x1F;
    /** Byte holding log2 of the bytes per receive WQE (bits 3:0). */
    public static final int LOG_RQ_STRIDE_OFFSET = 0x2A;
    /** Position of the log RQ stride. */
    public static final int LOG_RQ_STRIDE_SHIFT = 0;
    /** Mask of the log RQ stride. */
    public static final int LOG_RQ_STRIDE_MASK = 0xF;
    /** Word holding the UAR index (bits 23:0). */
    public static final int UAR_INDEX_OFFSET = 0x2C;
    /** Position of the UAR index. */
    public static final int UAR_INDEX_SHIFT = 0;
    /** Mask of the UAR index. */
    public static final int UAR_INDEX_MASK = 0xFF_FFFF;
    /** Physical address of the SQ ring, 64 bits. */
    public static final int SQ_ADDRESS_OFFSET = 0x30;
    /** Physical address of the RQ ring, 64 bits. */
    public static final int RQ_ADDRESS_OFFSET = 0x38;
    /** Physical address of the QP doorbell record, 64 bits. */
    public static final int DBR_ADDRESS_OFFSET = 0x40;
    /** Address vector: next-hop MAC address, 48 bits. */
    public static final int DEST_MAC_OFFSET = 0x48;
    /** Address vector: destination IPv4 address, 32 bits. */
    public static final int DEST_IPV4_OFFSET = 0x50;
    /** Address vector: RoCEv2 UDP source port, 16 bits. */
    public static final int UDP_SOURCE_PORT_OFFSET = 0x54;
    /** Address vector: IPv4 time to live, 8 bits. */
    public static final int TTL_OFFSET = 0x56;
    /** Address vector: IPv4 DSCP and ECN, 8 bits. */
    public static final int TRAFFIC_CLASS_OFFSET = 0x57;

    private QpContextDescriptor()
    {
    }
}
