package org.sansim.nic.command;

import org.sansim.hw.CommandOpcode;
import org.sansim.hw.CommandStatus;

/**
 * Executes one command whose input is in the {@link FirmwareMemory}, at the end of its firmware time.
 */
@FunctionalInterface
interface CommandExecutor
{
    /**
     * Checks the input, then makes every change: a status other than {@code OK} means nothing changed.
     * On {@code OK} the output, if the opcode has one, is in the output mailbox; on {@code BAD_PARAM}
     * the syndrome is set ({@link FirmwareMemory#badParam}).
     *
     * @param opcode the command's opcode
     * @return the command's status
     */
    CommandStatus execute(CommandOpcode opcode);
}
