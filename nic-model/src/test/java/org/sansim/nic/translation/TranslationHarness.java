package org.sansim.nic.translation;

import org.sansim.hw.MemoryKey;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MptEntryFlyweight;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.hw.MttEntryFlyweight;
import org.sansim.host.PhysicalMemory;
import org.sansim.pcie.PcieLink;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.sim.Event;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * A host with MPT and MTT tables in its memory, a default PCIe link, and a translation unit on the
 * device side (host and NIC in separate partitions unless asked otherwise). Regions are registered
 * by writing the tables through the hw flyweights, as the driver and firmware would.
 */
final class TranslationHarness
{
    static final long MPT_BASE = 0x10_0000;
    static final int MPT_ENTRIES = 256;
    static final long MTT_BASE = 0x20_0000;
    static final int MTT_ENTRIES = 4096;
    static final int PD = 7;

    final Simulation sim;
    final Partition host;
    final Partition nic;
    final PhysicalMemory memory = new PhysicalMemory("host0.memory", 1L << 30);
    final StatsRegistry stats = new StatsRegistry();
    final PcieLink link;
    final TranslationUnit tu;
    private final MptEntryFlyweight mpt = new MptEntryFlyweight();
    private final MttEntryFlyweight mtt = new MttEntryFlyweight();

    TranslationHarness(final TranslationUnitParams params)
    {
        this(params, true, new Simulation());
    }

    TranslationHarness(final TranslationUnitParams params, final boolean twoPartitions, final Simulation sim)
    {
        this.sim = sim;
        host = sim.partition("host0");
        nic = twoPartitions ? sim.partition("nic0") : host;
        link = PcieLink.connect(sim, "host0.pcie", PcieLinkParams.defaults(), host, memory, nic, stats);
        link.endpoint().mmioTarget((address, data, offset, lengthBytes) -> { });
        tu = new TranslationUnit("nic0.tu", params, nic.loop(), link.endpoint(), stats);
        tu.configureTables(MPT_BASE, MPT_ENTRIES, MTT_BASE, MTT_ENTRIES);
    }

    /**
     * Writes MTT entries {@code mttBase..} with {@code pages} and an MPT entry for them.
     *
     * @return the key
     */
    int register(final int index, final int variant, final int access, final long startVa, final long length,
        final int logPageSize, final int mttBase, final long... pages)
    {
        for (int i = 0; i < pages.length; i++)
        {
            mtt.wrap(memory, MTT_BASE + (long)(mttBase + i) * MttEntryDescriptor.LENGTH_BYTES).clear()
                .pageAddress(pages[i]);
        }
        mpt.wrap(memory, MPT_BASE + (long)index * MptEntryDescriptor.LENGTH_BYTES).clear()
            .valid(true).keyVariant(variant).logPageSize(logPageSize).access(access).pd(PD)
            .startVa(startVa).length(length).mttBase(mttBase).mttCount(pages.length);
        return MemoryKey.of(index, variant);
    }

    /** Clears VALID of an MPT entry in host memory, as DESTROY_MKEY does. */
    void destroy(final int index)
    {
        mpt.wrap(memory, MPT_BASE + (long)index * MptEntryDescriptor.LENGTH_BYTES).valid(false);
    }

    void atNic(final long timePs, final Runnable action)
    {
        nic.loop().schedule(Event.of("script", Priority.DEFAULT, action), timePs);
    }

    /** Translates at {@code timePs} and runs the simulation until everything is done. */
    void translateAt(final long timePs, final TranslationRequest req, final int key, final long va,
        final int lengthBytes, final int access)
    {
        atNic(timePs, () -> tu.translate(key, va, lengthBytes, access, req));
        run();
    }

    void run()
    {
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
    }

    long nowPs()
    {
        return nic.loop().nowPs();
    }
}
