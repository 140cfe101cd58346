package org.sansim.pcie;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.PhysicalMemory;
import org.sansim.sim.Event;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Runner;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * A host with memory, a PCIe link and a scripted device, in one partition or two. The device side
 * logs what reaches it (MMIO writes, finished reads) as {@code "what@timePs"}; tests script actions
 * at given times on either side.
 */
final class PcieHarness
{
    static final long MEMORY_BYTES = 1L << 24;

    final Simulation sim = new Simulation();
    final Partition host;
    final Partition device;
    final PhysicalMemory memory;
    final StatsRegistry stats = new StatsRegistry();
    final PcieLink link;
    final PcieEndpoint endpoint;
    final PcieRootComplex rc;

    /** What the device saw, in order (device partition only). */
    final List<String> deviceLog = new ArrayList<>();

    /** Times at which reads finished, by cookie (device partition only). */
    final long[] readDonePs = new long[1024];

    /** Set to stop logging MMIO writes (which allocates strings). */
    boolean quiet;

    /** MMIO writes the device received. */
    long mmioWrites;

    final DmaReadCompletion reads = cookie ->
    {
        readDonePs[(int)cookie] = deviceNowPs();
        deviceLog.add("read" + cookie + "@" + deviceNowPs());
    };

    PcieHarness(final PcieLinkParams params, final boolean twoPartitions)
    {
        this(params, twoPartitions, MEMORY_BYTES);
    }

    PcieHarness(final PcieLinkParams params, final boolean twoPartitions, final long memoryBytes)
    {
        memory = new PhysicalMemory("host0.memory", memoryBytes);
        host = sim.partition("host0");
        device = twoPartitions ? sim.partition("nic0") : host;
        link = PcieLink.connect(sim, "host0.pcie", params, host, memory, device, stats);
        endpoint = link.endpoint();
        rc = link.rootComplex();
        endpoint.mmioTarget((address, data, offset, lengthBytes) ->
        {
            mmioWrites++;
            if (!quiet)
            {
                deviceLog.add("mmio" + Long.toHexString(address) + "/" + lengthBytes + ":" + data[offset] + "@"
                    + deviceNowPs());
            }
        });
    }

    /**
     * @param keyValues parameter names and values, alternating
     * @return the default link parameters with those overridden
     */
    static PcieLinkParams defaultsWith(final String... keyValues)
    {
        final java.util.Map<String, String> overrides = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        return org.sansim.config.ParamsDescriptor.of(PcieLinkParams.class).with(PcieLinkParams.defaults(), overrides);
    }

    long deviceNowPs()
    {
        return device.loop().nowPs();
    }

    long hostNowPs()
    {
        return host.loop().nowPs();
    }

    void atDevice(final long timePs, final Runnable action)
    {
        device.loop().schedule(Event.of("device-script", Priority.DEFAULT, action), timePs);
    }

    void atHost(final long timePs, final Runnable action)
    {
        host.loop().schedule(Event.of("host-script", Priority.DEFAULT, action), timePs);
    }

    void run()
    {
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
    }

    void run(final Runner runner, final long endPs)
    {
        sim.run(endPs, runner);
    }

    /** Fills {@code [address, address + length)} of host memory with a pattern that depends on the seed. */
    void pattern(final long address, final int length, final int seed)
    {
        memory.write(address, patternBytes(length, seed), 0, length);
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
