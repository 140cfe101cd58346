package org.sansim.nic.dma;

/**
 * Told when a gather issued with {@link DmaEngines#gather} has finished: every segment's bytes are
 * in the destination buffer.
 *
 * <p>The caller owns the listener (typically one per client block) and tells its gathers apart by
 * the cookie, so that gathers allocate nothing.
 */
@FunctionalInterface
public interface DmaGatherListener
{
    /**
     * Called on the NIC's partition, at the arrival of the gather's last read completion or, if an
     * earlier job of the same engine finishes later, when that one is reported (jobs of one engine
     * are reported in submission order).
     *
     * @param cookie the value passed to {@link DmaEngines#gather}
     */
    void gatherDone(long cookie);
}
