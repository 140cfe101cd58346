package org.sansim.hw;

import static org.sansim.hw.CommandHeaderDescriptor.EVENT_OFFSET;
import static org.sansim.hw.CommandHeaderDescriptor.EVENT_SHIFT;
import static org.sansim.hw.CommandHeaderDescriptor.INPUT_ADDRESS_OFFSET;
import static org.sansim.hw.CommandHeaderDescriptor.INPUT_LENGTH_OFFSET;
import static org.sansim.hw.CommandHeaderDescriptor.LENGTH_BYTES;
import static org.sansim.hw.CommandHeaderDescriptor.OPCODE_OFFSET;
import static org.sansim.hw.CommandHeaderDescriptor.OUTPUT_ADDRESS_OFFSET;
import static org.sansim.hw.CommandHeaderDescriptor.OUTPUT_LENGTH_OFFSET;
import static org.sansim.hw.CommandHeaderDescriptor.OWNER_OFFSET;
import static org.sansim.hw.CommandHeaderDescriptor.OWNER_SHIFT;
import static org.sansim.hw.CommandHeaderDescriptor.STATUS_OFFSET;
import static org.sansim.hw.CommandHeaderDescriptor.SYNDROME_OFFSET;
import static org.sansim.hw.CommandHeaderDescriptor.TOKEN_OFFSET;

import org.sansim.host.PhysicalMemory;

/**
 * Flyweight over a command header in host memory; layout in {@link CommandHeaderDescriptor}.
 */
public final class CommandHeaderFlyweight extends HostFlyweight
{
    /**
     * Points this flyweight at a command queue slot.
     *
     * @param memory the host memory.
     * @param pa     the physical address of the slot.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight wrap(final PhysicalMemory memory, final long pa)
    {
        bind(memory, pa);
        return this;
    }

    /**
     * Zeroes the header.
     *
     * @return this flyweight.
     */
    public CommandHeaderFlyweight clear()
    {
        zero(LENGTH_BYTES);
        return this;
    }

    /**
     * The firmware's completion: one 8-byte write of the syndrome, the status and owner bit 0.
     *
     * @param status   the outcome.
     * @param syndrome the failure detail (0 unless {@code BAD_PARAM}).
     * @return this flyweight.
     */
    public CommandHeaderFlyweight complete(final CommandStatus status, final int syndrome)
    {
        i64(SYNDROME_OFFSET, (long)syndrome << 32 | (long)status.code() << 8);
        return this;
    }

    /** @return the {@link CommandOpcode} code. */
    public int opcode()
    {
        return u16(OPCODE_OFFSET);
    }

    /**
     * @param opcode the {@link CommandOpcode} code, 0 to 65535.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight opcode(final int opcode)
    {
        u16("opcode", OPCODE_OFFSET, opcode);
        return this;
    }

    /**
     * @param opcode the command.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight opcode(final CommandOpcode opcode)
    {
        return opcode(opcode.code());
    }

    /** @return the event flag. */
    public boolean event()
    {
        return flag8(EVENT_OFFSET, EVENT_SHIFT);
    }

    /**
     * @param event post a command completion event when done.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight event(final boolean event)
    {
        flag8(EVENT_OFFSET, EVENT_SHIFT, event);
        return this;
    }

    /** @return the token. */
    public int token()
    {
        return u8(TOKEN_OFFSET);
    }

    /**
     * @param token the driver's tag, 0 to 255.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight token(final int token)
    {
        u8("token", TOKEN_OFFSET, token);
        return this;
    }

    /** @return the input length in bytes. */
    public int inputLength()
    {
        return i32(INPUT_LENGTH_OFFSET);
    }

    /**
     * @param inputLength bytes of input, unsigned.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight inputLength(final int inputLength)
    {
        i32(INPUT_LENGTH_OFFSET, inputLength);
        return this;
    }

    /** @return the input mailbox address. */
    public long inputAddress()
    {
        return i64(INPUT_ADDRESS_OFFSET);
    }

    /**
     * @param inputAddress physical address of the input mailbox.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight inputAddress(final long inputAddress)
    {
        i64(INPUT_ADDRESS_OFFSET, inputAddress);
        return this;
    }

    /** @return the output mailbox address. */
    public long outputAddress()
    {
        return i64(OUTPUT_ADDRESS_OFFSET);
    }

    /**
     * @param outputAddress physical address of the output mailbox.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight outputAddress(final long outputAddress)
    {
        i64(OUTPUT_ADDRESS_OFFSET, outputAddress);
        return this;
    }

    /** @return the output length in bytes. */
    public int outputLength()
    {
        return i32(OUTPUT_LENGTH_OFFSET);
    }

    /**
     * @param outputLength bytes available for output, unsigned.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight outputLength(final int outputLength)
    {
        i32(OUTPUT_LENGTH_OFFSET, outputLength);
        return this;
    }

    /** @return the syndrome. */
    public int syndrome()
    {
        return i32(SYNDROME_OFFSET);
    }

    /**
     * @param syndrome the failure detail.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight syndrome(final int syndrome)
    {
        i32(SYNDROME_OFFSET, syndrome);
        return this;
    }

    /** @return the {@link CommandStatus} code. */
    public int status()
    {
        return u8(STATUS_OFFSET);
    }

    /**
     * @param status the {@link CommandStatus} code, 0 to 255.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight status(final int status)
    {
        u8("status", STATUS_OFFSET, status);
        return this;
    }

    /** @return the owner bit: {@code true} while the NIC owns the slot. */
    public boolean owner()
    {
        return flag8(OWNER_OFFSET, OWNER_SHIFT);
    }

    /**
     * @param owner {@code true} to hand the slot to the NIC.
     * @return this flyweight.
     */
    public CommandHeaderFlyweight owner(final boolean owner)
    {
        flag8(OWNER_OFFSET, OWNER_SHIFT, owner);
        return this;
    }
}
