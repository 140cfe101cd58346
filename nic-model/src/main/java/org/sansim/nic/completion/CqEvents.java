package org.sansim.nic.completion;

import static org.sansim.nic.completion.CompletionUnit.INDEX_MASK;

import org.sansim.hw.ArmCommand;
import org.sansim.hw.EqeType;
import org.sansim.hw.VendorSyndrome;
import org.sansim.jfr.SimJfr;
import org.sansim.sim.EventLoop;

/**
 * The completion unit's CQ events (HARDWARE.md 9.6): arming, the trigger, moderation and the events
 * written to the CQ's EQ through {@link EventQueues}.
 *
 * <p>An {@link #arm} with a stale sequence number is ignored. An armed CQ triggers on the first CQE
 * written at or after the arm's consumer index ({@link ArmCommand#NEXT}), or the first such CQE that
 * is solicited or an error ({@link ArmCommand#SOLICITED}); a CQE already written there when the arm
 * arrives triggers at once. After the trigger the event waits for the CQ's moderation: until
 * {@code moderationCqes} more CQEs have been written or {@code moderationPeriodPs} has passed,
 * whichever comes first (0 means no limit of that kind; both 0 means at once). The event is a
 * {@link EqeType#COMPLETION} EQE; it disarms the CQ and increments its arm sequence number. An overrun
 * puts the CQ in error and writes a {@link EqeType#CQ_ERROR} EQE with {@link VendorSyndrome#CQ_OVERRUN}.
 *
 * <p>Allocates nothing.
 */
final class CqEvents
{
    /** Half the 24-bit index space: "at or after" comparisons of indices. */
    private static final int HALF_INDEX_SPACE = 1 << 23;

    private final String name;
    private final EventLoop loop;
    private final EventQueues eqs;
    private final CompletionStats stats;

    /**
     * @param name the unit's name, for the JFR events
     * @param loop the unit's event loop, for the moderation timers
     * @param eqs the EQs the events go to
     * @param stats the unit's statistics
     */
    CqEvents(final String name, final EventLoop loop, final EventQueues eqs, final CompletionStats stats)
    {
        this.name = name;
        this.loop = loop;
        this.eqs = eqs;
        this.stats = stats;
    }

    /**
     * A CQ arm doorbell for a CQ that exists and is not in error ({@link CompletionUnit#arm}); ignored
     * if the sequence number is stale or the CQ's event is already on its way.
     *
     * @param cq the CQ
     * @param sequence {@code ARM_SN}, 2 bits
     * @param command what to raise an event on, not {@code null}
     * @param consumerIndex the driver's consumer index when arming, 24 bits
     */
    void arm(final CqContext cq, final int sequence, final ArmCommand command, final int consumerIndex)
    {
        if ((sequence & 3) != cq.armSn)
        {
            stats.staleArms.increment();
            return;
        }
        if (cq.eventPending)
        {
            return;
        }
        cq.armed = true;
        cq.armCommand = command;
        cq.armConsumerIndex = consumerIndex & INDEX_MASK;
        // A CQE already written at or after the arm's index triggers at once.
        final int waiting = (cq.writtenIndex - cq.armConsumerIndex) & INDEX_MASK;
        if (waiting > 0 && waiting <= cq.size())
        {
            if (command == ArmCommand.NEXT
                || cq.solicitedSeen && ((cq.lastSolicitedIndex - cq.armConsumerIndex) & INDEX_MASK) < waiting)
            {
                trigger(cq);
            }
        }
    }

    /**
     * Event logic for the CQE at {@code cq.writtenIndex}, whose write was just issued: counts it and
     * triggers or moderates the CQ's event.
     *
     * @param cq the CQ
     * @param solicitedOrError whether the CQE is solicited or an error
     */
    void cqeWritten(final CqContext cq, final boolean solicitedOrError)
    {
        final int index = cq.writtenIndex;
        cq.writtenIndex = (index + 1) & INDEX_MASK;
        stats.cqesWritten.increment();
        SimJfr.cqe(loop.nowPs(), name, cq.cqn, index);
        if (solicitedOrError)
        {
            cq.solicitedSeen = true;
            cq.lastSolicitedIndex = index;
        }
        if (cq.eventPending)
        {
            stats.moderationSuppressed.increment();
            cq.cqesSinceTrigger++;
            if (cq.moderationCqes > 0 && cq.cqesSinceTrigger >= cq.moderationCqes)
            {
                deliver(cq);
            }
        }
        else if (cq.armed && ((index - cq.armConsumerIndex) & INDEX_MASK) < HALF_INDEX_SPACE
            && (cq.armCommand == ArmCommand.NEXT || solicitedOrError))
        {
            trigger(cq);
        }
    }

    /**
     * The CQ's moderation period has passed: its pending event is delivered if it still is one.
     *
     * @param cq the CQ
     */
    void moderationTimer(final CqContext cq)
    {
        if (cq.valid && cq.eventPending)
        {
            deliver(cq);
        }
    }

    /**
     * The CQ is still full after the read of its doorbell record: it enters error, its event is
     * cancelled and a {@code CQ_ERROR} EQE goes to its EQ.
     *
     * @param cq the CQ
     */
    void overrun(final CqContext cq)
    {
        stats.cqOverruns.increment();
        cq.error = true;
        cq.armed = false;
        cq.eventPending = false;
        loop.deschedule(cq.moderationEvent);
        eqs.writeEqe(cq.eqn, EqeType.CQ_ERROR, cq.cqn, VendorSyndrome.CQ_OVERRUN.code(), 0);
    }

    /** The armed CQ has a qualifying CQE: deliver its event now or after moderation. */
    private void trigger(final CqContext cq)
    {
        if (cq.moderationCqes == 0 && cq.moderationPeriodPs == 0)
        {
            deliver(cq);
            return;
        }
        cq.eventPending = true;
        cq.cqesSinceTrigger = 0;
        if (cq.moderationPeriodPs > 0)
        {
            loop.schedule(cq.moderationEvent, loop.nowPs() + cq.moderationPeriodPs);
        }
    }

    /** Writes the CQ's completion event; disarms the CQ and advances its arm sequence number. */
    private void deliver(final CqContext cq)
    {
        loop.deschedule(cq.moderationEvent);
        cq.eventPending = false;
        cq.armed = false;
        cq.armSn = (cq.armSn + 1) & 3;
        stats.events.increment();
        eqs.writeEqe(cq.eqn, EqeType.COMPLETION, cq.cqn, 0, 0);
    }
}
