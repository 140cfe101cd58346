package org.sansim.nic.doorbell;

/** Told of each decoded {@code SEND_DOORBELL} write (HARDWARE.md 4.1); the WQE fetcher implements it. */
@FunctionalInterface
public interface SendDoorbellListener
{
    /**
     * Handles a send doorbell: there is send work on {@code qpn} up to {@code wqeCounter}.
     *
     * @param qpn the QP named by the doorbell
     * @param wqeCounter the send producer counter, in basic blocks, 16 bits
     * @return {@code false} if the doorbell was stale (it adds nothing to, or is behind, the NIC's
     *     producer view) or names no send queue; the doorbell unit counts it as {@code stale}
     */
    boolean onSendDoorbell(int qpn, int wqeCounter);
}
