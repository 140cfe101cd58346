package org.sansim.traces.pcap;

/**
 * Block and option layout of pcapng (IETF OPSAWG draft "PCAP Next Generation Dump File Format"): the
 * constants the writer and reader share.
 *
 * <p>Every block is framed the same way; all multi-byte fields are in the byte order the Section Header
 * Block's magic announces (this package writes little-endian), and bodies are padded to 32 bits:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                          Block Type                           |  BLOCK_TYPE_OFFSET = 0
 * +---------------------------------------------------------------+
 * |                      Block Total Length                       |  BLOCK_TOTAL_LENGTH_OFFSET = 4
 * +---------------------------------------------------------------+
 * /                   Block Body (padded to 4 bytes)              /  BLOCK_BODY_OFFSET = 8
 * +---------------------------------------------------------------+
 * |                      Block Total Length                       |  (repeated; total = 12 + body)
 * +---------------------------------------------------------------+
 * </pre>
 *
 * Section Header Block body:
 * <pre>
 * +---------------------------------------------------------------+
 * |                 Byte-Order Magic 0x1A2B3C4D                   |  SHB_MAGIC_OFFSET = 8
 * +-------------------------------+-------------------------------+
 * |     Major Version (1)         |      Minor Version (0)        |  SHB_VERSION_OFFSET = 12
 * +-------------------------------+-------------------------------+
 * |            Section Length (64, -1 = not specified)            |  SHB_SECTION_LENGTH_OFFSET = 16
 * +---------------------------------------------------------------+
 * /                          Options                              /  SHB_OPTIONS_OFFSET = 24
 * +---------------------------------------------------------------+
 * </pre>
 *
 * Interface Description Block body:
 * <pre>
 * +-------------------------------+-------------------------------+
 * |           LinkType            |           Reserved            |  IDB_LINK_TYPE_OFFSET = 8
 * +-------------------------------+-------------------------------+
 * |                  SnapLen (0 = no limit)                       |  IDB_SNAP_LEN_OFFSET = 12
 * +---------------------------------------------------------------+
 * /            Options (if_name, if_tsresol, ...)                 /  IDB_OPTIONS_OFFSET = 16
 * +---------------------------------------------------------------+
 * </pre>
 *
 * Enhanced Packet Block body:
 * <pre>
 * +---------------------------------------------------------------+
 * |                        Interface ID                           |  EPB_INTERFACE_ID_OFFSET = 8
 * +---------------------------------------------------------------+
 * |                  Timestamp (high 32 bits)                     |  EPB_TIMESTAMP_HIGH_OFFSET = 12
 * +---------------------------------------------------------------+
 * |                  Timestamp (low 32 bits)                      |  EPB_TIMESTAMP_LOW_OFFSET = 16
 * +---------------------------------------------------------------+
 * |                  Captured Packet Length                       |  EPB_CAPTURED_LENGTH_OFFSET = 20
 * +---------------------------------------------------------------+
 * |                  Original Packet Length                       |  EPB_ORIGINAL_LENGTH_OFFSET = 24
 * +---------------------------------------------------------------+
 * /              Packet Data (padded to 4 bytes)                  /  EPB_DATA_OFFSET = 28
 * +---------------------------------------------------------------+
 * /                          Options                              /
 * +---------------------------------------------------------------+
 * </pre>
 *
 * An option is {@code code (16) | length (16) | value padded to 4 bytes}; a list ends with code 0, length 0.
 * The timestamp counts units of the interface's {@code if_tsresol}: a byte whose top bit clear means
 * 10^-value seconds, top bit set 2^-(value &amp; 0x7F) seconds; the default is 6 (microseconds).
 */
public final class PcapngLayout
{
    /** Block type of the Section Header Block (a palindrome, readable in either byte order). */
    public static final int SHB_TYPE = 0x0A0D0D0A;
    /** Block type of the Interface Description Block. */
    public static final int IDB_TYPE = 0x00000001;
    /** Block type of the Enhanced Packet Block. */
    public static final int EPB_TYPE = 0x00000006;
    /** Byte-order magic of the SHB, as written by the section's byte order. */
    public static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    /** Offset of the block type in any block. */
    public static final int BLOCK_TYPE_OFFSET = 0;
    /** Offset of the leading block total length in any block. */
    public static final int BLOCK_TOTAL_LENGTH_OFFSET = 4;
    /** Offset of the block body in any block. */
    public static final int BLOCK_BODY_OFFSET = 8;
    /** Bytes of framing around a block body: type, leading and trailing total length. */
    public static final int BLOCK_FRAMING_BYTES = 12;

    /** Offset of the SHB byte-order magic. */
    public static final int SHB_MAGIC_OFFSET = 8;
    /** Offset of the SHB major version (then minor version). */
    public static final int SHB_VERSION_OFFSET = 12;
    /** Offset of the SHB 64-bit section length. */
    public static final int SHB_SECTION_LENGTH_OFFSET = 16;
    /** Offset of the SHB options. */
    public static final int SHB_OPTIONS_OFFSET = 24;
    /** The only major version this package reads and writes. */
    public static final int MAJOR_VERSION = 1;
    /** The minor version this package writes. */
    public static final int MINOR_VERSION = 0;

    /** Offset of the IDB link type. */
    public static final int IDB_LINK_TYPE_OFFSET = 8;
    /** Offset of the IDB snap length. */
    public static final int IDB_SNAP_LEN_OFFSET = 12;
    /** Offset of the IDB options. */
    public static final int IDB_OPTIONS_OFFSET = 16;

    /** Offset of the EPB interface id. */
    public static final int EPB_INTERFACE_ID_OFFSET = 8;
    /** Offset of the EPB timestamp's high word. */
    public static final int EPB_TIMESTAMP_HIGH_OFFSET = 12;
    /** Offset of the EPB timestamp's low word. */
    public static final int EPB_TIMESTAMP_LOW_OFFSET = 16;
    /** Offset of the EPB captured length. */
    public static final int EPB_CAPTURED_LENGTH_OFFSET = 20;
    /** Offset of the EPB original length. */
    public static final int EPB_ORIGINAL_LENGTH_OFFSET = 24;
    /** Offset of the EPB packet data. */
    public static final int EPB_DATA_OFFSET = 28;

    /** Option code ending an option list. */
    public static final int OPT_END_OF_OPT = 0;
    /** Option code of a comment (any block). */
    public static final int OPT_COMMENT = 1;
    /** SHB option: name of the application that wrote the file. */
    public static final int SHB_USER_APPL = 4;
    /** IDB option: interface name (UTF-8). */
    public static final int IF_NAME = 2;
    /** IDB option: timestamp resolution (one byte). */
    public static final int IF_TSRESOL = 9;
    /** IDB option: offset in seconds added to every timestamp (signed 64 bits). */
    public static final int IF_TSOFFSET = 14;
    /** if_tsresol value for nanoseconds (10^-9 s). */
    public static final int TSRESOL_NANOSECONDS = 9;
    /** if_tsresol value for picoseconds (10^-12 s). */
    public static final int TSRESOL_PICOSECONDS = 12;
    /** if_tsresol value assumed when an IDB has no if_tsresol option (microseconds). */
    public static final int TSRESOL_DEFAULT = 6;

    /** Link type of Ethernet (LINKTYPE_ETHERNET). */
    public static final int LINKTYPE_ETHERNET = 1;

    private PcapngLayout()
    {
    }

    /**
     * @param lengthBytes a length in bytes
     * @return the length rounded up to a multiple of 4
     */
    public static int padded32(final int lengthBytes)
    {
        return (lengthBytes + 3) & ~3;
    }
}
