package org.sansim.provider.driver.kernel;

import org.sansim.hw.CommandStatus;

/**
 * Told when a {@link KernelDriver} operation has finished, at the simulated time its CPU work and
 * its commands are done. Simulated host threads will wrap this in a blocking call.
 */
@FunctionalInterface
public interface DriverCallback
{
    /**
     * @param status how the operation ended
     * @param commandStatus the NIC's status of the last command issued ({@code OK} when none failed,
     *     {@code null} when no command was issued)
     * @param value the operation's result: the EQN, CQN, QPN or memory key created, the QP state code
     *     for {@code queryQp}, otherwise 0
     */
    void onDone(DriverStatus status, CommandStatus commandStatus, int value);
}
