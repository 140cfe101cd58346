package org.sansim.host;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of a host's {@link InterruptController}.
 *
 * <p><b>Default and why</b> (a reasoned guess, not a measurement). From the arrival of an MSI
 * write at the root complex to the first instruction of the handler the kernel registered for the
 * vector, a current x86 server spends some 0.1 to 0.2 µs getting the message to the local APIC and
 * the core to take the vector (IDT lookup, stack switch), and some 0.5 to 0.8 µs in the kernel's
 * interrupt entry path up to the driver's handler (entry code with the speculative-execution
 * mitigations of today's kernels, the generic IRQ layer's dispatch, cache misses on a cold path).
 * The default is the round 1 µs; a scenario about interrupt latency should set its own.
 *
 * @param deliveryLatencyPs time from an MSI write's arrival to the start of the vector's handler
 */
public record InterruptControllerParams(
    @Param(unit = Param.PS, description = "MSI arrival to handler start: interrupt delivery and ISR entry")
    long deliveryLatencyPs)
    implements Validated
{
    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static InterruptControllerParams defaults()
    {
        return new InterruptControllerParams(1_000_000L);
    }

    @Override
    public void validate()
    {
        if (deliveryLatencyPs < 0)
        {
            throw new ParamsException("deliveryLatencyPs must not be negative, got " + deliveryLatencyPs);
        }
    }
}
