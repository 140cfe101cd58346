package org.sansim.hw;

/**
 * The opcode of a send WQE, in the control segment's {@code OPCODE} field (HARDWARE.md 6.1).
 *
 * <p>Each opcode says which segments follow the control segment: a remote-address segment, an
 * atomic segment, and whether the data may be inline. Receive WQEs have no opcode.
 */
public enum WqeOpcode
{
    /** Does nothing; completes in order. */
    NOP(0x00, false, false, false, false),
    /** Sends a message that consumes a receive WQE at the responder. */
    SEND(0x01, false, false, true, false),
    /** {@link #SEND} with 32 bits of immediate data. */
    SEND_IMM(0x02, false, false, true, true),
    /** Writes remote memory. */
    RDMA_WRITE(0x04, true, false, true, false),
    /** {@link #RDMA_WRITE}, then consumes a receive WQE with the immediate data. */
    RDMA_WRITE_IMM(0x05, true, false, true, true),
    /** Reads remote memory into the local scatter list. */
    RDMA_READ(0x08, true, false, false, false),
    /** 64-bit remote compare and swap. */
    ATOMIC_CS(0x10, true, true, false, false),
    /** 64-bit remote fetch and add. */
    ATOMIC_FA(0x11, true, true, false, false);

    private static final WqeOpcode[] BY_CODE = new WqeOpcode[256];

    static
    {
        for (final WqeOpcode opcode : values())
        {
            BY_CODE[opcode.code] = opcode;
        }
    }

    private final int code;
    private final boolean remoteAddressSegment;
    private final boolean atomicSegment;
    private final boolean inlineAllowed;
    private final boolean immediate;

    WqeOpcode(
        final int code,
        final boolean remoteAddressSegment,
        final boolean atomicSegment,
        final boolean inlineAllowed,
        final boolean immediate)
    {
        this.code = code;
        this.remoteAddressSegment = remoteAddressSegment;
        this.atomicSegment = atomicSegment;
        this.inlineAllowed = inlineAllowed;
        this.immediate = immediate;
    }

    /**
     * The encoding in the control segment.
     *
     * @return the 8-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * Whether a remote-address segment follows the control segment.
     *
     * @return {@code true} for RDMA and atomic opcodes.
     */
    public boolean remoteAddressSegment()
    {
        return remoteAddressSegment;
    }

    /**
     * Whether an atomic segment follows the remote-address segment.
     *
     * @return {@code true} for the atomics.
     */
    public boolean atomicSegment()
    {
        return atomicSegment;
    }

    /**
     * Whether the data may be carried in an inline segment instead of data segments.
     *
     * @return {@code true} for sends and RDMA writes.
     */
    public boolean inlineAllowed()
    {
        return inlineAllowed;
    }

    /**
     * Whether the control segment's {@code IMMEDIATE} is sent.
     *
     * @return {@code true} for the {@code *_IMM} opcodes.
     */
    public boolean immediate()
    {
        return immediate;
    }

    /**
     * The size of the segments that must precede the data, control segment included.
     *
     * @return 1, 2 or 3 units of 16 bytes.
     */
    public int headerUnits()
    {
        return 1 + (remoteAddressSegment ? 1 : 0) + (atomicSegment ? 1 : 0);
    }

    /**
     * Decodes an opcode without allocating.
     *
     * @param code the 8-bit code.
     * @return the opcode, or {@code null} if the code is not one.
     */
    public static WqeOpcode of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
