/**
 * The NIC's DMA engines: gathers and scatters over lists of host physical segments, queued per
 * engine, issued one descriptor at a time within a budget of outstanding reads, on top of the
 * device's PCIe endpoint.
 *
 * <p>{@link org.sansim.nic.dma.DmaEngines} is the component, {@link org.sansim.nic.dma.DmaEnginesParams}
 * its parameters, {@link org.sansim.nic.dma.DmaGatherListener} and
 * {@link org.sansim.nic.dma.DmaScatterListener} its callbacks.
 */
package org.sansim.nic.dma;
