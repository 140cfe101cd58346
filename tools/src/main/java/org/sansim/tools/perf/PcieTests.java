package org.sansim.tools.perf;

import static org.sansim.tools.perf.Perftest.PCIE_OUTSTANDING;
import static org.sansim.tools.perf.Perftest.PCIE_WC_CORES;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sansim.nic.NicParams;
import org.sansim.pcie.PcieBenchResult;
import org.sansim.pcie.PcieBenchmark;
import org.sansim.pcie.WriteCombiningBenchmark;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.tools.perf.Perftest.Test;

/**
 * The PCIe tests on one NIC's PCIe link, with no second node: DMA read latency
 * ({@code pcie_read_lat}, one read outstanding), DMA read or write bandwidth
 * ({@link Perftest#PCIE_OUTSTANDING} outstanding), and the host's write-combined MMIO line rate
 * ({@link Perftest#PCIE_WC_CORES} cores with the default CPU's WC buffers).
 *
 * <p>Package-private: {@link Perftest#pcie(Test, int, int, NicParams)} is the entry point.
 */
final class PcieTests
{
    private PcieTests()
    {
    }

    /**
     * Runs a PCIe test; see {@link Perftest#pcie(Test, int, int, NicParams)}.
     *
     * @param test a PCIe test
     * @param size bytes per DMA transfer (64 for the WC rate: its lines)
     * @param iterations transfers, or lines
     * @param params the NIC's parameters (its PCIe link is used)
     * @return the row
     */
    static Map<String, Object> run(final Test test, final int size, final int iterations, final NicParams params)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("bytes", size);
        row.put("iterations", iterations);
        if (test == Test.PCIE_WC_RATE)
        {
            final HostCpuCosts cpu = HostCpuCosts.defaults();
            final double rate = WriteCombiningBenchmark.linesPerSecond(params.pcie(), iterations, PCIE_WC_CORES,
                cpu.writeCombiningBuffers(), cpu.wcDrainPs());
            row.put("lines_mps", Math.round(rate / 1e3) / 1000.0);
            return row;
        }
        final boolean lat = test == Test.PCIE_READ_LAT;
        final PcieBenchResult r = PcieBenchmark.run(params.pcie(),
            test == Test.PCIE_WRITE_BW ? PcieBenchmark.Op.WRITE : PcieBenchmark.Op.READ, size, iterations,
            lat ? 1 : PCIE_OUTSTANDING);
        if (lat)
        {
            row.put("t_min_us", Math.round(r.minLatencyNs()) / 1000.0);
            row.put("t_avg_us", Math.round(r.meanLatencyNs()) / 1000.0);
        }
        else
        {
            row.put("bw_avg_gbps", Math.round(r.throughputGbps() * 1000) / 1000.0);
            row.put("bw_link_gbps", Math.round(r.theoreticalGbps() * 1000) / 1000.0);
            row.put("bw_wire_gbps", Math.round(r.wireGbps() * 1000) / 1000.0);
        }
        return row;
    }
}
