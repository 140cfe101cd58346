package org.sansim.hw;

/**
 * The outcome of a command, in the command header's {@code STATUS} (HARDWARE.md 5.3).
 */
public enum CommandStatus
{
    /** Done. */
    OK(0x00),
    /** Unknown opcode. */
    BAD_OPCODE(0x01),
    /** An input field out of range or inconsistent; the header's syndrome is its byte offset. */
    BAD_PARAM(0x02),
    /** The object number, key or UAR index names nothing that exists. */
    BAD_RESOURCE(0x03),
    /** The QP transition is not allowed, or FROM_STATE is not the QP's state. */
    BAD_RESOURCE_STATE(0x04),
    /** The object is still in use. */
    RESOURCE_BUSY(0x05),
    /** No free object number, or a size above the device's capability. */
    EXCEED_LIMIT(0x06),
    /** INPUT_LENGTH smaller than the opcode's input. */
    BAD_INPUT_LENGTH(0x07),
    /** OUTPUT_LENGTH smaller than the opcode's output. */
    BAD_OUTPUT_LENGTH(0x08),
    /** A mailbox address unaligned or outside host memory. */
    BAD_MAILBOX(0x09),
    /** The firmware failed. */
    INTERNAL_ERROR(0x0F);

    private static final CommandStatus[] BY_CODE = new CommandStatus[256];

    static
    {
        for (final CommandStatus status : values())
        {
            BY_CODE[status.code] = status;
        }
    }

    private final int code;

    CommandStatus(final int code)
    {
        this.code = code;
    }

    /**
     * The encoding in the command header.
     *
     * @return the 8-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * Decodes a status without allocating.
     *
     * @param code the 8-bit code.
     * @return the status, or {@code null} if the code is not one.
     */
    public static CommandStatus of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
