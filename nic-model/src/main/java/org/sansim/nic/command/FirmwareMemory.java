package org.sansim.nic.command;

import org.sansim.host.PhysicalMemory;
import org.sansim.hw.CommandHeaderDescriptor;
import org.sansim.hw.CommandStatus;
import org.sansim.hw.ObjectHandleFlyweight;

/**
 * The firmware's private memory: its copies of the command header and mailboxes, decoded with the
 * same flyweights as the driver, a staging area for QP context table entries, the byte buffer every
 * DMA of the firmware goes through, and the {@code BAD_PARAM} syndrome of the command under way.
 *
 * <pre>
 *  0x0000 +-----------------------------+
 *         | command header (64 bytes)   |  HEADER_OFFSET
 *  0x1000 +-----------------------------+
 *         | input mailbox               |  INPUT_OFFSET
 *  0x2000 +-----------------------------+
 *         | output mailbox              |  OUTPUT_OFFSET
 *  0x3000 +-----------------------------+
 *         | QP context entry (128 B)    |  QPC_OFFSET
 *  0x4000 +-----------------------------+  SIZE_BYTES
 * </pre>
 *
 * <p>Invariant: one command at a time uses it; a command's handlers read its input at
 * {@link #INPUT_OFFSET} and write their output at {@link #OUTPUT_OFFSET}, and nothing else writes
 * there until the command's status is written. Nothing here allocates after construction.
 */
final class FirmwareMemory
{
    /** Where the command header is copied. */
    static final long HEADER_OFFSET = 0;
    /** Where the input mailbox is copied. */
    static final long INPUT_OFFSET = 0x1000;
    /** Where the output mailbox is assembled before its DMA write. */
    static final long OUTPUT_OFFSET = 0x2000;
    /** Where the firmware assembles a QP context table entry before writing it to host memory. */
    static final long QPC_OFFSET = 0x3000;
    /** Size of the private memory. */
    static final long SIZE_BYTES = 0x4000;

    /** The private memory. */
    final PhysicalMemory sram;
    /** The buffer every firmware DMA read lands in and every DMA write is taken from; one mailbox long. */
    final byte[] buffer = new byte[CommandHeaderDescriptor.MAILBOX_MAX_BYTES];

    private final ObjectHandleFlyweight handleIn = new ObjectHandleFlyweight();
    private final ObjectHandleFlyweight handleOut = new ObjectHandleFlyweight();
    private int syndrome;

    /** @param name the command processor's component path; the memory is named {@code name + ".sram"} */
    FirmwareMemory(final String name)
    {
        sram = new PhysicalMemory(name + ".sram", SIZE_BYTES);
    }

    /**
     * Fails the command under way with {@code BAD_PARAM}, remembering which input field was wrong.
     *
     * @param fieldOffset the offending field's byte offset in the input mailbox: the syndrome
     * @return {@link CommandStatus#BAD_PARAM}
     */
    CommandStatus badParam(final int fieldOffset)
    {
        syndrome = fieldOffset;
        return CommandStatus.BAD_PARAM;
    }

    /** @return the syndrome the last {@link #badParam} recorded since {@link #clearSyndrome} */
    int syndrome()
    {
        return syndrome;
    }

    /** Forgets the syndrome: a new command starts. */
    void clearSyndrome()
    {
        syndrome = 0;
    }

    /**
     * Writes an object-handle output naming the object a command created.
     *
     * @param object the new object's number or key
     * @return {@link CommandStatus#OK}
     */
    CommandStatus created(final int object)
    {
        handleOut.wrap(sram, OUTPUT_OFFSET).clear().object(object);
        return CommandStatus.OK;
    }

    /** @return the object named by an object-handle input */
    int handle()
    {
        return handleIn.wrap(sram, INPUT_OFFSET).object();
    }
}
