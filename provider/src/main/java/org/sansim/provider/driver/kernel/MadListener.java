package org.sansim.provider.driver.kernel;

/**
 * Told of each management datagram the {@link KernelDriver} takes from the MAD receive ring
 * (HARDWARE.md 15), on the host's partition, at the poll that found it.
 */
@FunctionalInterface
public interface MadListener
{
    /**
     * @param mad the datagram's 256 bytes, a copy the listener may keep
     * @param srcMac the sender's MAC address
     * @param srcIpv4 the sender's IPv4 address
     * @param srcQp the sender's QP (1 for a peer's GSI agent)
     */
    void onMad(byte[] mad, long srcMac, int srcIpv4, int srcQp);
}
