package org.sansim.nic.completion;

import static org.sansim.nic.completion.CompletionUnit.INDEX_MASK;

import org.sansim.hw.ArmCommand;
import org.sansim.sim.Event;

/**
 * The completion unit's context of one CQ: where its ring and doorbell record are, its producer,
 * written and cached consumer indices (24 bits each), its arming and its moderation state. Made on the
 * first {@code CREATE_CQ} of its number and reused by later ones; {@code valid} is false once destroyed.
 */
final class CqContext
{
    final int cqn;
    /** Fires when the moderation period of a pending event has passed. */
    final Event moderationEvent;
    /** The doorbell record's {@code CONSUMER_INDEX}, big-endian, as last read. */
    final byte[] recordBytes = new byte[4];
    boolean valid;
    /** Overran: its completions are dropped. */
    boolean error;
    long basePa;
    int logSize;
    int eqn;
    long doorbellRecordPa;
    int moderationCqes;
    long moderationPeriodPs;
    /** Next index to build (24 bits). */
    int producerIndex;
    /** Indices below this are in host memory, or on their way (24 bits). */
    int writtenIndex;
    /** The consumer index by the last read of the doorbell record (0 at creation). */
    int cachedConsumerIndex;
    boolean armed;
    ArmCommand armCommand;
    int armConsumerIndex;
    /** The sequence number the next arm must carry: events delivered, modulo 4. */
    int armSn;
    /** Triggered, waiting for moderation. */
    boolean eventPending;
    int cqesSinceTrigger;
    boolean solicitedSeen;
    int lastSolicitedIndex;

    /**
     * @param cqn the CQ number
     * @param moderationEvent the CQ's moderation timer
     */
    CqContext(final int cqn, final Event moderationEvent)
    {
        this.cqn = cqn;
        this.moderationEvent = moderationEvent;
    }

    /** @return the number of CQEs in the ring */
    int size()
    {
        return 1 << logSize;
    }

    /** @return whether the next CQE would take the last free slot by the cached consumer index */
    boolean looksFull()
    {
        return ((producerIndex - cachedConsumerIndex) & INDEX_MASK) >= size();
    }
}
