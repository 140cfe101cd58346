package org.sansim.traces.format;

/**
 * The compact form of a trace, big-endian, strings in Java's modified UTF-8 with a 16-bit length
 * ({@link java.io.DataOutput#writeUTF}).
 *
 * <pre>
 * header (8 bytes)
 *   0  magic "SSTR" (0x53 0x53 0x54 0x52)
 *   4  u16 schema version
 *   6  u8  time unit code (index in {@link TraceHeader#TIME_UNITS}: 0 ps, 1 ns, 2 us, 3 ms)
 *   7  u8  reserved, 0
 * each event
 *   u8 kind (1 WSP, 2 VERBS, 3 SOCKET) | i64 time | utf host | i32 process | utf thread | body
 * WSP body
 *   utf function | i64 socket | i32 n, n x i64 sizes | i32 m, m x i64 addresses | i32 flags | i32 result
 * VERBS body
 *   i32 qpn | utf opcode | i64 length | i64 local address | i32 lkey | i64 remote address | i32 rkey |
 *   u8 flags (bit 0 signalled, bit 1 immediate present) | i32 immediate (0 when absent)
 * SOCKET body
 *   utf operation | i64 socket | utf peer | i64 size | i64 think time
 * </pre>
 * The trace ends where an event would start.
 */
public final class BinaryTraceLayout
{
    /** The magic, as a big-endian int. */
    public static final int MAGIC = 0x53535452;
    /** Length of the header in bytes. */
    public static final int HEADER_LENGTH_BYTES = 8;
    /** Event kind of a WSP call. */
    public static final int KIND_WSP = 1;
    /** Event kind of a verbs post. */
    public static final int KIND_VERBS = 2;
    /** Event kind of a socket call. */
    public static final int KIND_SOCKET = 3;
    /** Verbs flag: signalled. */
    public static final int FLAG_SIGNALLED = 1;
    /** Verbs flag: an immediate is present. */
    public static final int FLAG_IMMEDIATE = 2;
    /** Most sizes or addresses one WSP call may list, so a corrupt count cannot trigger a huge allocation. */
    public static final int MAX_LIST_LENGTH = 1 << 16;

    private BinaryTraceLayout()
    {
    }
}
