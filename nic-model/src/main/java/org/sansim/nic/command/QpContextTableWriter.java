package org.sansim.nic.command;

import org.sansim.hw.QpContextDescriptor;
import org.sansim.hw.QpContextFlyweight;
import org.sansim.nic.context.QpContextCache;
import org.sansim.pcie.PcieEndpoint;

/**
 * Keeps the QP context table in host memory (HARDWARE.md 3) in step with the firmware's
 * {@link QpTable}: after a command changes a QP's context the firmware assembles the 128-byte entry
 * in its private memory, DMA-writes it to the entry of that QPN and drops the
 * {@link QpContextCache}'s copy, so the next use reads it again.
 *
 * <p>The table is optional: until {@link #place} is given one ({@code QPC_LOG_ENTRIES} 0 keeps the
 * contexts on the chip), {@link #store} writes nothing. Nothing here allocates after construction.
 */
final class QpContextTableWriter
{
    private final FirmwareMemory memory;
    private final PcieEndpoint endpoint;
    private final QpTable qps;
    private final QpContextFlyweight entry = new QpContextFlyweight();
    private final byte[] entryBytes = new byte[QpContextDescriptor.LENGTH_BYTES];
    private QpContextCache cache;
    private long basePa = -1;
    private int logEntries;

    /**
     * @param memory the firmware memory where entries are assembled
     * @param endpoint the NIC's PCIe endpoint, through which entries are written
     * @param qps the firmware's QP contexts
     */
    QpContextTableWriter(final FirmwareMemory memory, final PcieEndpoint endpoint, final QpTable qps)
    {
        this.memory = memory;
        this.endpoint = endpoint;
        this.qps = qps;
    }

    /** @param cache the QP context cache to invalidate and to tell the table's place, or {@code null} */
    void cache(final QpContextCache cache)
    {
        this.cache = cache;
    }

    /**
     * Places the table at start-up and tells the cache, if any, where it is.
     *
     * @param basePa bus address of entry 0
     * @param logEntries log2 of its entries, or 0 for no table
     */
    void place(final long basePa, final int logEntries)
    {
        this.basePa = basePa;
        this.logEntries = logEntries;
        if (logEntries != 0 && cache != null)
        {
            cache.configureTable(basePa);
        }
    }

    /**
     * Writes QP {@code qpn}'s context, as it now is, to its entry of the table (a DMA write of 128
     * bytes) and drops the cached copy; does nothing without a table.
     *
     * @param qpn a valid QPN
     */
    void store(final int qpn)
    {
        if (logEntries == 0)
        {
            return;
        }
        qps.query(qpn, entry.wrap(memory.sram, FirmwareMemory.QPC_OFFSET));
        memory.sram.read(FirmwareMemory.QPC_OFFSET, entryBytes, 0, entryBytes.length);
        endpoint.dmaWrite(basePa + (long)qpn * QpContextDescriptor.LENGTH_BYTES, entryBytes, 0, entryBytes.length);
        invalidate(qpn);
    }

    /**
     * Drops the cache's copy of QP {@code qpn}'s context, if there is a cache.
     *
     * @param qpn a QPN
     */
    void invalidate(final int qpn)
    {
        if (cache != null)
        {
            cache.invalidate(qpn);
        }
    }
}
