package org.sansim.nic.doorbell;

/** Told of each decoded {@code CQ_ARM_DOORBELL} write (HARDWARE.md 4.2); the completion unit implements it. */
@FunctionalInterface
public interface CqArmListener
{
    /**
     * Handles a CQ arm request. Whether the sequence number is current (a stale arm is ignored) is
     * the completion unit's decision, since it holds the CQ's event count.
     *
     * @param cqn the CQ to arm
     * @param sequence the arm sequence number {@code ARM_SN}, 0 to 3
     * @param command the raw {@code ARM_COMMAND} (see {@link org.sansim.hw.ArmCommand})
     * @param consumerIndex the driver's consumer index when arming, 24 bits
     */
    void onArm(int cqn, int sequence, int command, int consumerIndex);
}
