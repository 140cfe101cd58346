package org.sansim.provider.verbs;

import org.sansim.provider.driver.kernel.DriverStatus;

/**
 * Told when a control-path verb finishes.
 *
 * @param <T> what the verb creates
 */
@FunctionalInterface
public interface VerbsCallback<T>
{
    /**
     * @param status how it ended
     * @param result what was created, or {@code null} unless {@code status} is {@code OK}
     */
    void onDone(DriverStatus status, T result);
}
