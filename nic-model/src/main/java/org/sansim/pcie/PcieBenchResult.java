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
 * @param wireGbps everything that crossed the bottleneck direction's wire (TLPs and DLLPs, with
 *     framing), per simulated nanosecond over the same time: what a link analyser counts as used
 *     bandwidth, at most the data rate after encoding
 */
public record PcieBenchResult(
    PcieBenchmark.Op op,
    int sizeBytes,
    int transfers,
    double throughputGbps,
    double meanLatencyNs,
    double minLatencyNs,
    double theoreticalGbps,
    double wireGbps)
{
}
