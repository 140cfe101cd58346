package org.sansim.nic.command;

import org.sansim.hw.InitSegmentLayout;
import org.sansim.hw.QpContextDescriptor;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * The initialisation registers of BAR 0 and device start-up (HARDWARE.md 3): the command-queue,
 * MPT, MTT and QP context table addresses and sizes, {@code DEVICE_CONTROL}, {@code DEVICE_STATUS},
 * {@code HEALTH_SYNDROME} and the MSI-X table.
 *
 * <p>An address is latched when its {@code _LO} half is written; every latch ignores writes once
 * {@code ENABLE} is set. {@link CommandProcessorParams#startupPs()} after {@code ENABLE} the device
 * checks the configuration: a good one places the tables (in the {@link TranslationUnit}, the
 * {@link MemoryKeyTable} and the {@link QpContextTableWriter}) and sets {@code READY}; a bad one
 * (misaligned address, a table larger than the device accepts or outside host memory) sets
 * {@code FATAL} with {@link CommandProcessor#HEALTH_BAD_CONFIGURATION} and places nothing. MSI-X
 * entries are passed to the {@link CompletionUnit} on every write; every vector comes out of reset
 * masked.
 */
final class InitSegment
{
    /** QPNs are 24 bits wide: no QP context table needs more entries. */
    private static final int MAX_LOG_QPC_ENTRIES = 24;
    private static final int MSIX_ENTRY_WORDS = InitSegmentLayout.MSIX_ENTRY_BYTES / Integer.BYTES;

    private final CommandProcessorParams params;
    private final EventLoop loop;
    private final TranslationUnit translation;
    private final CompletionUnit completion;
    private final MemoryKeyTable memoryKeys;
    private final QpContextTableWriter contextTable;
    private final QpTable qps;
    private final HostResources host;
    private final Event readyEvent;

    private int cmdqHi;
    private long cmdqPa;
    private int mptHi;
    private long mptBasePa;
    private int mptLogEntries;
    private int mttHi;
    private long mttBasePa;
    private int mttLogEntries;
    private int qpcHi;
    private long qpcBasePa = -1;
    private int qpcLogEntries;
    private boolean enabled;
    private boolean ready;
    private boolean fatal;
    private int healthSyndrome;
    private final int[] msixWords = new int[InitSegmentLayout.MSIX_TABLE_BYTES / Integer.BYTES];

    /**
     * @param name the command processor's component path; the start-up event is {@code name + ".ready"}
     * @param params the start-up time and table limits
     * @param loop the NIC partition's event loop
     * @param translation told the MPT and MTT tables at start-up
     * @param completion given the MSI-X entries
     * @param memoryKeys told the MPT and MTT tables at start-up
     * @param contextTable told the QP context table at start-up
     * @param qps the QP table, whose capacity the QP context table must hold
     * @param host the host memory the QP context table must lie in
     */
    InitSegment(final String name, final CommandProcessorParams params, final EventLoop loop,
        final TranslationUnit translation, final CompletionUnit completion, final MemoryKeyTable memoryKeys,
        final QpContextTableWriter contextTable, final QpTable qps, final HostResources host)
    {
        this.params = params;
        this.loop = loop;
        this.translation = translation;
        this.completion = completion;
        this.memoryKeys = memoryKeys;
        this.contextTable = contextTable;
        this.qps = qps;
        this.host = host;
        this.readyEvent = Event.of(name + ".ready", Priority.DEFAULT, this::onStartupDone);
        // PCI: every vector comes out of reset masked, so programming an entry's address and data
        // before its vector control never lets a half-written entry fire.
        for (int w = InitSegmentLayout.MSIX_ENTRY_VECTOR_CONTROL / Integer.BYTES; w < msixWords.length;
            w += MSIX_ENTRY_WORDS)
        {
            msixWords[w] = 1;
        }
    }

    /**
     * Writes one initialisation register; read-only, reserved and unknown offsets are ignored.
     *
     * @param offset the register's BAR 0 offset
     * @param value the dword written
     */
    void write(final int offset, final int value)
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

    /**
     * Writes one dword of the MSI-X table and passes the entry it belongs to, if the completion unit
     * has that vector, on to the completion unit.
     *
     * @param word the dword's index in the table
     * @param value the dword written
     */
    void writeMsix(final int word, final int value)
    {
        msixWords[word] = value;
        final int vector = word / MSIX_ENTRY_WORDS;
        if (vector >= completion.params().msixVectors())
        {
            return;
        }
        final int base = vector * MSIX_ENTRY_WORDS;
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
            healthSyndrome = CommandProcessor.HEALTH_BAD_CONFIGURATION;
            return;
        }
        translation.configureTables(mptBasePa, 1L << mptLogEntries, mttBasePa, 1L << mttLogEntries);
        contextTable.place(qpcBasePa, qpcLogEntries);
        memoryKeys.place(mptBasePa, mptLogEntries, mttLogEntries);
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
            && host.inHostMemory(qpcBasePa, (long)QpContextDescriptor.LENGTH_BYTES << qpcLogEntries);
    }

    /** @return whether start-up succeeded: commands are accepted */
    boolean ready()
    {
        return ready;
    }

    /** @return {@code DEVICE_STATUS}: {@code READY} and {@code FATAL} bits */
    int deviceStatus()
    {
        return (ready ? InitSegmentLayout.DEVICE_STATUS_READY : 0) | (fatal ? InitSegmentLayout.DEVICE_STATUS_FATAL : 0);
    }

    /** @return {@code HEALTH_SYNDROME} */
    int healthSyndrome()
    {
        return healthSyndrome;
    }

    /** @return the latched command queue address */
    long commandQueuePa()
    {
        return cmdqPa;
    }
}
