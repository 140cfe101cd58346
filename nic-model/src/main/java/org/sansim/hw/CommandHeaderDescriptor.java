package org.sansim.hw;

/**
 * Layout of a command header: one 64-byte slot of the command queue page (HARDWARE.md 5.1). The
 * firmware completes a command with one 8-byte write of bytes 0x38-0x3F: syndrome, status and
 * {@code OWNER} = 0.
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |             OPCODE            |   reserved  |E|     TOKEN     |
 *           +-------------------------------+-------------+-+---------------+
 * 0x04      |                          INPUT_LENGTH                         |
 *           +---------------------------------------------------------------+
 * 0x08      |                      INPUT_ADDRESS[63:32]                     |
 *           +---------------------------------------------------------------+
 * 0x0C      |                      INPUT_ADDRESS[31:0]                      |
 *           +---------------------------------------------------------------+
 * 0x10      |                     OUTPUT_ADDRESS[63:32]                     |
 *           +---------------------------------------------------------------+
 * 0x14      |                      OUTPUT_ADDRESS[31:0]                     |
 *           +---------------------------------------------------------------+
 * 0x18      |                         OUTPUT_LENGTH                         |
 *           +---------------------------------------------------------------+
 * 0x1C-37   |                            reserved                           |
 *           +---------------------------------------------------------------+
 * 0x38      |                            SYNDROME                           |
 *           +-------------------------------+---------------+-------------+-+
 * 0x3C      |            reserved           |     STATUS    |   reserved  |O|
 *           +-------------------------------+---------------+-------------+-+
 *
 *           E = EVENT, O = OWNER
 * </pre>
 */
public final class CommandHeaderDescriptor
{
    /** Size of a header. */
    public static final int LENGTH_BYTES = 64;
    /** {@link CommandOpcode}, 16 bits. */
    public static final int OPCODE_OFFSET = 0x00;
    /** Byte holding the event flag (bit 0). */
    public static final int EVENT_OFFSET = 0x02;
    /** Position of the event flag. */
    public static final int EVENT_SHIFT = 0;
    /** Mask of the event flag. */
    public static final int EVENT_MASK = 1;
    /** Driver's token, 8 bits. */
    public static final int TOKEN_OFFSET = 0x03;
    /** Bytes of input, 32 bits. */
    public static final int INPUT_LENGTH_OFFSET = 0x04;
    /** Physical address of the input mailbox, 64 bits. */
    public static final int INPUT_ADDRESS_OFFSET = 0x08;
    /** Physical address of the output mailbox, 64 bits. */
    public static final int OUTPUT_ADDRESS_OFFSET = 0x10;
    /** Bytes available for output, 32 bits. */
    public static final int OUTPUT_LENGTH_OFFSET = 0x18;
    /** Failure detail, 32 bits. */
    public static final int SYNDROME_OFFSET = 0x38;
    /** {@link CommandStatus}, 8 bits. */
    public static final int STATUS_OFFSET = 0x3E;
    /** Byte holding the owner bit (bit 0): 1 while the NIC owns the slot. */
    public static final int OWNER_OFFSET = 0x3F;
    /** Position of the owner bit. */
    public static final int OWNER_SHIFT = 0;
    /** Mask of the owner bit. */
    public static final int OWNER_MASK = 1;

    /** Largest mailbox. */
    public static final int MAILBOX_MAX_BYTES = 4096;
    /** Alignment of a mailbox. */
    public static final int MAILBOX_ALIGNMENT_BYTES = 64;

    private CommandHeaderDescriptor()
    {
    }
}
