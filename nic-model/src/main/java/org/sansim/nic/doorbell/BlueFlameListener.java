package org.sansim.nic.doorbell;

/**
 * Told of each whole WQE assembled from BlueFlame writes (HARDWARE.md 4.4). The write doubles as the
 * send doorbell; the WQE fetcher implements it.
 */
@FunctionalInterface
public interface BlueFlameListener
{
    /**
     * Handles a whole WQE written through a BlueFlame register half.
     *
     * @param qpn the QPN of the WQE's control segment
     * @param wqeCounter the new send producer counter: the control segment's {@code WQE_INDEX} plus
     *     the WQE's basic blocks, modulo 2^16
     * @param bytes the WQE, big-endian as in the ring; valid only during the call
     * @param length the WQE's length in bytes, a whole number of 64-byte basic blocks
     * @return {@code true} if the copy was used; {@code false} if it was unusable (for example its
     *     {@code WQE_INDEX} is not the next expected index) and the listener has instead treated
     *     {@code wqeCounter} as a send doorbell, fetching the WQE from the ring
     */
    boolean onBlueFlameWqe(int qpn, int wqeCounter, byte[] bytes, int length);
}
