package org.sansim.nic.command;

import org.sansim.hw.CommandStatus;
import org.sansim.hw.MadRecvEntryDescriptor;
import org.sansim.hw.MadRingInputDescriptor;
import org.sansim.hw.MadRingInputFlyweight;
import org.sansim.hw.SendMadInputDescriptor;
import org.sansim.hw.SendMadInputFlyweight;
import org.sansim.nic.gsi.GsiAgent;

/**
 * The management-datagram commands {@code SET_MAD_RING} and {@code SEND_MAD} (HARDWARE.md 5.11,
 * 5.12) and the {@code MAD_RQ_CONSUMER} register, all passed to the {@link GsiAgent} once they are
 * checked. Without an agent both commands fail with {@code BAD_OPCODE} and register writes are
 * ignored; a failed command changes nothing.
 */
final class MadCommands
{
    private final FirmwareMemory memory;
    private final HostResources host;
    private final EqTable eqs;
    private final MadRingInputFlyweight ringIn = new MadRingInputFlyweight();
    private final SendMadInputFlyweight sendIn = new SendMadInputFlyweight();
    private GsiAgent gsi;

    /**
     * @param memory the firmware memory holding the command's mailboxes
     * @param host the host resources the ring's address is checked against
     * @param eqs the EQs the ring may report to
     */
    MadCommands(final FirmwareMemory memory, final HostResources host, final EqTable eqs)
    {
        this.memory = memory;
        this.host = host;
        this.eqs = eqs;
    }

    /** @param agent the GSI agent, or {@code null} for none */
    void agent(final GsiAgent agent)
    {
        gsi = agent;
    }

    /** @return the status of {@code SET_MAD_RING} on the input mailbox */
    CommandStatus setRing()
    {
        if (gsi == null)
        {
            return CommandStatus.BAD_OPCODE;
        }
        final MadRingInputFlyweight in = ringIn.wrap(memory.sram, FirmwareMemory.INPUT_OFFSET);
        if (in.logSize() > MadRingInputDescriptor.MAX_LOG_SIZE)
        {
            return memory.badParam(MadRingInputDescriptor.LOG_SIZE_OFFSET);
        }
        if (in.address() % HostResources.PAGE_BYTES != 0
            || !host.inHostMemory(in.address(), (long)MadRecvEntryDescriptor.LENGTH_BYTES << in.logSize()))
        {
            return memory.badParam(MadRingInputDescriptor.ADDRESS_OFFSET);
        }
        if (!eqs.exists(in.eqn()))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        gsi.setRing(in.address(), in.logSize(), in.eqn());
        return CommandStatus.OK;
    }

    /** @return the status of {@code SEND_MAD} on the input mailbox: {@code RESOURCE_BUSY} if the agent cannot take it now */
    CommandStatus send()
    {
        if (gsi == null)
        {
            return CommandStatus.BAD_OPCODE;
        }
        final SendMadInputFlyweight in = sendIn.wrap(memory.sram, FirmwareMemory.INPUT_OFFSET);
        if (in.remoteQpn() == 0)
        {
            return memory.badParam(SendMadInputDescriptor.REMOTE_QPN_OFFSET);
        }
        in.readMad(memory.buffer, 0);
        return gsi.send(in.dstMac(), in.dstIpv4(), in.remoteQpn(), in.qKey(), memory.buffer, 0)
            ? CommandStatus.OK : CommandStatus.RESOURCE_BUSY;
    }

    /** @param value a write of {@code MAD_RQ_CONSUMER}: the host's receive-ring consumer index */
    void consumerIndex(final int value)
    {
        if (gsi != null)
        {
            gsi.consumerIndex(value);
        }
    }
}
