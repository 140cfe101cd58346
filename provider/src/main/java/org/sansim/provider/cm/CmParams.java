package org.sansim.provider.cm;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of a {@link ConnectionManager}.
 *
 * <p><b>Defaults and why.</b> The response timeout is what the WinOFED WSD provider ends up with on a
 * small fabric: code 18 of the CM's encoding, 4.096 µs × 2^18 ≈ 1.07 s, and 4 retries ({@code
 * max_cm_retries}). A deferred request gets an MRA with service timeout code 21 (≈ 8.6 s), as WinOFED
 * sends. The kernel's work per CM message (parse or build the MAD, look up and update the connection)
 * is a modelled guess of 2 µs. The MAD receive ring holds 512 entries, the receives Linux's ib_mad
 * posts on QP1 by default ({@code IB_MAD_QP_RECV_SIZE}, module parameter {@code recv_queue_size}): a
 * burst of MADs waits there for the CM's CPU instead of being dropped.
 *
 * @param responseTimeoutPs how long a REQ, REP or DREQ waits for its answer before it is sent again
 * @param maxRetries how often it is sent again before the exchange times out, 0 to 15
 * @param mraServiceTimeoutPs the time a deferring listener promises to answer within (sent in the MRA
 *     rounded up to the CM's 4.096 µs × 2^n encoding)
 * @param madCpuPs host CPU time of the kernel's CM work per message sent or received
 * @param logReceiveRing log2 of the entries of the MAD receive ring, 0 to 12
 */
public record CmParams(
    @Param(unit = Param.PS, description = "wait for the answer to a REQ, REP or DREQ before sending it again")
    long responseTimeoutPs,
    @Param(unit = Param.COUNT, description = "times a REQ, REP or DREQ is sent again before the exchange times out")
    int maxRetries,
    @Param(unit = Param.PS, description = "answer time a deferring listener promises in its MRA")
    long mraServiceTimeoutPs,
    @Param(unit = Param.PS, description = "host CPU time of the kernel's CM work per message sent or received")
    long madCpuPs,
    @Param(unit = Param.COUNT, description = "log2 of the entries of the MAD receive ring, 0 to 12")
    int logReceiveRing)
    implements Validated
{
    /** 4.096 µs, the unit of the CM's timeout encoding, in picoseconds. */
    public static final long TIMEOUT_UNIT_PS = 4_096_000L;
    /** Largest timeout code. */
    public static final int MAX_TIMEOUT_CODE = 31;

    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the defaults
     */
    public static CmParams defaults()
    {
        return new CmParams(timeoutPs(18), 4, timeoutPs(21), 2_000_000L, 9);
    }

    /**
     * @param code a CM timeout code, 0 to 31
     * @return 4.096 µs × 2^code, in picoseconds
     */
    public static long timeoutPs(final int code)
    {
        return TIMEOUT_UNIT_PS << code;
    }

    /**
     * @param ps a duration
     * @return the smallest code whose timeout is at least {@code ps}, at most 31
     */
    public static int timeoutCode(final long ps)
    {
        int code = 0;
        while (code < MAX_TIMEOUT_CODE && timeoutPs(code) < ps)
        {
            code++;
        }
        return code;
    }

    @Override
    public void validate()
    {
        if (responseTimeoutPs < 1 || responseTimeoutPs > timeoutPs(MAX_TIMEOUT_CODE))
        {
            throw new ParamsException("responseTimeoutPs must be in [1, " + timeoutPs(MAX_TIMEOUT_CODE) + "], got "
                + responseTimeoutPs);
        }
        if (maxRetries < 0 || maxRetries > 15)
        {
            throw new ParamsException("maxRetries must be in [0, 15], got " + maxRetries);
        }
        if (mraServiceTimeoutPs < 0 || mraServiceTimeoutPs > timeoutPs(MAX_TIMEOUT_CODE))
        {
            throw new ParamsException("mraServiceTimeoutPs must be in [0, " + timeoutPs(MAX_TIMEOUT_CODE) + "], got "
                + mraServiceTimeoutPs);
        }
        if (madCpuPs < 0)
        {
            throw new ParamsException("madCpuPs must not be negative, got " + madCpuPs);
        }
        if (logReceiveRing < 0 || logReceiveRing > 12)
        {
            throw new ParamsException("logReceiveRing must be in [0, 12], got " + logReceiveRing);
        }
    }
}
