package org.sansim.nic.completion;

import org.sansim.hw.CqDoorbellRecordDescriptor;
import org.sansim.hw.CqeDescriptor;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * The completion unit's CQ contexts by number ({@code CREATE_CQ}, {@code DESTROY_CQ}, HARDWARE.md 5.7).
 * A context, with its moderation timer, is made on the first creation of its number and reset by every
 * later one; a destroyed CQ keeps its context, not valid. Configuration errors (a number out of range or
 * in use, a size out of range, a missing EQ, misalignment, negative moderation) throw
 * {@link IllegalArgumentException} or {@link IllegalStateException} naming the unit, with nothing changed.
 */
final class CqTable
{
    private final String name;
    private final CompletionUnitParams params;
    private final EventLoop loop;
    private final EventQueues eqs;
    private final CqEvents events;
    private final CqContext[] cqs;

    /**
     * @param name the unit's name, for messages and event names
     * @param params the unit's parameters, validated ({@code maxCqs}, {@code maxLogCqSize})
     * @param loop the unit's event loop, for the moderation timers
     * @param eqs the EQs, which a CQ's EQ must be one of
     * @param events the CQ event logic, which the moderation timers call
     */
    CqTable(final String name, final CompletionUnitParams params, final EventLoop loop, final EventQueues eqs,
        final CqEvents events)
    {
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.eqs = eqs;
        this.events = events;
        cqs = new CqContext[params.maxCqs()];
    }

    /**
     * Creates a CQ ({@link CompletionUnit#createCq(int, long, int, int, long, int, long)}): its indices,
     * arming and moderation start afresh and its moderation timer is cancelled.
     *
     * @param cqn the CQ number, below {@code maxCqs}, not in use
     * @param basePa physical address of the ring of 2^{@code logSize} CQEs, 64-byte aligned
     * @param logSize log2 of the number of CQEs
     * @param eqn the EQ of the CQ's events, already created
     * @param doorbellRecordPa physical address of the CQ doorbell record, 8-byte aligned
     * @param moderationCqes CQEs to wait for after the first qualifying one (0: no count limit)
     * @param moderationPeriodPs longest wait after the first qualifying CQE (0: no time limit)
     */
    void create(final int cqn, final long basePa, final int logSize, final int eqn, final long doorbellRecordPa,
        final int moderationCqes, final long moderationPeriodPs)
    {
        if (cqn < 0 || cqn >= cqs.length)
        {
            throw new IllegalArgumentException(name + ": CQN " + cqn + " outside 0.." + (cqs.length - 1));
        }
        if (cqs[cqn] != null && cqs[cqn].valid)
        {
            throw new IllegalStateException(name + ": CQ " + cqn + " already exists");
        }
        if (logSize < 0 || logSize > params.maxLogCqSize())
        {
            throw new IllegalArgumentException(name + ": CQ log size " + logSize + " outside 0.."
                + params.maxLogCqSize());
        }
        eqs.requireEq(eqn, "CQ " + cqn);
        if (basePa < 0 || (basePa & (CqeDescriptor.LENGTH_BYTES - 1)) != 0
            || doorbellRecordPa < 0 || (doorbellRecordPa & (CqDoorbellRecordDescriptor.LENGTH_BYTES - 1)) != 0)
        {
            throw new IllegalArgumentException(name + ": CQ " + cqn + " ring or doorbell record misaligned");
        }
        if (moderationCqes < 0 || moderationPeriodPs < 0)
        {
            throw new IllegalArgumentException(name + ": CQ " + cqn + " negative moderation");
        }
        CqContext cq = cqs[cqn];
        if (cq == null)
        {
            final CqContext[] holder = new CqContext[1];
            final Event timer = Event.of(name + ".cq" + cqn + ".moderation", Priority.SAMPLE,
                () -> events.moderationTimer(holder[0]));
            cq = new CqContext(cqn, timer);
            holder[0] = cq;
            cqs[cqn] = cq;
        }
        loop.deschedule(cq.moderationEvent);
        cq.valid = true;
        cq.error = false;
        cq.basePa = basePa;
        cq.logSize = logSize;
        cq.eqn = eqn;
        cq.doorbellRecordPa = doorbellRecordPa;
        cq.moderationCqes = moderationCqes;
        cq.moderationPeriodPs = moderationPeriodPs;
        cq.producerIndex = 0;
        cq.writtenIndex = 0;
        cq.cachedConsumerIndex = 0;
        cq.armed = false;
        cq.armCommand = null;
        cq.armConsumerIndex = 0;
        cq.armSn = 0;
        cq.eventPending = false;
        cq.cqesSinceTrigger = 0;
        cq.solicitedSeen = false;
    }

    /**
     * Destroys a CQ: it is no longer valid and its moderation timer is cancelled.
     *
     * @param cqn an existing CQ
     */
    void destroy(final int cqn)
    {
        final CqContext cq = existing(cqn);
        cq.valid = false;
        loop.deschedule(cq.moderationEvent);
    }

    /**
     * @param cqn a CQ number
     * @return its context
     * @throws IllegalArgumentException if the CQ does not exist
     */
    CqContext existing(final int cqn)
    {
        if (cqn < 0 || cqn >= cqs.length || cqs[cqn] == null || !cqs[cqn].valid)
        {
            throw new IllegalArgumentException(name + ": no CQ " + cqn);
        }
        return cqs[cqn];
    }

    /**
     * @param cqn a CQ number, not negative
     * @return its context, which may not be valid, or {@code null} if none was ever made
     */
    CqContext lookUp(final int cqn)
    {
        return cqn < cqs.length ? cqs[cqn] : null;
    }

    /**
     * @param cqn a CQ number
     * @return its context if it exists and is not in error, else {@code null}
     */
    CqContext armable(final int cqn)
    {
        if (cqn < 0 || cqn >= cqs.length || cqs[cqn] == null || !cqs[cqn].valid || cqs[cqn].error)
        {
            return null;
        }
        return cqs[cqn];
    }
}
