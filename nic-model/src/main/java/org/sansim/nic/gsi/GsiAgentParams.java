package org.sansim.nic.gsi;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of a {@link GsiAgent}. The send side's firmware time is the {@code SEND_MAD} command's
 * (a command processor parameter); these are the receive side's and the queue sizes.
 *
 * <p><b>Defaults and why</b> (modelled guesses, not measurements). 1 µs of firmware per received
 * MAD: the order of a firmware path that checks a datagram and writes it to host memory. Sixteen
 * MADs may wait for a transmit buffer of the port: the CM's kernel work paces what it sends. 256 MADs
 * (64 KiB, a small share of a port's receive packet buffer) may wait for the firmware: a storm of
 * connection requests at one host arrives at line rate, faster than the firmware takes them, and a
 * dropped REQ costs its connector a whole CM response timeout (about a second) before it is sent
 * again. With an earlier default of 16, 63 simultaneous REQs lost most of theirs, and their retries,
 * all on the same timeout, collided again.
 *
 * @param receivePs firmware time per received MAD, before its entry is written
 * @param sendQueueMads MADs built and waiting for a transmit buffer of the port, 1 to 256
 * @param receiveQueueMads MADs received and waiting for the firmware, 1 to 256
 */
public record GsiAgentParams(
    @Param(unit = Param.PS, description = "firmware time per received MAD, before its entry is written")
    long receivePs,
    @Param(unit = Param.COUNT, description = "MADs waiting for a transmit buffer of the port, 1 to 256")
    int sendQueueMads,
    @Param(unit = Param.COUNT, description = "received MADs waiting for the firmware, 1 to 256")
    int receiveQueueMads)
    implements Validated
{
    /** Largest queue accepted. */
    public static final int MAX_QUEUE_MADS = 256;

    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the defaults
     */
    public static GsiAgentParams defaults()
    {
        return new GsiAgentParams(1_000_000L, 16, MAX_QUEUE_MADS);
    }

    @Override
    public void validate()
    {
        if (receivePs < 0)
        {
            throw new ParamsException("receivePs must not be negative, got " + receivePs);
        }
        if (sendQueueMads < 1 || sendQueueMads > MAX_QUEUE_MADS)
        {
            throw new ParamsException("sendQueueMads must be in [1, " + MAX_QUEUE_MADS + "], got " + sendQueueMads);
        }
        if (receiveQueueMads < 1 || receiveQueueMads > MAX_QUEUE_MADS)
        {
            throw new ParamsException("receiveQueueMads must be in [1, " + MAX_QUEUE_MADS + "], got "
                + receiveQueueMads);
        }
    }
}
