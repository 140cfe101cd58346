package org.sansim.nic.dma;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.PhysicalMemory;
import org.sansim.pcie.PcieLink;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.sim.Event;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.QuaternaryHeap;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * A host with memory, a default PCIe link and the DMA engines on the device side (host and NIC in
 * separate partitions unless asked otherwise). Gathers report into {@link #log} as
 * {@code "gather<cookie>@<ps>"} and into {@link #donePs} by cookie.
 */
final class DmaHarness
{
    final Simulation sim = new Simulation(QuaternaryHeap::new, Simulation.DEFAULT_RING_SLOTS);
    final Partition host;
    final Partition nic;
    final PhysicalMemory memory = new PhysicalMemory("host0.memory", 1L << 26);
    final StatsRegistry stats = new StatsRegistry();
    final PcieLink link;
    final DmaEngines dma;
    final List<String> log = new ArrayList<>();
    final long[] donePs = new long[4096];
    boolean quiet;

    final DmaGatherListener gathers = cookie ->
    {
        donePs[(int)cookie] = nicNowPs();
        if (!quiet)
        {
            log.add("gather" + cookie + "@" + nicNowPs());
        }
    };

    final DmaScatterListener scatters = (cookie, arrivalPs) ->
    {
        donePs[(int)cookie] = arrivalPs;
        if (!quiet)
        {
            log.add("scatter" + cookie + "@" + nicNowPs());
        }
    };

    DmaHarness(final DmaEnginesParams params, final boolean twoPartitions)
    {
        host = sim.partition("host0");
        nic = twoPartitions ? sim.partition("nic0") : host;
        link = PcieLink.connect(sim, "host0.pcie", PcieLinkParams.defaults(), host, memory, nic, stats);
        link.endpoint().mmioTarget((address, data, offset, lengthBytes) -> { });
        dma = new DmaEngines("nic0.dma", params, nic.loop(), link.endpoint(), stats);
    }

    long nicNowPs()
    {
        return nic.loop().nowPs();
    }

    void atNic(final long timePs, final Runnable action)
    {
        nic.loop().schedule(Event.of("nic-script", Priority.DEFAULT, action), timePs);
    }

    void run()
    {
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
    }

    /** Fills host memory with a pattern that depends on the seed and returns the bytes written. */
    byte[] pattern(final long address, final int length, final int seed)
    {
        final byte[] bytes = patternBytes(length, seed);
        memory.write(address, bytes, 0, length);
        return bytes;
    }

    static byte[] patternBytes(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        int x = seed * 0x9E3779B1 + 1;
        for (int i = 0; i < length; i++)
        {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            bytes[i] = (byte)x;
        }
        return bytes;
    }

    byte[] hostBytes(final long address, final int length)
    {
        final byte[] bytes = new byte[length];
        memory.read(address, bytes, 0, length);
        return bytes;
    }
}
