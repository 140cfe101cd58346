package org.sansim.pcie;

import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * The receiving half of one direction's data link layer, at the root port or at the device: it
 * acknowledges the TLPs that arrive and returns the credits its consumer frees, with DLLPs sent by
 * the transmitter of the other direction (so they take that direction's wire).
 *
 * <p><b>ACK coalescing.</b> One ACK DLLP per {@link PcieLinkParams#ackEveryTlps()} TLPs received,
 * or, for fewer, when {@link PcieLinkParams#dllpTimerPs()} has passed since the first of them
 * arrived (the AckNak latency timer).
 *
 * <p><b>UpdateFC coalescing.</b> The consumer calls {@link #release} when it takes a TLP out of the
 * receive buffer (the root complex on a write's arrival or when it accepts a read request; the
 * device on an MMIO write's arrival). The receiver advertises the new cumulative limit of that type
 * in an UpdateFC when {@link PcieLinkParams#updateFcEveryHeaders()} headers have been freed since
 * its last one, or when the timer finds some still unreported. Types advertised infinite send none.
 *
 * <p>One re-armed timer event serves both, armed from the first DLLP owed and stopped when none is,
 * so a stream of TLPs adds at most one event per timer period besides the UpdateFC messages.
 */
final class DataLinkReceiver
{
    private final PcieTransmitter reverse;
    private final EventLoop loop;
    private final Event timer;
    private final int ackEveryTlps;
    private final int updateFcEveryHeaders;
    private final long timerPs;
    private final boolean[] infinite = new boolean[FlowControl.TYPES];
    private final long[] headersAllocated = new long[FlowControl.TYPES];
    private final long[] dataAllocated = new long[FlowControl.TYPES];
    private final int[] headersUnreported = new int[FlowControl.TYPES];
    private int unacknowledged;

    /**
     * @param name the receiver's name, for its timer event
     * @param params the link's parameters
     * @param reverse the transmitter of the other direction, which carries the DLLPs
     * @param credits the credits this receiver advertises (the same the far transmitter starts with),
     *     as {PH, PD, NPH, NPD, CplH, CplD}, a header credit of 0 meaning infinite
     */
    DataLinkReceiver(final String name, final PcieLinkParams params, final PcieTransmitter reverse,
        final int[] credits)
    {
        this.reverse = reverse;
        this.loop = reverse.channel().source().loop();
        this.timer = Event.of(name + ".dllTimer", Priority.DEFAULT, this::onTimer);
        this.ackEveryTlps = params.ackEveryTlps();
        this.updateFcEveryHeaders = params.updateFcEveryHeaders();
        this.timerPs = params.dllpTimerPs();
        for (int type = 0; type < FlowControl.TYPES; type++)
        {
            infinite[type] = credits[2 * type] == 0;
            headersAllocated[type] = credits[2 * type];
            dataAllocated[type] = credits[2 * type + 1];
        }
    }

    /** Counts a TLP that arrived, acknowledging it now or arming the timer. */
    void onTlp()
    {
        if (++unacknowledged >= ackEveryTlps)
        {
            unacknowledged = 0;
            reverse.sendAck();
            disarmIfNothingOwed();
        }
        else
        {
            arm();
        }
    }

    /**
     * Frees a received TLP's buffer space: its credits go back to the far transmitter.
     *
     * @param type the TLP's {@link FlowControl} type
     * @param dataCredits its data credits
     */
    void release(final int type, final int dataCredits)
    {
        if (infinite[type])
        {
            return;
        }
        headersAllocated[type]++;
        dataAllocated[type] += dataCredits;
        if (++headersUnreported[type] >= updateFcEveryHeaders)
        {
            updateFc(type);
            disarmIfNothingOwed();
        }
        else
        {
            arm();
        }
    }

    private void updateFc(final int type)
    {
        headersUnreported[type] = 0;
        reverse.sendUpdateFc(type, headersAllocated[type], dataAllocated[type]);
    }

    private void arm()
    {
        if (!timer.scheduled())
        {
            loop.schedule(timer, loop.nowPs() + timerPs);
        }
    }

    /** The timer runs from the first DLLP owed; once every one has gone, it stops. */
    private void disarmIfNothingOwed()
    {
        if (!timer.scheduled() || unacknowledged > 0)
        {
            return;
        }
        for (int type = 0; type < FlowControl.TYPES; type++)
        {
            if (headersUnreported[type] > 0)
            {
                return;
            }
        }
        loop.deschedule(timer);
    }

    private void onTimer()
    {
        if (unacknowledged > 0)
        {
            unacknowledged = 0;
            reverse.sendAck();
        }
        for (int type = 0; type < FlowControl.TYPES; type++)
        {
            if (headersUnreported[type] > 0)
            {
                updateFc(type);
            }
        }
    }
}
