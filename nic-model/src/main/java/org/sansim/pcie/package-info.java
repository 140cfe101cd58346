/**
 * The PCIe link between a host's root complex and a device (the NIC): per-generation lane rate and
 * encoding, lane count, TLP header, ECRC and link-layer overhead, max payload and read request
 * sizes, read completion boundary, tags, latency, and the ordering that one FIFO per direction
 * gives.
 *
 * <p>Build one with {@link org.sansim.pcie.PcieLink#connect}; the device uses its
 * {@link org.sansim.pcie.PcieEndpoint} ({@code dmaRead}, {@code dmaWrite}) and implements
 * {@link org.sansim.pcie.MmioTarget}; the host uses its {@link org.sansim.pcie.PcieRootComplex}
 * ({@code mmioWrite}). {@link org.sansim.pcie.PcieLinkParams} holds the parameters, their sources
 * and the TLP arithmetic; {@link org.sansim.pcie.PcieBenchmark} measures a link.
 *
 * <p>Timing of one TLP: it waits for its direction's wire, is serialised for
 * {@code ceil(wire bytes * 8 * line bits / data bits / (rate * lanes))} picoseconds, and arrives
 * {@code latencyPs} after the end of its serialisation. A DMA read of 64 bytes therefore takes
 * request serialisation + latency + completer latency + completion serialisation + latency.
 */
package org.sansim.pcie;
