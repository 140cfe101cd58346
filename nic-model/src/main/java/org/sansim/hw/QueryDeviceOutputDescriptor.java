package org.sansim.hw;

/**
 * Layout of the output of {@code QUERY_DEVICE}: the device's capabilities (HARDWARE.md 5.5).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |   LOG_MAX_QP  |   LOG_MAX_CQ  |   LOG_MAX_EQ  |  LOG_MAX_MKEY |
 *           +---------------+---------------+---------------+---------------+
 * 0x04      | LOG_MAX_SQ_BBS|LOG_MAX_RQ_WQES|  LOG_MAX_CQES |  LOG_MAX_EQES |
 *           +---------------+---------------+---------------+---------------+
 * 0x08      | MAX_WQE_UNITS | MAX_RECV_SGES |        MAX_INLINE_BYTES       |
 *           +---------------+---------------+---------------+---------------+
 * 0x0C      | MAX_RD_ATOMIC | MAX_DEST_RD_AT|   PORT_COUNT  |  MAX_PATH_MTU |
 *           +---------------+---------------+---------------+---------------+
 * 0x10      |           UAR_COUNT           |      BLUEFLAME_HALF_BYTES     |
 *           +-------------------------------+---------------+---------------+
 * 0x14      |          MSIX_VECTORS         |  LOG_MAX_MTT  |    reserved   |
 *           +-------------------------------+---------------+-----------+-+-+
 * 0x18      |                          reserved                         |B|A|
 *           +-----------------------------------------------------------+-+-+
 * 0x1C      |                            reserved                           |
 *           +---------------------------------------------------------------+
 * 0x20      |                        PORT_MAC[47:16]                        |
 *           +-------------------------------+-------------------------------+
 * 0x24      |         PORT_MAC[15:0]        |            reserved           |
 *           +-------------------------------+-------------------------------+
 * 0x28      |                           PORT_IPV4                           |
 *           +---------------------------------------------------------------+
 * 0x2C      |                         CORE_CLOCK_KHZ                        |
 *           +---------------------------------------------------------------+
 * 0x30-3F   |                            reserved                           |
 *           +---------------------------------------------------------------+
 *
 *           MAX_WQE_UNITS = MAX_SEND_WQE_UNITS, MAX_DEST_RD_AT = MAX_DEST_RD_ATOMIC,
 *           B = BLUEFLAME, A = ATOMICS
 * </pre>
 */
public final class QueryDeviceOutputDescriptor
{
    /** Size of the output. */
    public static final int LENGTH_BYTES = 64;
    /** log2 of the number of QPs, 8 bits. */
    public static final int LOG_MAX_QP_OFFSET = 0x00;
    /** log2 of the number of CQs, 8 bits. */
    public static final int LOG_MAX_CQ_OFFSET = 0x01;
    /** log2 of the number of EQs, 8 bits. */
    public static final int LOG_MAX_EQ_OFFSET = 0x02;
    /** log2 of the largest MPT table, 8 bits. */
    public static final int LOG_MAX_MKEY_OFFSET = 0x03;
    /** log2 of the largest SQ in basic blocks, 8 bits. */
    public static final int LOG_MAX_SQ_BBS_OFFSET = 0x04;
    /** log2 of the largest RQ in WQEs, 8 bits. */
    public static final int LOG_MAX_RQ_WQES_OFFSET = 0x05;
    /** log2 of the largest CQ, 8 bits. */
    public static final int LOG_MAX_CQES_OFFSET = 0x06;
    /** log2 of the largest EQ, 8 bits. */
    public static final int LOG_MAX_EQES_OFFSET = 0x07;
    /** Largest send WQE in 16-byte units, 8 bits. */
    public static final int MAX_SEND_WQE_UNITS_OFFSET = 0x08;
    /** Most scatter entries in a receive WQE, 8 bits. */
    public static final int MAX_RECV_SGES_OFFSET = 0x09;
    /** Most inline bytes in a send WQE, 16 bits. */
    public static final int MAX_INLINE_BYTES_OFFSET = 0x0A;
    /** Largest initiator depth, 8 bits. */
    public static final int MAX_RD_ATOMIC_OFFSET = 0x0C;
    /** Most responder resources, 8 bits. */
    public static final int MAX_DEST_RD_ATOMIC_OFFSET = 0x0D;
    /** Number of ports, 8 bits. */
    public static final int PORT_COUNT_OFFSET = 0x0E;
    /** Largest {@link PathMtu} code, 8 bits. */
    public static final int MAX_PATH_MTU_OFFSET = 0x0F;
    /** Number of UAR pages, 16 bits. */
    public static final int UAR_COUNT_OFFSET = 0x10;
    /** Size of a BlueFlame half, 16 bits (0: no BlueFlame). */
    public static final int BLUEFLAME_HALF_BYTES_OFFSET = 0x12;
    /** Number of MSI-X vectors, 16 bits. */
    public static final int MSIX_VECTORS_OFFSET = 0x14;
    /** log2 of the largest MTT table, 8 bits. */
    public static final int LOG_MAX_MTT_OFFSET = 0x16;
    /** Word holding the atomics capability (bit 0). */
    public static final int ATOMICS_OFFSET = 0x18;
    /** Position of the atomics capability. */
    public static final int ATOMICS_SHIFT = 0;
    /** Mask of the atomics capability. */
    public static final int ATOMICS_MASK = 1;
    /** Word holding the BlueFlame capability (bit 1). */
    public static final int BLUEFLAME_OFFSET = 0x18;
    /** Position of the BlueFlame capability. */
    public static final int BLUEFLAME_SHIFT = 1;
    /** Mask of the BlueFlame capability. */
    public static final int BLUEFLAME_MASK = 1;
    /** Port 1's MAC address, 48 bits. */
    public static final int PORT_MAC_OFFSET = 0x20;
    /** Port 1's IPv4 address, 32 bits. */
    public static final int PORT_IPV4_OFFSET = 0x28;
    /** Frequency of the free-running clock in kHz, 32 bits. */
    public static final int CORE_CLOCK_KHZ_OFFSET = 0x2C;

    private QueryDeviceOutputDescriptor()
    {
    }
}
