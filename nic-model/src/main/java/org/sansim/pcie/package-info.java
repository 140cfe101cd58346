/**
 * The PCIe link between a host's root complex and a device (the NIC): per-generation lane rate and
 * encoding, lane count, TLP header, ECRC and link-layer overhead, max payload and read request
 * sizes, read completion boundary, tags, latency, the ordering that one FIFO per direction
 * gives, flow-control credits and the ACK and UpdateFC DLLPs that return them
 * ({@link org.sansim.pcie.DataLinkReceiver}), the root complex's read pipeline in front of host
 * memory, and a host core's write-combining buffers for MMIO
 * ({@link org.sansim.pcie.WriteCombiningBuffers}).
 *
 * <p>Build one with {@link org.sansim.pcie.PcieLink#connect}; the device uses its
 * {@link org.sansim.pcie.PcieEndpoint} ({@code dmaRead}, {@code dmaWrite}) and implements
 * {@link org.sansim.pcie.MmioTarget}; the host uses its {@link org.sansim.pcie.PcieRootComplex}
 * ({@code mmioWrite}). {@link org.sansim.pcie.PcieLinkParams} holds the parameters, their sources
 * and the TLP arithmetic; {@link org.sansim.pcie.PcieBenchmark} measures DMA over a link and
 * {@link org.sansim.pcie.WriteCombiningBenchmark} the host's write-combined MMIO rate.
 *
 * <p>Timing of one TLP: it waits for its direction's wire, is serialised for
 * {@code ceil(wire bytes * 8 * line bits / data bits / (rate * lanes))} picoseconds, and arrives
 * {@code latencyPs} after the end of its serialisation, if its credits allow it to leave. A DMA
 * read of 64 bytes on an idle link therefore takes request serialisation + latency + one memory
 * line's latency + completion serialisation + latency (nic-model/HARDWARE.md, section 18).
 */
package org.sansim.pcie;
