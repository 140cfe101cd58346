package org.sansim.nic.command;

import org.sansim.hw.CommandOpcode;
import org.sansim.hw.CommandStatus;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.context.QpContextCache;
import org.sansim.nic.doorbell.DoorbellUnit;
import org.sansim.nic.doorbell.RegisterListener;
import org.sansim.nic.doorbell.UarOwnership;
import org.sansim.nic.gsi.GsiAgent;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.wqe.WqeFetcher;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.EventLoop;
import org.sansim.stats.StatsRegistry;

/**
 * The NIC firmware's command processor (HARDWARE.md 3 and 5): the public face of the firmware's
 * command interface, which it wires together from one class per concern, as a driver's core splits
 * its command, EQ, memory-region and QP code:
 * <ul>
 *   <li>{@link InitSegment}: the BAR 0 initialisation registers and start-up. The processor receives
 *       every BAR 0 write from the {@link DoorbellUnit} (it installs itself as the unit's
 *       {@link RegisterListener} and {@link UarOwnership}) and decodes it here. Addresses latch when
 *       their {@code _LO} half is written and are ignored while {@code ENABLE} is set; the device
 *       becomes {@code READY} {@link CommandProcessorParams#startupPs()} after {@code ENABLE}, or
 *       {@code FATAL} on a bad configuration. The host cannot read {@code DEVICE_STATUS} yet (the PCIe
 *       model has no MMIO reads), so the driver waits a fixed time; {@link #ready()} shows the state.</li>
 *   <li>{@link CommandQueue}: the command queue and its mailboxes, one command at a time in doorbell
 *       order, up to 64 doorbells pending; each command waits its firmware time
 *       ({@code CommandOpcode.defaultFirmwareNs()} × {@link CommandProcessorParams#firmwareTimeScale()})
 *       and then executes: every check first, then every change, so a failed command changes nothing.
 *       A command with {@code EVENT} set posts a {@code COMMAND_COMPLETION} event (object: the slot;
 *       syndrome: the status; token: the header's) to the lowest-numbered EQ whose {@code EVENT_MASK}
 *       takes them, after the status write; with no such EQ (or a full one) it is counted as
 *       {@code eventsNotPosted}.</li>
 *   <li>{@link FirmwareMemory}: the firmware's private copies of the header and mailboxes, decoded
 *       with the same flyweights as the driver.</li>
 *   <li>{@link MemoryKeyTable} ({@code CREATE_MKEY}, {@code DESTROY_MKEY}), {@link EqTable},
 *       {@link CqTable}, {@link QpCommands} ({@code CREATE_QP}, {@code MODIFY_QP}, {@code QUERY_QP},
 *       {@code DESTROY_QP}) with the {@link QpTable} and the {@link QpContextTableWriter}, and
 *       {@link DeviceCapabilities} ({@code QUERY_DEVICE}).</li>
 *   <li>{@link MadCommands}: {@code SET_MAD_RING}, {@code SEND_MAD} (HARDWARE.md 5.11, 5.12) and
 *       writes of {@code MAD_RQ_CONSUMER}, passed to the {@link GsiAgent} if one is installed
 *       ({@link #gsiAgent}); without one both commands fail with {@code BAD_OPCODE}.</li>
 * </ul>
 *
 * <p><b>Not modelled yet.</b> The completion unit cannot destroy an EQ and the WQE fetcher cannot
 * drop a send queue, so a destroyed EQ's EQN is not reused and a QPN whose send queue the fetcher
 * holds is reused only as {@link QpCommands} describes. {@code TO_RESET} re-arms the fetcher's send
 * queue only when the fetcher has put it in error.
 *
 * <p>Runs on the NIC's partition.
 */
public final class CommandProcessor implements RegisterListener, DmaReadCompletion, UarOwnership
{
    /** Firmware revision reported in {@code FW_REV}: 1.0. */
    public static final int FW_REV = 0x0001_0000;

    /** {@code HEALTH_SYNDROME} after a bad configuration at {@code ENABLE}. */
    public static final int HEALTH_BAD_CONFIGURATION = 1;

    private final String name;
    private final CommandProcessorParams params;
    private final QpTable qps;
    private final QpContextTableWriter contextTable;
    private final MemoryKeyTable memoryKeys;
    private final EqTable eqs;
    private final CqTable cqs;
    private final QpCommands qpCommands;
    private final MadCommands madCommands;
    private final DeviceCapabilities capabilities;
    private final InitSegment init;
    private final CommandQueue queue;

    /**
     * Builds the processor and installs it as the doorbell unit's register listener and UAR owner map.
     *
     * @param name the component path, such as {@code "nic0.cmd"}; also its stats group
     * @param params the parameters, validated here
     * @param endpoint the NIC's PCIe endpoint; the processor runs on its partition
     * @param doorbells the register file, whose BAR 0 writes come here
     * @param translation the translation unit, told the table bases and key invalidations
     * @param completion the completion unit, where EQs and CQs are created
     * @param fetcher the WQE fetcher, told each QP's send queue
     * @param hostMemoryBytes bytes of host memory from bus address 0 (mailboxes and rings beyond fail)
     * @param stats where the statistics go
     */
    public CommandProcessor(final String name, final CommandProcessorParams params, final PcieEndpoint endpoint,
        final DoorbellUnit doorbells, final TranslationUnit translation, final CompletionUnit completion,
        final WqeFetcher fetcher, final long hostMemoryBytes, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.params = params;
        final FirmwareMemory memory = new FirmwareMemory(name);
        final HostResources host = new HostResources(hostMemoryBytes, doorbells.params().uarPages());
        qps = new QpTable(params.maxQps());
        contextTable = new QpContextTableWriter(memory, endpoint, qps);
        memoryKeys = new MemoryKeyTable(memory, endpoint, translation);
        eqs = new EqTable(memory, host, completion);
        cqs = new CqTable(memory, host, completion, eqs);
        qpCommands = new QpCommands(params, memory, host, qps, cqs, fetcher, contextTable);
        madCommands = new MadCommands(memory, host, eqs);
        capabilities = new DeviceCapabilities(params, memory, completion, doorbells, fetcher);
        final EventLoop loop = endpoint.upstream().channel().source().loop();
        init = new InitSegment(name, params, loop, translation, completion, memoryKeys, contextTable, qps, host);
        queue = new CommandQueue(name, params, loop, endpoint, completion, memory, init, host, this::execute, stats);
        doorbells.registerListener(this).uarOwnership(this);
    }

    // ---------------------------------------------------------------------------------------------
    // BAR 0 registers

    @Override
    public void onRegisterWrite(final int offset, final long value, final int lengthBytes)
    {
        final int words = Math.max(1, lengthBytes / Integer.BYTES);
        if (offset >= InitSegmentLayout.MSIX_TABLE_OFFSET
            && offset < InitSegmentLayout.MSIX_TABLE_OFFSET + InitSegmentLayout.MSIX_TABLE_BYTES)
        {
            // Little-endian: the first dword is the low half of the value.
            for (int i = 0; i < words; i++)
            {
                init.writeMsix((offset - InitSegmentLayout.MSIX_TABLE_OFFSET) / Integer.BYTES + i,
                    (int)(value >>> (Integer.SIZE * i)));
            }
            return;
        }
        // Big-endian: the first dword is the high half of the value.
        for (int i = 0; i < words; i++)
        {
            onRegister(offset + Integer.BYTES * i, (int)(value >>> (Integer.SIZE * (words - 1 - i))));
        }
    }

    private void onRegister(final int offset, final int value)
    {
        switch (offset)
        {
            case InitSegmentLayout.CMD_DOORBELL_OFFSET -> queue.doorbell(value & (InitSegmentLayout.CMDQ_SLOTS - 1));
            case InitSegmentLayout.MAD_RQ_CONSUMER_OFFSET -> madCommands.consumerIndex(value);
            default -> init.write(offset, value);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Command execution

    @Override
    public void dmaReadDone(final long cookie)
    {
        queue.dmaReadDone(cookie);
    }

    private CommandStatus execute(final CommandOpcode opcode)
    {
        return switch (opcode)
        {
            case QUERY_DEVICE -> capabilities.query();
            case CREATE_MKEY -> memoryKeys.create();
            case DESTROY_MKEY -> memoryKeys.destroy();
            case CREATE_EQ -> eqs.create();
            case DESTROY_EQ -> eqs.destroy();
            case CREATE_CQ -> cqs.create();
            case DESTROY_CQ -> cqs.destroy();
            case CREATE_QP -> qpCommands.create();
            case MODIFY_QP -> qpCommands.modify();
            case QUERY_QP -> qpCommands.query();
            case DESTROY_QP -> qpCommands.destroy();
            case SET_MAD_RING -> madCommands.setRing();
            case SEND_MAD -> madCommands.send();
        };
    }

    /**
     * @param op an opcode
     * @return its modelled firmware time with these parameters
     */
    public long firmwarePs(final CommandOpcode op)
    {
        return params.firmwarePs(op.defaultFirmwareNs());
    }

    // ---------------------------------------------------------------------------------------------
    // Installation

    /**
     * Sets the QP context cache whose table the firmware places at start-up and whose entries it
     * invalidates when {@code CREATE_QP}, {@code MODIFY_QP} or {@code DESTROY_QP} changes a context;
     * {@link org.sansim.nic.Nic} installs the transport's.
     *
     * @param cache the cache, or {@code null} for none
     */
    public void qpContextCache(final QpContextCache cache)
    {
        contextTable.cache(cache);
    }

    /**
     * @param agent the GSI agent that {@code SET_MAD_RING}, {@code SEND_MAD} and {@code MAD_RQ_CONSUMER}
     *     reach; without one, both commands fail with {@code BAD_OPCODE}
     */
    public void gsiAgent(final GsiAgent agent)
    {
        madCommands.agent(agent);
    }

    /**
     * Sets who learns of the QP state changes {@code MODIFY_QP} makes; {@link org.sansim.nic.Nic}
     * installs the transport.
     *
     * @param listener the listener, or {@code null} for none
     */
    public void qpStateListener(final QpStateListener listener)
    {
        qpCommands.listener(listener);
    }

    // ---------------------------------------------------------------------------------------------
    // UAR ownership, for the doorbell unit

    @Override
    public int uarOfQp(final int qpn)
    {
        return qps.valid(qpn) ? qps.uarIndex(qpn) : ANY_PAGE;
    }

    @Override
    public int uarOfCq(final int cqn)
    {
        return cqs.uarOf(cqn, ANY_PAGE);
    }

    @Override
    public int uarOfEq(final int eqn)
    {
        return eqs.uarOf(eqn, ANY_PAGE);
    }

    // ---------------------------------------------------------------------------------------------
    // Observation

    /** @return the QP context table, which the transport reads */
    public QpTable qpTable()
    {
        return qps;
    }

    /** @return the parameters */
    public CommandProcessorParams params()
    {
        return params;
    }

    /** @return {@code DEVICE_STATUS}: {@code READY} and {@code FATAL} bits */
    public int deviceStatus()
    {
        return init.deviceStatus();
    }

    /** @return whether commands are accepted */
    public boolean ready()
    {
        return init.ready();
    }

    /** @return {@code HEALTH_SYNDROME} */
    public int healthSyndrome()
    {
        return init.healthSyndrome();
    }

    /** @return the latched command queue address */
    public long commandQueuePa()
    {
        return init.commandQueuePa();
    }

    /**
     * @param op an opcode
     * @return commands of that opcode completed, failures included
     */
    public long commands(final CommandOpcode op)
    {
        return queue.commands(op);
    }

    /** @return commands completed with a status other than OK */
    public long failures()
    {
        return queue.failures();
    }

    /** @return time spent on commands, in picoseconds */
    public long busyPs()
    {
        return queue.busyPs();
    }

    /** @return command doorbells ignored */
    public long ignoredDoorbells()
    {
        return queue.ignoredDoorbells();
    }

    /** @return whether a command is under way */
    public boolean busy()
    {
        return queue.busy();
    }

    /** @return memory keys that exist now */
    public int liveKeys()
    {
        return memoryKeys.liveKeys();
    }

    /** @return when the last command doorbell reached the processor (after the register decode) */
    public long lastDoorbellPs()
    {
        return queue.lastDoorbellPs();
    }

    /** @return when the last command header's DMA read finished */
    public long lastHeaderReadPs()
    {
        return queue.lastHeaderReadPs();
    }

    /** @return when the last command input's DMA read finished (or, with no input, the header's) */
    public long lastInputReadPs()
    {
        return queue.lastInputReadPs();
    }

    /** @return when the last command executed, at the end of its firmware time */
    public long lastExecutePs()
    {
        return queue.lastExecutePs();
    }

    /** @return when the last command's status write arrives in host memory */
    public long lastStatusArrivalPs()
    {
        return queue.lastStatusArrivalPs();
    }

    @Override
    public String toString()
    {
        return name;
    }
}
