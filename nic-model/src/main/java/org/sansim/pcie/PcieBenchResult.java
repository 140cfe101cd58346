package org.sansim.pcie;

/**
 * What {@link PcieBenchmark#run} measured, in simulated time.
 *
 * @param op the operation
 * @param sizeBytes bytes per transfer
 * @param transfers transfers completed
 * @param throughputGbps payload bits per simulated nanosecond, from time 0 to the last completion
 * @param meanLatencyNs mean time from a transfer's issue to its completion (for a write: the arrival
 *     of its last TLP in host memory)
 * @param minLatencyNs the least such time
 * @param theoreticalGbps the payload rate the link's bottleneck direction allows: data rate after
 *     encoding times payload over wire bytes of the transfer's TLPs (write TLPs for writes,
 *     completions for reads)
 */
public record PcieBenchResult(
    PcieBenchmark.Op op,
    int sizeBytes,
    int transfers,
    double throughputGbps,
    double meanLatencyNs,
    double minLatencyNs,
    double theoreticalGbps)
{
}
