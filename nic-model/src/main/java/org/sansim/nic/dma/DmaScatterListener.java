package org.sansim.nic.dma;

/**
 * Told when a scatter issued with {@link DmaEngines#scatter} has been handed to PCIe: its source
 * bytes have been copied into write TLPs (the source may be reused) and later DMA of the device is
 * ordered after it.
 */
@FunctionalInterface
public interface DmaScatterListener
{
    /**
     * Called on the NIC's partition once the scatter's last segment is issued and every earlier job of
     * its engine has been reported.
     *
     * @param cookie the value passed to {@link DmaEngines#scatter}
     * @param arrivalPs when the scatter's last TLP reaches the root complex, which writes it into host
     *     memory then
     */
    void scatterIssued(long cookie, long arrivalPs);
}
