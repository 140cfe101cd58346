package org.sansim.hw;

/**
 * The opcode of a command, in the command header's {@code OPCODE} (HARDWARE.md 5.2), with the sizes
 * of its input and output and the default of its modelled firmware time.
 *
 * <p>The firmware time is a parameter of the NIC's command unit; {@link #defaultFirmwareNs()} is only
 * its default, a modelled guess rather than a measurement.
 */
public enum CommandOpcode
{
    /** Reports the device's capabilities. */
    QUERY_DEVICE(0x0100, 0, QueryDeviceOutputDescriptor.LENGTH_BYTES, 5_000),
    /** Registers a memory region; input is an MPT entry, output the key. */
    CREATE_MKEY(0x0200, MptEntryDescriptor.LENGTH_BYTES, ObjectHandleDescriptor.LENGTH_BYTES, 10_000),
    /** Invalidates a memory key. */
    DESTROY_MKEY(0x0201, ObjectHandleDescriptor.LENGTH_BYTES, 0, 8_000),
    /** Creates an event queue. */
    CREATE_EQ(0x0300, CreateEqInputDescriptor.LENGTH_BYTES, ObjectHandleDescriptor.LENGTH_BYTES, 20_000),
    /** Destroys an event queue. */
    DESTROY_EQ(0x0301, ObjectHandleDescriptor.LENGTH_BYTES, 0, 10_000),
    /** Creates a completion queue. */
    CREATE_CQ(0x0400, CreateCqInputDescriptor.LENGTH_BYTES, ObjectHandleDescriptor.LENGTH_BYTES, 15_000),
    /** Destroys a completion queue. */
    DESTROY_CQ(0x0401, ObjectHandleDescriptor.LENGTH_BYTES, 0, 10_000),
    /** Creates a queue pair in RESET. */
    CREATE_QP(0x0500, QpContextDescriptor.LENGTH_BYTES, ObjectHandleDescriptor.LENGTH_BYTES, 25_000),
    /** Moves a queue pair to another state. */
    MODIFY_QP(0x0501, ModifyQpInputDescriptor.LENGTH_BYTES, 0, 15_000),
    /** Reads a queue pair's context. */
    QUERY_QP(0x0502, ObjectHandleDescriptor.LENGTH_BYTES, QpContextDescriptor.LENGTH_BYTES, 5_000),
    /** Destroys a queue pair. */
    DESTROY_QP(0x0503, ObjectHandleDescriptor.LENGTH_BYTES, 0, 20_000),
    /** Sets (or replaces) the MAD receive ring of the GSI agent and the EQ of its events. */
    SET_MAD_RING(0x0600, MadRingInputDescriptor.LENGTH_BYTES, 0, 10_000),
    /** Sends one management datagram from QP1. */
    SEND_MAD(0x0601, SendMadInputDescriptor.LENGTH_BYTES, 0, 2_000);

    private static final CommandOpcode[] VALUES = values();

    private final int code;
    private final int inputBytes;
    private final int outputBytes;
    private final long defaultFirmwareNs;

    CommandOpcode(final int code, final int inputBytes, final int outputBytes, final long defaultFirmwareNs)
    {
        this.code = code;
        this.inputBytes = inputBytes;
        this.outputBytes = outputBytes;
        this.defaultFirmwareNs = defaultFirmwareNs;
    }

    /**
     * The encoding in the command header.
     *
     * @return the 16-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * How many bytes of input the command unit reads.
     *
     * @return the input size; {@code INPUT_LENGTH} must be at least this.
     */
    public int inputBytes()
    {
        return inputBytes;
    }

    /**
     * How many bytes of output the command unit writes.
     *
     * @return the output size; {@code OUTPUT_LENGTH} must be at least this.
     */
    public int outputBytes()
    {
        return outputBytes;
    }

    /**
     * The default of the modelled firmware time of this command.
     *
     * @return nanoseconds.
     */
    public long defaultFirmwareNs()
    {
        return defaultFirmwareNs;
    }

    /**
     * Decodes an opcode without allocating.
     *
     * @param code the 16-bit code.
     * @return the opcode, or {@code null} if the code is not one.
     */
    public static CommandOpcode of(final int code)
    {
        for (final CommandOpcode opcode : VALUES)
        {
            if (opcode.code == code)
            {
                return opcode;
            }
        }
        return null;
    }
}
