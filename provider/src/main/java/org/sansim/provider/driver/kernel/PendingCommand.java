package org.sansim.provider.driver.kernel;

import org.sansim.hw.CommandOpcode;
import org.sansim.sim.Event;

/**
 * A command the {@link CommandInterface} was asked for: waiting for a slot, or in one until the NIC
 * clears its {@code OWNER} byte. {@link #slot} is -1 while it waits; {@link #poll} is {@code null}
 * while the command completes by event (only then is an EQE for its slot taken as its completion).
 */
final class PendingCommand
{
    final CommandOpcode opcode;
    final MailboxWriter writer;
    final MailboxReader reader;
    final DriverCallback callback;
    int slot = -1;
    long issuePs;
    Event poll;

    PendingCommand(final CommandOpcode opcode, final MailboxWriter writer, final MailboxReader reader,
        final DriverCallback callback)
    {
        this.opcode = opcode;
        this.writer = writer;
        this.reader = reader;
        this.callback = callback;
    }
}
