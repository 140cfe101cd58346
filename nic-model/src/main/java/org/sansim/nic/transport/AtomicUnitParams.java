package org.sansim.nic.transport;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of the responder's atomic unit. The model: the unit executes one atomic at a time,
 * in the responder's PSN order (so at most one is in progress for any address, and a later request
 * of the same QP never overtakes it). For each FETCH_ADD or COMPARE_SWAP it translates the rkey,
 * DMA-reads the 8 bytes (host order, little-endian), spends {@code latencyCycles} cycles of
 * {@code cyclePs} computing, DMA-writes the 8 bytes back, saves the original value for a duplicate
 * request and returns it in an ATOMIC ACKNOWLEDGE. The host must not update the word by itself
 * meanwhile (the PCIe model has no locked read-modify-write).
 *
 * @param latencyCycles cycles between the read data and the write
 * @param cyclePs one cycle of the unit's clock
 */
public record AtomicUnitParams(
    @Param(unit = Param.COUNT, description = "cycles between the atomic's read data and its write")
    int latencyCycles,
    @Param(unit = Param.PS, description = "one cycle of the atomic unit's clock")
    long cyclePs)
    implements Validated
{
    /** @return 8 cycles of 1 ns */
    public static AtomicUnitParams defaults()
    {
        return new AtomicUnitParams(8, 1_000L);
    }

    @Override
    public void validate()
    {
        if (latencyCycles < 0 || latencyCycles > 1 << 20)
        {
            throw new ParamsException("latencyCycles must be in 0.." + (1 << 20) + ", got " + latencyCycles);
        }
        if (cyclePs < 1)
        {
            throw new ParamsException("cyclePs must be positive, got " + cyclePs);
        }
    }

    /** @return the compute latency in picoseconds */
    public long latencyPs()
    {
        return latencyCycles * cyclePs;
    }
}
