package org.sansim.nic.doorbell;

/** Told of each decoded {@code EQ_DOORBELL} write (HARDWARE.md 4.3); the event-queue logic implements it. */
@FunctionalInterface
public interface EqDoorbellListener
{
    /**
     * Handles an EQ consumer index update.
     *
     * @param eqn the event queue
     * @param consumerIndex the driver's EQ consumer index, 24 bits
     * @param arm whether to re-arm the EQ's interrupt after the update
     */
    void onEqDoorbell(int eqn, int consumerIndex, boolean arm);
}
