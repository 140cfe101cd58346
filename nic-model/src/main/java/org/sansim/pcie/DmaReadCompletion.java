package org.sansim.pcie;

/**
 * Told when a DMA read issued with {@link PcieEndpoint#dmaRead} has finished: every completion of
 * every request of the read has arrived, and its bytes are in the destination array.
 *
 * <p>The device owns the listener (typically one object per DMA engine, or the engine itself) and
 * tells its reads apart by the cookie it passed, so issuing and completing reads allocates nothing.
 */
@FunctionalInterface
public interface DmaReadCompletion
{
    /**
     * Called on the device's partition at the arrival time of the read's last completion.
     *
     * @param cookie the value passed to {@link PcieEndpoint#dmaRead}
     */
    void dmaReadDone(long cookie);
}
