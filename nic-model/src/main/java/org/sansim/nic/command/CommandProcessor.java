package org.sansim.nic.command;

import org.sansim.host.PhysicalMemory;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.CommandHeaderDescriptor;
import org.sansim.hw.CommandHeaderFlyweight;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.CommandStatus;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CreateCqInputDescriptor;
import org.sansim.hw.CreateCqInputFlyweight;
import org.sansim.hw.CreateEqInputDescriptor;
import org.sansim.hw.CreateEqInputFlyweight;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.hw.MadRecvEntryDescriptor;
import org.sansim.hw.MadRingInputDescriptor;
import org.sansim.hw.MadRingInputFlyweight;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.ModifyQpInputDescriptor;
import org.sansim.hw.ModifyQpInputFlyweight;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MptEntryFlyweight;
import org.sansim.hw.ObjectHandleFlyweight;
import org.sansim.hw.PathMtu;
import org.sansim.hw.QpContextDescriptor;
import org.sansim.hw.QpContextFlyweight;
import org.sansim.hw.QpDoorbellRecordDescriptor;
import org.sansim.hw.QpState;
import org.sansim.hw.QpTransition;
import org.sansim.hw.QueryDeviceOutputFlyweight;
import org.sansim.hw.SendMadInputDescriptor;
import org.sansim.hw.SendMadInputFlyweight;
import org.sansim.hw.UarLayout;
import org.sansim.hw.WqeLayout;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.completion.CompletionUnitParams;
import org.sansim.nic.context.QpContextCache;
import org.sansim.nic.doorbell.DoorbellUnit;
import org.sansim.nic.doorbell.RegisterListener;
import org.sansim.nic.doorbell.UarOwnership;
import org.sansim.nic.gsi.GsiAgent;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.wqe.SendQueueState;
import org.sansim.nic.wqe.WqeFetcher;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The NIC firmware's command processor (HARDWARE.md 3 and 5).
 *
 * <p><b>Registers.</b> It receives every BAR 0 write from the {@link DoorbellUnit} (it installs itself
 * as the unit's {@link RegisterListener} and {@link UarOwnership}). It latches the command-queue,
 * MPT and MTT addresses when their {@code _LO} half is written, ignores them while {@code ENABLE} is
 * set, and becomes {@code READY} {@link CommandProcessorParams#startupPs()} after {@code ENABLE},
 * when it hands the table bases to the {@link TranslationUnit}. A bad configuration (misaligned
 * address, a table larger than the device accepts) sets {@code FATAL} instead. MSI-X table writes
 * are passed on to the {@link CompletionUnit}. The host cannot read {@code DEVICE_STATUS} yet (the
 * PCIe model has no MMIO reads), so the driver waits a fixed time; {@link #ready()} shows the state.
 *
 * <p><b>Commands</b>, one at a time in doorbell order, up to 64 doorbells pending:
 * <ol>
 *   <li>DMA-read the 64-byte header; a slot whose {@code OWNER} is 0 is ignored;</li>
 *   <li>check the opcode, lengths and mailboxes; a failure completes at once;</li>
 *   <li>DMA-read the opcode's input bytes;</li>
 *   <li>wait the opcode's firmware time ({@code CommandOpcode.defaultFirmwareNs()} ×
 *       {@link CommandProcessorParams#firmwareTimeScale()}), then execute: every check first, then
 *       every change, so a failed command changes nothing;</li>
 *   <li>DMA-write the output (only on success), then the header's last 8 bytes with the status and
 *       {@code OWNER} = 0; PCIe's posted-write order makes the output visible first.</li>
 * </ol>
 * The firmware's copy of the header and mailboxes lives in a small private memory, so it decodes
 * them with the same flyweights as the driver.
 *
 * <p><b>Management datagrams.</b> {@code SET_MAD_RING} and {@code SEND_MAD} (HARDWARE.md 5.11, 5.12) and
 * writes of {@code MAD_RQ_CONSUMER} are passed to the {@link GsiAgent}, if one is installed
 * ({@link #gsiAgent}); without one both commands fail with {@code BAD_OPCODE}.
 *
 * <p><b>Command completion events.</b> A command with {@code EVENT} set posts a
 * {@code COMMAND_COMPLETION} event (object: the slot; syndrome: the status; token: the header's) to
 * the lowest-numbered EQ whose {@code EVENT_MASK} takes them, after the status write; with no such
 * EQ (or a full one) it is counted as {@code eventsNotPosted}.
 *
 * <p><b>Not modelled yet.</b> The completion unit cannot destroy an EQ and the WQE
 * fetcher cannot drop a send queue, so a destroyed EQ's EQN and a destroyed QP's QPN are not reused.
 * {@code TO_RESET} re-arms the fetcher's send queue only when the fetcher has put it in error.
 *
 * <p>Runs on the NIC's partition.
 */
public final class CommandProcessor implements RegisterListener, DmaReadCompletion, UarOwnership
{
    /** Firmware revision reported in {@code FW_REV}: 1.0. */
    public static final int FW_REV = 0x0001_0000;

    /** {@code HEALTH_SYNDROME} after a bad configuration at {@code ENABLE}. */
    public static final int HEALTH_BAD_CONFIGURATION = 1;

    private static final int PENDING_SLOTS = InitSegmentLayout.CMDQ_SLOTS;
    private static final long SRAM_HEADER = 0;
    private static final long SRAM_INPUT = 0x1000;
    private static final long SRAM_OUTPUT = 0x2000;
    /** Where the firmware assembles a QP context table entry before writing it to host memory. */
    private static final long SRAM_QPC = 0x3000;
    private static final long SRAM_BYTES = 0x4000;
    private static final long READ_HEADER = 1;
    private static final long READ_INPUT = 2;
    private static final int PAGE_BYTES = 4096;
    private static final int MIN_LOG_PAGE = 12;
    private static final int MAX_LOG_PAGE = 30;
    private static final int MIN_LOG_RQ_STRIDE = 4;
    private static final int MAX_LOG_RQ_STRIDE = 10;
    private static final int FIRST_QPN = 2;
    private static final int PORT_COUNT = 1;
    /** QPNs are 24 bits wide: no QP context table needs more entries. */
    private static final int MAX_LOG_QPC_ENTRIES = 24;

    private QpStateListener qpStateListener;
    private final String name;
    private final CommandProcessorParams params;
    private final EventLoop loop;
    private final PcieEndpoint endpoint;
    private final DoorbellUnit doorbells;
    private final TranslationUnit translation;
    private final CompletionUnit completion;
    private final WqeFetcher fetcher;
    private final long hostMemoryBytes;
    private final Event readyEvent;
    private final Event executeEvent;

    // Firmware-private copies of the header and mailboxes, decoded with the hw flyweights.
    private final PhysicalMemory sram;
    private final byte[] buffer = new byte[CommandHeaderDescriptor.MAILBOX_MAX_BYTES];
    private final CommandHeaderFlyweight header = new CommandHeaderFlyweight();
    private final ObjectHandleFlyweight handleIn = new ObjectHandleFlyweight();
    private final ObjectHandleFlyweight handleOut = new ObjectHandleFlyweight();
    private final QueryDeviceOutputFlyweight deviceOut = new QueryDeviceOutputFlyweight();
    private final CreateEqInputFlyweight eqIn = new CreateEqInputFlyweight();
    private final CreateCqInputFlyweight cqIn = new CreateCqInputFlyweight();
    private final QpContextFlyweight qpIn = new QpContextFlyweight();
    private final QpContextFlyweight qpOut = new QpContextFlyweight();
    private final ModifyQpInputFlyweight modifyIn = new ModifyQpInputFlyweight();
    private final MptEntryFlyweight mptIn = new MptEntryFlyweight();
    private final MadRingInputFlyweight madRingIn = new MadRingInputFlyweight();
    private final SendMadInputFlyweight sendMadIn = new SendMadInputFlyweight();
    private GsiAgent gsi;
    private QpContextCache contextCache;
    private final byte[] qpcEntry = new byte[QpContextDescriptor.LENGTH_BYTES];
    private int qpcHi;
    private long qpcBasePa = -1;
    private int qpcLogEntries;

    // BAR 0 registers.
    private int cmdqHi;
    private long cmdqPa;
    private int mptHi;
    private long mptBasePa;
    private int mptLogEntries;
    private int mttHi;
    private long mttBasePa;
    private int mttLogEntries;
    private boolean enabled;
    private boolean ready;
    private boolean fatal;
    private int healthSyndrome;
    private final int[] msixWords = new int[InitSegmentLayout.MSIX_TABLE_BYTES / Integer.BYTES];

    // Doorbells waiting, and the command under way.
    private final int[] pendingSlot = new int[PENDING_SLOTS];
    private int pendingHead;
    private int pendingCount;
    private boolean busy;
    private int slot;
    private long slotPa;
    private CommandOpcode opcode;
    private int syndrome;
    private long startPs;
    private long lastDoorbellPs;
    private long lastHeaderReadPs;
    private long lastInputReadPs;
    private long lastExecutePs;
    private long lastStatusArrivalPs;

    // Object tables.
    private final QpTable qps;
    private int nextQpn = FIRST_QPN;
    private int fetcherQueues;
    private final boolean[] eqValid;
    private final boolean[] eqRetired;
    private final int[] eqUar;
    private final int[] eqCqRefs;
    private final boolean[] cqValid;
    private final int[] cqUar;
    private final int[] cqEqn;
    private final int[] cqQpRefs;
    private boolean[] mptUsed = new boolean[0];
    private int[] mptVariant = new int[0];
    private long[] mptMttBase = new long[0];
    private long[] mptMttCount = new long[0];

    private final Counter[] commands = new Counter[CommandOpcode.values().length];
    private final Counter failures;
    private final Counter badOpcodes;
    private final Counter busyPs;
    private final Counter ignoredDoorbells;
    private final Counter droppedDoorbells;
    private final Counter eventsNotPosted;

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
        this.endpoint = endpoint;
        this.loop = endpoint.upstream().channel().source().loop();
        this.doorbells = doorbells;
        this.translation = translation;
        this.completion = completion;
        this.fetcher = fetcher;
        this.hostMemoryBytes = hostMemoryBytes;
        this.sram = new PhysicalMemory(name + ".sram", SRAM_BYTES);
        this.readyEvent = Event.of(name + ".ready", Priority.DEFAULT, this::onStartupDone);
        this.executeEvent = Event.of(name + ".execute", Priority.DEFAULT, this::onExecute);
        qps = new QpTable(params.maxQps());
        // PCI: every vector comes out of reset masked, so programming an entry's address and data
        // before its vector control never lets a half-written entry fire.
        for (int w = InitSegmentLayout.MSIX_ENTRY_VECTOR_CONTROL / Integer.BYTES; w < msixWords.length;
            w += InitSegmentLayout.MSIX_ENTRY_BYTES / Integer.BYTES)
        {
            msixWords[w] = 1;
        }
        final CompletionUnitParams cp = completion.params();
        eqValid = new boolean[cp.maxEqs()];
        eqRetired = new boolean[cp.maxEqs()];
        eqUar = new int[cp.maxEqs()];
        eqCqRefs = new int[cp.maxEqs()];
        cqValid = new boolean[cp.maxCqs()];
        cqUar = new int[cp.maxCqs()];
        cqEqn = new int[cp.maxCqs()];
        cqQpRefs = new int[cp.maxCqs()];
        final StatGroup group = stats.group(name);
        for (final CommandOpcode op : CommandOpcode.values())
        {
            commands[op.ordinal()] = group.counter("commands_" + op.name(), "count",
                op.name() + " commands completed, failures included");
        }
        failures = group.counter("failures", "count", "commands completed with a status other than OK");
        badOpcodes = group.counter("badOpcodes", "count", "commands with an unknown opcode");
        busyPs = group.counter("busyPs", "ps", "time spent on commands, from header read to status write");
        ignoredDoorbells = group.counter("ignoredDoorbells", "count",
            "command doorbells ignored: before READY, or for a slot the NIC does not own");
        droppedDoorbells = group.counter("droppedDoorbells", "count", "command doorbells beyond 64 pending");
        eventsNotPosted = group.counter("eventsNotPosted", "count",
            "commands with EVENT set completed without an event (no EQ takes command completions, or it is full)");
        group.formula("occupancy", "ratio", "fraction of time spent on commands since time zero",
            () -> loop.nowPs() == 0 ? 0.0 : (double)busyPs.value() / loop.nowPs());
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
                onMsixWord((offset - InitSegmentLayout.MSIX_TABLE_OFFSET) / Integer.BYTES + i,
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
            case InitSegmentLayout.CMDQ_ADDRESS_HI_OFFSET -> cmdqHi = enabled ? cmdqHi : value;
            case InitSegmentLayout.CMDQ_ADDRESS_LO_OFFSET -> cmdqPa = enabled ? cmdqPa : address(cmdqHi, value);
            case InitSegmentLayout.MPT_BASE_HI_OFFSET -> mptHi = enabled ? mptHi : value;
            case InitSegmentLayout.MPT_BASE_LO_OFFSET -> mptBasePa = enabled ? mptBasePa : address(mptHi, value);
            case InitSegmentLayout.MPT_LOG_ENTRIES_OFFSET -> mptLogEntries = enabled ? mptLogEntries : value;
            case InitSegmentLayout.MTT_BASE_HI_OFFSET -> mttHi = enabled ? mttHi : value;
            case InitSegmentLayout.MTT_BASE_LO_OFFSET -> mttBasePa = enabled ? mttBasePa : address(mttHi, value);
            case InitSegmentLayout.MTT_LOG_ENTRIES_OFFSET -> mttLogEntries = enabled ? mttLogEntries : value;
            case InitSegmentLayout.QPC_BASE_HI_OFFSET -> qpcHi = enabled ? qpcHi : value;
            case InitSegmentLayout.QPC_BASE_LO_OFFSET -> qpcBasePa = enabled ? qpcBasePa : address(qpcHi, value);
            case InitSegmentLayout.QPC_LOG_ENTRIES_OFFSET -> qpcLogEntries = enabled ? qpcLogEntries : value;
            case InitSegmentLayout.DEVICE_CONTROL_OFFSET -> onDeviceControl(value);
            case InitSegmentLayout.CMD_DOORBELL_OFFSET -> onCommandDoorbell(value & (PENDING_SLOTS - 1));
            case InitSegmentLayout.MAD_RQ_CONSUMER_OFFSET ->
            {
                if (gsi != null)
                {
                    gsi.consumerIndex(value);
                }
            }
            default ->
            {
                // read-only or reserved: ignored
            }
        }
    }

    private static long address(final int hi, final int lo)
    {
        return (long)hi << Integer.SIZE | lo & 0xFFFF_FFFFL;
    }

    private void onMsixWord(final int word, final int value)
    {
        msixWords[word] = value;
        final int words = InitSegmentLayout.MSIX_ENTRY_BYTES / Integer.BYTES;
        final int vector = word / words;
        if (vector >= completion.params().msixVectors())
        {
            return;
        }
        final int base = vector * words;
        completion.msixEntry(vector,
            address(msixWords[base + InitSegmentLayout.MSIX_ENTRY_ADDRESS_HI / Integer.BYTES],
                msixWords[base + InitSegmentLayout.MSIX_ENTRY_ADDRESS_LO / Integer.BYTES]),
            msixWords[base + InitSegmentLayout.MSIX_ENTRY_DATA / Integer.BYTES],
            (msixWords[base + InitSegmentLayout.MSIX_ENTRY_VECTOR_CONTROL / Integer.BYTES] & 1) != 0);
    }

    private void onDeviceControl(final int value)
    {
        if ((value & InitSegmentLayout.DEVICE_CONTROL_ENABLE) != 0 && !enabled)
        {
            enabled = true;
            loop.scheduleAfter(readyEvent, params.startupPs());
        }
    }

    private void onStartupDone()
    {
        final long align = InitSegmentLayout.TABLE_ALIGNMENT_BYTES;
        if (cmdqPa < 0 || cmdqPa % align != 0 || mptBasePa < 0 || mptBasePa % align != 0
            || mttBasePa < 0 || mttBasePa % align != 0 || mptLogEntries < 1 || mptLogEntries > params.logMaxMkey()
            || mttLogEntries < 1 || mttLogEntries > params.logMaxMtt() || !qpcTableValid())
        {
            fatal = true;
            healthSyndrome = HEALTH_BAD_CONFIGURATION;
            return;
        }
        translation.configureTables(mptBasePa, 1L << mptLogEntries, mttBasePa, 1L << mttLogEntries);
        if (qpcLogEntries != 0 && contextCache != null)
        {
            contextCache.configureTable(qpcBasePa);
        }
        final int entries = 1 << mptLogEntries;
        mptUsed = new boolean[entries];
        mptVariant = new int[entries];
        mptMttBase = new long[entries];
        mptMttCount = new long[entries];
        ready = true;
    }

    /**
     * A QP context table is optional ({@code QPC_LOG_ENTRIES} 0: the contexts stay on the chip); one
     * that is given must be aligned, in host memory and hold every QPN.
     */
    private boolean qpcTableValid()
    {
        if (qpcLogEntries == 0)
        {
            return true;
        }
        return qpcLogEntries > 0 && qpcLogEntries <= MAX_LOG_QPC_ENTRIES && 1L << qpcLogEntries >= qps.capacity()
            && qpcBasePa >= 0 && qpcBasePa % InitSegmentLayout.TABLE_ALIGNMENT_BYTES == 0
            && inHostMemory(qpcBasePa, (long)QpContextDescriptor.LENGTH_BYTES << qpcLogEntries);
    }

    /**
     * Sets the QP context cache whose table the firmware places at start-up and whose entries it
     * invalidates when {@code CREATE_QP}, {@code MODIFY_QP} or {@code DESTROY_QP} changes a context;
     * {@link org.sansim.nic.Nic} installs the transport's.
     *
     * @param cache the cache, or {@code null} for none
     */
    public void qpContextCache(final QpContextCache cache)
    {
        this.contextCache = cache;
    }

    /**
     * Writes QP {@code qpn}'s context, as it now is, to its entry of the QP context table in host
     * memory (a DMA write of 128 bytes) and drops the cached copy, so its next use reads it again.
     */
    private void storeContext(final int qpn)
    {
        if (qpcLogEntries == 0)
        {
            return;
        }
        qps.query(qpn, qpOut.wrap(sram, SRAM_QPC));
        sram.read(SRAM_QPC, qpcEntry, 0, qpcEntry.length);
        endpoint.dmaWrite(qpcBasePa + (long)qpn * QpContextDescriptor.LENGTH_BYTES, qpcEntry, 0, qpcEntry.length);
        if (contextCache != null)
        {
            contextCache.invalidate(qpn);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Command execution

    private void onCommandDoorbell(final int doorbellSlot)
    {
        if (!ready)
        {
            ignoredDoorbells.increment();
            return;
        }
        if (pendingCount == PENDING_SLOTS)
        {
            droppedDoorbells.increment();
            return;
        }
        pendingSlot[(pendingHead + pendingCount) % PENDING_SLOTS] = doorbellSlot;
        pendingCount++;
        lastDoorbellPs = loop.nowPs();
        startNext();
    }

    private void startNext()
    {
        if (busy || pendingCount == 0)
        {
            return;
        }
        slot = pendingSlot[pendingHead];
        pendingHead = (pendingHead + 1) % PENDING_SLOTS;
        pendingCount--;
        busy = true;
        opcode = null;
        syndrome = 0;
        startPs = loop.nowPs();
        slotPa = cmdqPa + (long)slot * InitSegmentLayout.CMDQ_SLOT_BYTES;
        endpoint.dmaRead(slotPa, CommandHeaderDescriptor.LENGTH_BYTES, buffer, 0, this, READ_HEADER);
    }

    @Override
    public void dmaReadDone(final long cookie)
    {
        if (cookie == READ_HEADER)
        {
            lastHeaderReadPs = loop.nowPs();
            sram.write(SRAM_HEADER, buffer, 0, CommandHeaderDescriptor.LENGTH_BYTES);
            onHeader();
        }
        else
        {
            sram.write(SRAM_INPUT, buffer, 0, opcode.inputBytes());
            onInput();
        }
    }

    private void onHeader()
    {
        header.wrap(sram, SRAM_HEADER);
        if (!header.owner())
        {
            ignoredDoorbells.increment();
            busy = false;
            startNext();
            return;
        }
        opcode = CommandOpcode.of(header.opcode());
        if (opcode == null)
        {
            badOpcodes.increment();
            finish(CommandStatus.BAD_OPCODE);
            return;
        }
        if (header.inputLength() < opcode.inputBytes())
        {
            finish(CommandStatus.BAD_INPUT_LENGTH);
            return;
        }
        if (header.outputLength() < opcode.outputBytes())
        {
            finish(CommandStatus.BAD_OUTPUT_LENGTH);
            return;
        }
        if (!mailboxOk(header.inputAddress(), opcode.inputBytes())
            || !mailboxOk(header.outputAddress(), opcode.outputBytes()))
        {
            finish(CommandStatus.BAD_MAILBOX);
            return;
        }
        if (opcode.inputBytes() > 0)
        {
            endpoint.dmaRead(header.inputAddress(), opcode.inputBytes(), buffer, 0, this, READ_INPUT);
        }
        else
        {
            onInput();
        }
    }

    private boolean mailboxOk(final long pa, final int bytes)
    {
        return bytes == 0 || pa >= 0 && pa % CommandHeaderDescriptor.MAILBOX_ALIGNMENT_BYTES == 0
            && inHostMemory(pa, bytes);
    }

    private boolean inHostMemory(final long pa, final long bytes)
    {
        return pa >= 0 && bytes >= 0 && pa <= hostMemoryBytes - bytes;
    }

    private void onInput()
    {
        lastInputReadPs = loop.nowPs();
        loop.scheduleAfter(executeEvent, firmwarePs(opcode));
    }

    /**
     * @param op an opcode
     * @return its modelled firmware time with these parameters
     */
    public long firmwarePs(final CommandOpcode op)
    {
        return params.firmwarePs(op.defaultFirmwareNs());
    }

    private void onExecute()
    {
        lastExecutePs = loop.nowPs();
        finish(execute());
    }

    private void finish(final CommandStatus status)
    {
        header.wrap(sram, SRAM_HEADER);
        if (status == CommandStatus.OK && opcode.outputBytes() > 0)
        {
            sram.read(SRAM_OUTPUT, buffer, 0, opcode.outputBytes());
            endpoint.dmaWrite(header.outputAddress(), buffer, 0, opcode.outputBytes());
        }
        final boolean event = header.event();
        final int token = header.token();
        header.complete(status, status == CommandStatus.BAD_PARAM ? syndrome : 0);
        final int tail = CommandHeaderDescriptor.SYNDROME_OFFSET;
        sram.read(SRAM_HEADER + tail, buffer, 0, CommandHeaderDescriptor.LENGTH_BYTES - tail);
        lastStatusArrivalPs = endpoint.dmaWrite(slotPa + tail, buffer, 0, CommandHeaderDescriptor.LENGTH_BYTES - tail);
        // The event goes up the link behind the status write, so a driver woken by it sees OWNER = 0.
        if (event && !completion.postCommandCompletion(slot, status.code(), token))
        {
            eventsNotPosted.increment();
        }
        if (opcode != null)
        {
            commands[opcode.ordinal()].increment();
        }
        if (status != CommandStatus.OK)
        {
            failures.increment();
        }
        busyPs.add(loop.nowPs() - startPs);
        busy = false;
        startNext();
    }

    private CommandStatus execute()
    {
        return switch (opcode)
        {
            case QUERY_DEVICE -> queryDevice();
            case CREATE_MKEY -> createMkey();
            case DESTROY_MKEY -> destroyMkey();
            case CREATE_EQ -> createEq();
            case DESTROY_EQ -> destroyEq();
            case CREATE_CQ -> createCq();
            case DESTROY_CQ -> destroyCq();
            case CREATE_QP -> createQp();
            case MODIFY_QP -> modifyQp();
            case QUERY_QP -> queryQp();
            case DESTROY_QP -> destroyQp();
            case SET_MAD_RING -> setMadRing();
            case SEND_MAD -> sendMad();
        };
    }

    /**
     * @param agent the GSI agent that {@code SET_MAD_RING}, {@code SEND_MAD} and {@code MAD_RQ_CONSUMER}
     *     reach; without one, both commands fail with {@code BAD_OPCODE}
     */
    public void gsiAgent(final GsiAgent agent)
    {
        gsi = agent;
    }

    private CommandStatus setMadRing()
    {
        if (gsi == null)
        {
            return CommandStatus.BAD_OPCODE;
        }
        final MadRingInputFlyweight in = madRingIn.wrap(sram, SRAM_INPUT);
        if (in.logSize() > MadRingInputDescriptor.MAX_LOG_SIZE)
        {
            return badParam(MadRingInputDescriptor.LOG_SIZE_OFFSET);
        }
        if (in.address() % PAGE_BYTES != 0
            || !inHostMemory(in.address(), (long)MadRecvEntryDescriptor.LENGTH_BYTES << in.logSize()))
        {
            return badParam(MadRingInputDescriptor.ADDRESS_OFFSET);
        }
        if (in.eqn() >= eqValid.length || !eqValid[in.eqn()])
        {
            return CommandStatus.BAD_RESOURCE;
        }
        gsi.setRing(in.address(), in.logSize(), in.eqn());
        return CommandStatus.OK;
    }

    private CommandStatus sendMad()
    {
        if (gsi == null)
        {
            return CommandStatus.BAD_OPCODE;
        }
        final SendMadInputFlyweight in = sendMadIn.wrap(sram, SRAM_INPUT);
        if (in.remoteQpn() == 0)
        {
            return badParam(SendMadInputDescriptor.REMOTE_QPN_OFFSET);
        }
        in.readMad(buffer, 0);
        return gsi.send(in.dstMac(), in.dstIpv4(), in.remoteQpn(), in.qKey(), buffer, 0)
            ? CommandStatus.OK : CommandStatus.RESOURCE_BUSY;
    }

    private CommandStatus badParam(final int fieldOffset)
    {
        syndrome = fieldOffset;
        return CommandStatus.BAD_PARAM;
    }

    private CommandStatus created(final int object)
    {
        handleOut.wrap(sram, SRAM_OUTPUT).clear().object(object);
        return CommandStatus.OK;
    }

    private int handle()
    {
        return handleIn.wrap(sram, SRAM_INPUT).object();
    }

    private CommandStatus queryDevice()
    {
        final CompletionUnitParams cp = completion.params();
        final boolean blueFlame = doorbells.params().blueFlame();
        deviceOut.wrap(sram, SRAM_OUTPUT).clear()
            .logMaxQp(Integer.numberOfTrailingZeros(params.maxQps()))
            .logMaxCq(31 - Integer.numberOfLeadingZeros(cp.maxCqs()))
            .logMaxEq(31 - Integer.numberOfLeadingZeros(cp.maxEqs()))
            .logMaxMkey(params.logMaxMkey())
            .logMaxSqBbs(WqeLayout.MAX_LOG_RING_SIZE)
            .logMaxRqWqes(WqeLayout.MAX_LOG_RING_SIZE)
            .logMaxCqes(cp.maxLogCqSize())
            .logMaxEqes(cp.maxLogEqSize())
            .maxSendWqeUnits(fetcher.params().maxSendWqeUnits())
            .maxRecvSges(params.maxRecvSges())
            .maxInlineBytes(fetcher.params().maxInlineBytes())
            .maxRdAtomic(params.maxRdAtomic())
            .maxDestRdAtomic(params.maxDestRdAtomic())
            .portCount(PORT_COUNT)
            .maxPathMtu(params.maxPathMtu().code())
            .uarCount(doorbells.params().uarPages())
            .blueflameHalfBytes(blueFlame ? UarLayout.BLUEFLAME_HALF_BYTES : 0)
            .msixVectors(cp.msixVectors())
            .logMaxMtt(params.logMaxMtt())
            .atomics(true)
            .blueflame(blueFlame)
            .portMac(params.portMac())
            .portIpv4(params.portIpv4())
            .coreClockKhz((int)(doorbells.params().coreClockHz() / 1000));
        return CommandStatus.OK;
    }

    private boolean uarExists(final int uar)
    {
        return uar >= 0 && uar < doorbells.params().uarPages();
    }

    private CommandStatus createEq()
    {
        final CreateEqInputFlyweight in = eqIn.wrap(sram, SRAM_INPUT);
        final CompletionUnitParams cp = completion.params();
        if (in.logSize() > cp.maxLogEqSize())
        {
            return badParam(CreateEqInputDescriptor.LOG_SIZE_OFFSET);
        }
        if (in.address() % PAGE_BYTES != 0 || !inHostMemory(in.address(), (long)EqeDescriptor.LENGTH_BYTES << in.logSize()))
        {
            return badParam(CreateEqInputDescriptor.ADDRESS_OFFSET);
        }
        if (in.msixVector() >= cp.msixVectors())
        {
            return badParam(CreateEqInputDescriptor.MSIX_VECTOR_OFFSET);
        }
        if (!uarExists(in.uarIndex()))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        int eqn = 0;
        while (eqn < eqValid.length && (eqValid[eqn] || eqRetired[eqn]))
        {
            eqn++;
        }
        if (eqn == eqValid.length)
        {
            return CommandStatus.EXCEED_LIMIT;
        }
        completion.createEq(eqn, in.address(), in.logSize(), in.msixVector(), in.eventMask());
        eqValid[eqn] = true;
        eqUar[eqn] = in.uarIndex();
        eqCqRefs[eqn] = 0;
        return created(eqn);
    }

    private CommandStatus destroyEq()
    {
        final int eqn = handle();
        if (eqn < 0 || eqn >= eqValid.length || !eqValid[eqn])
        {
            return CommandStatus.BAD_RESOURCE;
        }
        if (eqCqRefs[eqn] > 0)
        {
            return CommandStatus.RESOURCE_BUSY;
        }
        eqValid[eqn] = false;
        eqRetired[eqn] = true;
        return CommandStatus.OK;
    }

    private CommandStatus createCq()
    {
        final CreateCqInputFlyweight in = cqIn.wrap(sram, SRAM_INPUT);
        if (in.logSize() > completion.params().maxLogCqSize())
        {
            return badParam(CreateCqInputDescriptor.LOG_SIZE_OFFSET);
        }
        if (in.address() % PAGE_BYTES != 0 || !inHostMemory(in.address(), (long)CqeDescriptor.LENGTH_BYTES << in.logSize()))
        {
            return badParam(CreateCqInputDescriptor.ADDRESS_OFFSET);
        }
        if (in.dbrAddress() % Long.BYTES != 0 || !inHostMemory(in.dbrAddress(), Long.BYTES))
        {
            return badParam(CreateCqInputDescriptor.DBR_ADDRESS_OFFSET);
        }
        final int eqn = in.eqn();
        if (eqn >= eqValid.length || !eqValid[eqn] || !uarExists(in.uarIndex()))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        int cqn = 0;
        while (cqn < cqValid.length && cqValid[cqn])
        {
            cqn++;
        }
        if (cqn == cqValid.length)
        {
            return CommandStatus.EXCEED_LIMIT;
        }
        completion.createCq(cqn, in.address(), in.logSize(), eqn, in.dbrAddress(), in.moderationCount(),
            in.moderationPeriod() * 1_000_000L);
        cqValid[cqn] = true;
        cqUar[cqn] = in.uarIndex();
        cqEqn[cqn] = eqn;
        cqQpRefs[cqn] = 0;
        eqCqRefs[eqn]++;
        return created(cqn);
    }

    private CommandStatus destroyCq()
    {
        final int cqn = handle();
        if (cqn < 0 || cqn >= cqValid.length || !cqValid[cqn])
        {
            return CommandStatus.BAD_RESOURCE;
        }
        if (cqQpRefs[cqn] > 0)
        {
            return CommandStatus.RESOURCE_BUSY;
        }
        completion.destroyCq(cqn);
        cqValid[cqn] = false;
        eqCqRefs[cqEqn[cqn]]--;
        return CommandStatus.OK;
    }

    private boolean cqExists(final int cqn)
    {
        return cqn >= 0 && cqn < cqValid.length && cqValid[cqn];
    }

    private CommandStatus createQp()
    {
        final QpContextFlyweight in = qpIn.wrap(sram, SRAM_INPUT);
        if (in.logSqSize() > WqeLayout.MAX_LOG_RING_SIZE)
        {
            return badParam(QpContextDescriptor.LOG_SQ_SIZE_OFFSET);
        }
        if (in.logRqSize() > WqeLayout.MAX_LOG_RING_SIZE)
        {
            return badParam(QpContextDescriptor.LOG_RQ_SIZE_OFFSET);
        }
        if (in.logRqStride() < MIN_LOG_RQ_STRIDE || in.logRqStride() > MAX_LOG_RQ_STRIDE)
        {
            return badParam(QpContextDescriptor.LOG_RQ_STRIDE_OFFSET);
        }
        if (in.sqAddress() % PAGE_BYTES != 0
            || !inHostMemory(in.sqAddress(), (long)WqeLayout.BASIC_BLOCK_BYTES << in.logSqSize()))
        {
            return badParam(QpContextDescriptor.SQ_ADDRESS_OFFSET);
        }
        if (in.rqAddress() % PAGE_BYTES != 0 || !inHostMemory(in.rqAddress(), 1L << (in.logRqSize() + in.logRqStride())))
        {
            return badParam(QpContextDescriptor.RQ_ADDRESS_OFFSET);
        }
        if (in.dbrAddress() % QpDoorbellRecordDescriptor.LENGTH_BYTES != 0
            || !inHostMemory(in.dbrAddress(), QpDoorbellRecordDescriptor.LENGTH_BYTES))
        {
            return badParam(QpContextDescriptor.DBR_ADDRESS_OFFSET);
        }
        if (!cqExists(in.sendCqn()) || !cqExists(in.recvCqn()) || !uarExists(in.uarIndex()))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        final int qpn = freeQpn();
        if (qpn < 0)
        {
            return CommandStatus.EXCEED_LIMIT;
        }
        if (fetcher.sendQueueState(qpn) == SendQueueState.UNCONFIGURED)
        {
            fetcherQueues++;
        }
        fetcher.configureSendQueue(qpn, in.sqAddress(), in.logSqSize(), in.dbrAddress());
        qps.create(qpn, in);
        storeContext(qpn);
        cqQpRefs[in.sendCqn()]++;
        cqQpRefs[in.recvCqn()]++;
        nextQpn = qpn + 1 < qps.capacity() ? qpn + 1 : FIRST_QPN;
        return created(qpn);
    }

    /** Next-fit from the last QPN handed out, skipping live QPs and send queues the fetcher cannot reset. */
    private int freeQpn()
    {
        final int span = qps.capacity() - FIRST_QPN;
        for (int i = 0; i < span; i++)
        {
            final int qpn = FIRST_QPN + (nextQpn - FIRST_QPN + i) % span;
            if (qps.valid(qpn))
            {
                continue;
            }
            final SendQueueState s = fetcher.sendQueueState(qpn);
            if (s == SendQueueState.ACTIVE
                || s == SendQueueState.UNCONFIGURED && fetcherQueues == fetcher.params().maxSendQueues())
            {
                continue;
            }
            return qpn;
        }
        return -1;
    }

    private CommandStatus modifyQp()
    {
        final ModifyQpInputFlyweight in = modifyIn.wrap(sram, SRAM_INPUT);
        final int qpn = in.qpn();
        if (!qps.valid(qpn))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        final QpTransition t = QpTransition.of(qps.state(qpn), in.fromState(), in.toState());
        if (t == null)
        {
            return CommandStatus.BAD_RESOURCE_STATE;
        }
        final QpContextFlyweight c = in.context();
        final int ctx = ModifyQpInputDescriptor.CONTEXT_OFFSET;
        switch (t)
        {
            case RESET_TO_INIT ->
            {
                if (c.port() < 1 || c.port() > PORT_COUNT)
                {
                    return badParam(ctx + QpContextDescriptor.PORT_OFFSET);
                }
                qps.init(qpn, c);
            }
            case INIT_TO_RTR ->
            {
                final PathMtu mtu = PathMtu.of(c.pathMtu());
                if (mtu == null || mtu.code() > params.maxPathMtu().code())
                {
                    return badParam(ctx + QpContextDescriptor.PATH_MTU_OFFSET);
                }
                if (c.maxDestRdAtomic() > params.maxDestRdAtomic())
                {
                    return badParam(ctx + QpContextDescriptor.MAX_DEST_RD_ATOMIC_OFFSET);
                }
                qps.readyToReceive(qpn, c);
            }
            case RTR_TO_RTS ->
            {
                if (c.maxRdAtomic() > params.maxRdAtomic())
                {
                    return badParam(ctx + QpContextDescriptor.MAX_RD_ATOMIC_OFFSET);
                }
                qps.readyToSend(qpn, c);
            }
            case TO_RESET ->
            {
                if (fetcher.sendQueueState(qpn) == SendQueueState.ERROR)
                {
                    fetcher.configureSendQueue(qpn, qps.sqAddress(qpn), qps.logSqSize(qpn), qps.dbrAddress(qpn));
                }
            }
            default ->
            {
                // TO_ERROR reads no attributes
            }
        }
        final QpState from = qps.state(qpn);
        qps.state(qpn, t.to());
        storeContext(qpn);
        if (qpStateListener != null)
        {
            qpStateListener.onQpStateChange(qpn, from, t.to());
        }
        return CommandStatus.OK;
    }

    /**
     * Sets who learns of the QP state changes {@code MODIFY_QP} makes; {@link org.sansim.nic.Nic}
     * installs the transport.
     *
     * @param listener the listener, or {@code null} for none
     */
    public void qpStateListener(final QpStateListener listener)
    {
        this.qpStateListener = listener;
    }

    private CommandStatus queryQp()
    {
        final int qpn = handle();
        if (!qps.valid(qpn))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        qps.query(qpn, qpOut.wrap(sram, SRAM_OUTPUT));
        return CommandStatus.OK;
    }

    private CommandStatus destroyQp()
    {
        final int qpn = handle();
        if (!qps.valid(qpn))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        cqQpRefs[qps.sendCqn(qpn)]--;
        cqQpRefs[qps.recvCqn(qpn)]--;
        qps.destroy(qpn);
        if (contextCache != null)
        {
            contextCache.invalidate(qpn);
        }
        return CommandStatus.OK;
    }

    private CommandStatus createMkey()
    {
        final MptEntryFlyweight in = mptIn.wrap(sram, SRAM_INPUT);
        final int logPage = in.logPageSize();
        if (logPage < MIN_LOG_PAGE || logPage > MAX_LOG_PAGE)
        {
            return badParam(MptEntryDescriptor.LOG_PAGE_SIZE_OFFSET);
        }
        final int access = in.access();
        if ((access & (AccessFlags.REMOTE_WRITE | AccessFlags.REMOTE_ATOMIC)) != 0
            && (access & AccessFlags.LOCAL_WRITE) == 0)
        {
            return badParam(MptEntryDescriptor.ACCESS_OFFSET);
        }
        final long mttBase = in.mttBase() & 0xFFFF_FFFFL;
        final long mttCount = in.mttCount() & 0xFFFF_FFFFL;
        if (mttBase + mttCount > 1L << mttLogEntries)
        {
            return badParam(MptEntryDescriptor.MTT_BASE_OFFSET);
        }
        final long pageMask = (1L << logPage) - 1;
        final long start = in.startVa();
        final long length = in.length();
        if (length < 0 || start > Long.MAX_VALUE - length)
        {
            return badParam(MptEntryDescriptor.LENGTH_OFFSET);
        }
        final long pages = length == 0 ? 0 : (start + length - (start & ~pageMask) + pageMask) >>> logPage;
        if (pages > mttCount)
        {
            return badParam(MptEntryDescriptor.MTT_COUNT_OFFSET);
        }
        int index = 1;
        while (index < mptUsed.length && mptUsed[index])
        {
            index++;
        }
        if (index >= mptUsed.length)
        {
            return CommandStatus.EXCEED_LIMIT;
        }
        in.valid(true);
        sram.read(SRAM_INPUT, buffer, 0, MptEntryDescriptor.LENGTH_BYTES);
        endpoint.dmaWrite(mptBasePa + (long)index * MptEntryDescriptor.LENGTH_BYTES, buffer, 0,
            MptEntryDescriptor.LENGTH_BYTES);
        mptUsed[index] = true;
        mptVariant[index] = in.keyVariant();
        mptMttBase[index] = mttBase;
        mptMttCount[index] = mttCount;
        // The translation caches may hold the new entries' lines from before the driver wrote them
        // (an MTT line shared with a neighbouring region, the MPT line of a neighbouring key): the
        // firmware drops them, so the new key never translates through stale entries.
        translation.invalidate(MemoryKey.of(index, in.keyVariant()));
        translation.invalidateMtt(mttBase, mttCount);
        return created(MemoryKey.of(index, in.keyVariant()));
    }

    private CommandStatus destroyMkey()
    {
        final int key = handle();
        final int index = MemoryKey.index(key);
        if (index == 0 || index >= mptUsed.length || !mptUsed[index] || mptVariant[index] != MemoryKey.variant(key))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        // Byte 0 holds VALID and reserved bits only: clearing it invalidates the entry.
        buffer[0] = 0;
        endpoint.dmaWrite(mptBasePa + (long)index * MptEntryDescriptor.LENGTH_BYTES + MptEntryDescriptor.VALID_OFFSET,
            buffer, 0, 1);
        translation.invalidate(key);
        translation.invalidateMtt(mptMttBase[index], mptMttCount[index]);
        mptUsed[index] = false;
        return CommandStatus.OK;
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
        return cqExists(cqn) ? cqUar[cqn] : ANY_PAGE;
    }

    @Override
    public int uarOfEq(final int eqn)
    {
        return eqn >= 0 && eqn < eqValid.length && eqValid[eqn] ? eqUar[eqn] : ANY_PAGE;
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
        return (ready ? InitSegmentLayout.DEVICE_STATUS_READY : 0) | (fatal ? InitSegmentLayout.DEVICE_STATUS_FATAL : 0);
    }

    /** @return whether commands are accepted */
    public boolean ready()
    {
        return ready;
    }

    /** @return {@code HEALTH_SYNDROME} */
    public int healthSyndrome()
    {
        return healthSyndrome;
    }

    /** @return the latched command queue address */
    public long commandQueuePa()
    {
        return cmdqPa;
    }

    /**
     * @param op an opcode
     * @return commands of that opcode completed, failures included
     */
    public long commands(final CommandOpcode op)
    {
        return commands[op.ordinal()].value();
    }

    /** @return commands completed with a status other than OK */
    public long failures()
    {
        return failures.value();
    }

    /** @return time spent on commands, in picoseconds */
    public long busyPs()
    {
        return busyPs.value();
    }

    /** @return command doorbells ignored */
    public long ignoredDoorbells()
    {
        return ignoredDoorbells.value();
    }

    /** @return whether a command is under way */
    public boolean busy()
    {
        return busy;
    }

    /** @return memory keys that exist now */
    public int liveKeys()
    {
        int n = 0;
        for (final boolean used : mptUsed)
        {
            n += used ? 1 : 0;
        }
        return n;
    }

    /** @return when the last command doorbell reached the processor (after the register decode) */
    public long lastDoorbellPs()
    {
        return lastDoorbellPs;
    }

    /** @return when the last command header's DMA read finished */
    public long lastHeaderReadPs()
    {
        return lastHeaderReadPs;
    }

    /** @return when the last command input's DMA read finished (or, with no input, the header's) */
    public long lastInputReadPs()
    {
        return lastInputReadPs;
    }

    /** @return when the last command executed, at the end of its firmware time */
    public long lastExecutePs()
    {
        return lastExecutePs;
    }

    /** @return when the last command's status write arrives in host memory */
    public long lastStatusArrivalPs()
    {
        return lastStatusArrivalPs;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
