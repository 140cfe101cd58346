package org.sansim.nic.completion;

import org.sansim.hw.ArmCommand;
import org.sansim.hw.CqDoorbellRecordDescriptor;
import org.sansim.hw.EqeType;
import org.sansim.hw.OwnerBit;
import org.sansim.hw.VendorSyndrome;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Distribution;
import org.sansim.stats.StatsRegistry;

/**
 * The NIC's completion unit (HARDWARE.md sections 8.2, 9 and 10): it writes CQEs into host memory,
 * tracks consumer indices, arms CQs, writes EQEs and raises MSI-X interrupts. It sits on the device
 * side of a {@link PcieEndpoint} and runs on the device's partition.
 *
 * <pre>
 *  transport engine --complete()--&gt; [request FIFO] --&gt; build (cqeBuildCycles) --&gt; DMA write CQE(s)
 *                                                          |                         |
 *                              DMA read of the CQ doorbell record                   v
 *                              when the CQ looks full                  arm/moderation --&gt; DMA write EQE
 *                                                                                         --&gt; MSI-X write
 *  command processor: createCq/destroyCq/createEq     register file: arm(), eqDoorbell(), msixEntry()
 * </pre>
 *
 * <p><b>CQE path.</b> {@link #complete} queues a copy of the request (the FIFO holds
 * {@link CompletionUnitParams#requestQueueEntries()}; when it is full, {@code complete} returns
 * {@code false} and the caller retries). One CQE at a time is built, for
 * {@link CompletionUnitParams#cqeBuildCycles()} cycles from the next clock edge; it is then written
 * at the CQ's producer index <i>p</i>, slot <i>p</i> mod 2^{@code logSize}, with {@code OWNER} =
 * (<i>p</i> / 2^{@code logSize}) &amp; 1 (HARDWARE.md 9.2), in one 64-byte DMA write. The unit is
 * one pipeline for all CQs, so CQEs leave in the order they were requested. With
 * {@link CompletionUnitParams#coalesceCqeWrites()}, a CQE is held back while the next queued request
 * is for the same CQ, and up to {@link CompletionUnitParams#maxCqesPerWrite()} consecutive slots
 * (never across the ring's end) go in one DMA write.
 *
 * <p><b>Overflow policy.</b> The unit caches each CQ's consumer index (0 at creation). Before a CQE
 * would take the last free slot by that cache (the CQ <i>looks</i> full), the pipeline stops and
 * reads the CQ doorbell record's {@code CONSUMER_INDEX} by DMA (4 bytes), then goes on with the
 * fresh value. If the CQ is still full, the CQE is not written: the CQ enters error, a
 * {@link EqeType#CQ_ERROR} EQE with {@link VendorSyndrome#CQ_OVERRUN} goes to its EQ, and every later
 * completion for that CQ is dropped and counted. Moving the CQ's QPs to {@code ERROR} is the
 * transport engine's job ({@link #cqInError}).
 *
 * <p><b>Arming and events</b> (HARDWARE.md 9.6). {@link #arm} (the CQ arm doorbell, decoded by the
 * register file) with a stale sequence number is ignored. An armed CQ triggers on the first CQE
 * written at or after the arm's consumer index ({@link ArmCommand#NEXT}), or the first such CQE that
 * is solicited or an error ({@link ArmCommand#SOLICITED}); a CQE already written there when the arm
 * arrives triggers at once. After the trigger the event waits for the CQ's moderation: until
 * {@code moderationCqes} more CQEs have been written or {@code moderationPeriodPs} has passed,
 * whichever comes first (0 means no limit of that kind; both 0 means at once). The event is a
 * {@link EqeType#COMPLETION} EQE on the CQ's EQ, written after the CQE (same FIFO); it disarms the
 * CQ and increments its arm sequence number.
 *
 * <p><b>EQs and interrupts</b> (HARDWARE.md 10). An EQE is written at the EQ's producer index with
 * the owner-bit rule, unless the EQ is full by the consumer index of the last {@link #eqDoorbell}
 * (the event is then dropped and counted). EQs start disarmed: the driver arms them with
 * {@code eqDoorbell(eqn, ci, true)}, as after {@code CREATE_EQ}. An armed EQ that receives an EQE is
 * disarmed and raises its MSI-X vector: a posted 4-byte DMA write of the vector's message data
 * (little-endian) to its message address, taken from the unit's copy of the MSI-X table
 * ({@link #msixEntry}, kept by the register file that decodes BAR 0). PCIe ordering makes it arrive
 * after the EQE; the host's root complex hands writes to the MSI window to its interrupt controller
 * ({@link org.sansim.host.InterruptController}), other addresses are ordinary host memory. A masked
 * vector records a pending interrupt instead and fires when unmasked. Completion and CQ-error events
 * always go to the CQ's EQ (no event mask).
 *
 * <p><b>Not modelled:</b> CQE compression, the EQ event mask, the CQ error's effect on QPs, errors
 * of DMA writes (an address outside host memory is a model error and throws in the root complex).
 *
 * <p>Statistics under the unit's name: {@code cqesWritten}, {@code cqeWrites} (DMA writes),
 * {@code events}, {@code eqesWritten}, {@code interrupts}, {@code interruptsDeferred} (masked),
 * {@code moderationSuppressed}, {@code cqOverruns}, {@code doorbellRecordReads}, {@code cqesDropped},
 * {@code requestsRefused}, {@code staleArms}, {@code eqOverflow}, and the distribution
 * {@code cqeWriteLatency}.
 *
 * <p>The steady state allocates nothing: contexts are made by {@code createCq}/{@code createEq}, the
 * request FIFO and the write buffers when the unit is built.
 *
 * <p>This class is the component: its configuration, register-file and transport interfaces, the
 * request FIFO and the pipeline (build, doorbell record read, coalescing decision). It delegates to
 * package-private classes, one a concern: {@link CqTable} (CQ contexts, {@code CREATE_CQ} and
 * {@code DESTROY_CQ}), {@link CqeBatch} (CQE assembly and the coalesced write), {@link CqEvents}
 * (arming, moderation, CQ events) and {@link EventQueues} (EQs, EQEs and MSI-X), over the contexts
 * {@link CqContext} and {@link EqContext} and the statistics {@link CompletionStats}.
 */
public final class CompletionUnit implements DmaReadCompletion
{
    /** Counters and indices of CQs and EQs are 24 bits wide. */
    static final int INDEX_MASK = 0xFF_FFFF;

    /** Where the engine is. */
    private enum EngineState
    {
        /** No request waiting. */
        IDLE,
        /** The head request's CQE is being built; {@link #buildEvent} fires when it is done. */
        BUILDING,
        /** The head request's CQ looked full; its doorbell record is being read. */
        READING_DOORBELL_RECORD
    }

    private final CompletionUnitParams params;
    private final PcieEndpoint endpoint;
    private final EventLoop loop;
    private final ClockDomain clock;
    private final long buildPs;
    private final Event buildEvent;

    private final CqTable cqs;
    private final CompletionRequest[] queue;
    private int queueHead;
    private int queueCount;
    private EngineState state = EngineState.IDLE;

    private final CompletionStats counters;
    private final EventQueues eqs;
    private final CqEvents cqEvents;
    private final CqeBatch batch;

    /**
     * Builds the unit on the device side of a PCIe link.
     *
     * @param name the unit's name, the path of its statistics, such as {@code "nic0.completion"}
     * @param params the parameters, validated here
     * @param endpoint the device's end of the PCIe link; the unit runs on its partition
     * @param stats where to register statistics
     */
    public CompletionUnit(final String name, final CompletionUnitParams params, final PcieEndpoint endpoint,
        final StatsRegistry stats)
    {
        params.validate();
        this.params = params;
        this.endpoint = endpoint;
        this.loop = endpoint.upstream().channel().source().loop();
        this.clock = ClockDomain.ofFrequencyHz(name + ".clock", params.clockHz());
        this.buildPs = clock.cyclesToPs(params.cqeBuildCycles());
        this.buildEvent = Event.of(name + ".build", Priority.CLOCK_EDGE, this::onBuildDone);
        queue = new CompletionRequest[params.requestQueueEntries()];
        for (int i = 0; i < queue.length; i++)
        {
            queue[i] = new CompletionRequest();
        }
        counters = new CompletionStats(name, stats);
        eqs = new EventQueues(name, params, endpoint, counters);
        cqEvents = new CqEvents(name, loop, eqs, counters);
        cqs = new CqTable(name, params, loop, eqs, cqEvents);
        batch = new CqeBatch(params.coalesceCqeWrites() ? params.maxCqesPerWrite() : 1, endpoint, loop, clock, cqEvents,
            counters);
    }

    // ---------------------------------------------------------------------------------------------
    // Configuration: the command processor's interface.

    /**
     * Creates a CQ with the default moderation of the parameters ({@code CREATE_CQ}).
     *
     * @param cqn the CQ number, below {@link CompletionUnitParams#maxCqs()}, not in use
     * @param basePa physical address of the ring of 2^{@code logSize} CQEs, 64-byte aligned
     * @param logSize log2 of the number of CQEs
     * @param eqn the EQ of the CQ's events, already created
     * @param doorbellRecordPa physical address of the CQ doorbell record, 8-byte aligned
     */
    public void createCq(final int cqn, final long basePa, final int logSize, final int eqn,
        final long doorbellRecordPa)
    {
        createCq(cqn, basePa, logSize, eqn, doorbellRecordPa, params.moderationCqes(), params.moderationPeriodPs());
    }

    /**
     * Creates a CQ ({@code CREATE_CQ}, HARDWARE.md 5.7). The driver has initialised every CQE with
     * owner bit 1 and zeroed the doorbell record.
     *
     * @param cqn the CQ number, below {@link CompletionUnitParams#maxCqs()}, not in use
     * @param basePa physical address of the ring of 2^{@code logSize} CQEs, 64-byte aligned
     * @param logSize log2 of the number of CQEs
     * @param eqn the EQ of the CQ's events, already created
     * @param doorbellRecordPa physical address of the CQ doorbell record, 8-byte aligned
     * @param moderationCqes CQEs to wait for after the first qualifying one (0: no count limit)
     * @param moderationPeriodPs longest wait after the first qualifying CQE (0: no time limit)
     */
    public void createCq(final int cqn, final long basePa, final int logSize, final int eqn,
        final long doorbellRecordPa, final int moderationCqes, final long moderationPeriodPs)
    {
        cqs.create(cqn, basePa, logSize, eqn, doorbellRecordPa, moderationCqes, moderationPeriodPs);
    }

    /**
     * Destroys a CQ ({@code DESTROY_CQ}). Completions still queued for it, or built and held for a
     * coalesced write, are dropped.
     *
     * @param cqn an existing CQ
     */
    public void destroyCq(final int cqn)
    {
        cqs.destroy(cqn);
        batch.dropIfOf(cqs.lookUp(cqn));
    }

    /**
     * Creates an EQ ({@code CREATE_EQ}, HARDWARE.md 5.6), disarmed. The driver has initialised
     * every EQE with owner bit 1.
     *
     * @param eqn the EQ number, below {@link CompletionUnitParams#maxEqs()}, not in use
     * @param basePa physical address of the ring of 2^{@code logSize} EQEs, 64-byte aligned
     * @param logSize log2 of the number of EQEs
     * @param msixVector the vector the EQ raises, below {@link CompletionUnitParams#msixVectors()}
     */
    public void createEq(final int eqn, final long basePa, final int logSize, final int msixVector)
    {
        createEq(eqn, basePa, logSize, msixVector, ~0);
    }

    /**
     * Creates an EQ that takes the event types of {@code eventMask} (bit <i>n</i>: {@code EqeType}
     * code <i>n</i>) among those routed by type, such as command completions.
     *
     * @param eqn the EQ number
     * @param basePa its ring's physical address
     * @param logSize log2 of its entries
     * @param msixVector the vector it raises
     * @param eventMask the event types it takes
     */
    public void createEq(final int eqn, final long basePa, final int logSize, final int msixVector,
        final int eventMask)
    {
        eqs.createEq(eqn, basePa, logSize, msixVector, eventMask);
    }

    // ---------------------------------------------------------------------------------------------
    // The register file's interface: MMIO writes decoded elsewhere.

    /**
     * One entry of the MSI-X table in BAR 0 (HARDWARE.md 10.3), as the register file decodes it
     * from the host's MMIO writes. Unmasking a vector with a pending interrupt fires it now.
     *
     * @param vector the vector, below {@link CompletionUnitParams#msixVectors()}
     * @param messageAddress the message address (a host physical address)
     * @param messageData the message data
     * @param masked the vector control's mask bit
     */
    public void msixEntry(final int vector, final long messageAddress, final int messageData, final boolean masked)
    {
        eqs.msixEntry(vector, messageAddress, messageData, masked);
    }

    /**
     * A CQ arm doorbell ({@code CQ_ARM_DOORBELL}, HARDWARE.md 4.2), decoded by the register file.
     * Ignored if the CQ does not exist or is in error, if the sequence number is stale, if the
     * command is {@code null} (an unknown code), or if the CQ's event is already on its way.
     *
     * @param cqn the CQ
     * @param sequence {@code ARM_SN}, 2 bits
     * @param command what to raise an event on
     * @param consumerIndex the driver's consumer index when arming, 24 bits
     */
    public void arm(final int cqn, final int sequence, final ArmCommand command, final int consumerIndex)
    {
        final CqContext cq = cqs.armable(cqn);
        if (cq == null || command == null)
        {
            return;
        }
        cqEvents.arm(cq, sequence, command, consumerIndex);
    }

    /**
     * An EQ doorbell ({@code EQ_DOORBELL}, HARDWARE.md 4.3), decoded by the register file: the
     * driver's consumer index and, with {@code arm}, the re-arming of the EQ's interrupt. If EQEs
     * already wait past the consumer index, re-arming fires the interrupt at once.
     *
     * @param eqn the EQ
     * @param consumerIndex the driver's EQ consumer index, 24 bits
     * @param arm whether to re-arm the interrupt
     */
    public void eqDoorbell(final int eqn, final int consumerIndex, final boolean arm)
    {
        eqs.eqDoorbell(eqn, consumerIndex, arm);
    }

    // ---------------------------------------------------------------------------------------------
    // The transport engine's interface.

    /**
     * Queues a completion. The unit copies {@code request}, which may be reused at once.
     *
     * @param request the CQ and the CQE's fields
     * @return {@code false} if the request FIFO is full (nothing queued; retry later)
     */
    public boolean complete(final CompletionRequest request)
    {
        if (queueCount == queue.length)
        {
            counters.requestsRefused.increment();
            return false;
        }
        int tail = queueHead + queueCount;
        if (tail >= queue.length)
        {
            tail -= queue.length;
        }
        final CompletionRequest slot = queue[tail];
        slot.copyFrom(request);
        slot.acceptedPs = loop.nowPs();
        queueCount++;
        if (state == EngineState.IDLE)
        {
            startBuild();
        }
        return true;
    }

    /** @return whether {@link #complete} would accept a request now */
    public boolean canAccept()
    {
        return queueCount < queue.length;
    }

    // ---------------------------------------------------------------------------------------------
    // The pipeline.

    private void startBuild()
    {
        state = EngineState.BUILDING;
        loop.schedule(buildEvent, clock.nextEdgePs(loop.nowPs()) + buildPs);
    }

    /** The head request's CQE is built: write it, or hold it for coalescing. */
    private void onBuildDone()
    {
        final CompletionRequest head = queue[queueHead];
        final CqContext cq = cqs.lookUp(head.cqn);
        if (cq == null || !cq.valid || cq.error)
        {
            counters.cqesDropped.increment();
            pop();
            next();
            return;
        }
        if (cq.looksFull())
        {
            batch.flush();
            state = EngineState.READING_DOORBELL_RECORD;
            counters.doorbellRecordReads.increment();
            endpoint.dmaRead(cq.doorbellRecordPa + CqDoorbellRecordDescriptor.CONSUMER_INDEX_OFFSET,
                cq.recordBytes.length, cq.recordBytes, 0, this, cq.cqn);
            return;
        }
        batch.stage(cq, head);
        pop();
        if (params.coalesceCqeWrites() && !batch.full() && queueCount > 0
            && queue[queueHead].cqn == cq.cqn && OwnerBit.slot(cq.producerIndex, cq.logSize) != 0
            && !cq.looksFull())
        {
            startBuild();
            return;
        }
        batch.flush();
        next();
    }

    /** The doorbell record of the head request's CQ has arrived. */
    @Override
    public void dmaReadDone(final long cookie)
    {
        final CqContext cq = cqs.lookUp((int)cookie);
        final byte[] r = cq.recordBytes;
        cq.cachedConsumerIndex = ((r[0] & 0xFF) << 24 | (r[1] & 0xFF) << 16 | (r[2] & 0xFF) << 8 | (r[3] & 0xFF))
            & CqDoorbellRecordDescriptor.CONSUMER_INDEX_MASK;
        if (cq.valid && !cq.error && cq.looksFull())
        {
            cqEvents.overrun(cq);
            pop();
            next();
            return;
        }
        // Not full after all (or destroyed meanwhile): the CQE is built, so handle it now.
        state = EngineState.BUILDING;
        onBuildDone();
    }

    private void next()
    {
        if (queueCount > 0)
        {
            startBuild();
        }
        else
        {
            state = EngineState.IDLE;
        }
    }

    private void pop()
    {
        queueHead = queueHead + 1 == queue.length ? 0 : queueHead + 1;
        queueCount--;
    }

    /**
     * Writes an event that no CQ caused, such as the GSI agent's {@link EqeType#MAD_RECEIVED}, to an EQ
     * at once (after every DMA write its caller issued before, by PCIe's posted-write order), and raises
     * the EQ's vector if it is armed. An EQ that does not exist or is full drops it ({@code eqOverflow}).
     *
     * @param eqn the EQ
     * @param type the event type
     * @param object the EQE's {@code OBJECT}, 24 bits kept
     * @param syndrome the EQE's {@code SYNDROME}
     */
    public void postEvent(final int eqn, final EqeType type, final int object, final int syndrome)
    {
        eqs.postEvent(eqn, type, object, syndrome);
    }

    /**
     * Posts a {@code COMMAND_COMPLETION} event to the lowest-numbered EQ whose event mask takes
     * command completions (HARDWARE.md section 5).
     *
     * @param slot the command queue slot
     * @param status the {@code CommandStatus} code
     * @param token the command header's token
     * @return whether an EQ took it
     */
    public boolean postCommandCompletion(final int slot, final int status, final int token)
    {
        return eqs.postCommandCompletion(slot, status, token);
    }

    // ---------------------------------------------------------------------------------------------
    // Observation.

    /**
     * @param cqn an existing CQ
     * @return whether it overran and is in error
     */
    public boolean cqInError(final int cqn)
    {
        return cqs.existing(cqn).error;
    }

    /**
     * @param cqn an existing CQ
     * @return the arm sequence number the next arm must carry (events delivered, modulo 4)
     */
    public int armSequence(final int cqn)
    {
        return cqs.existing(cqn).armSn;
    }

    /**
     * @param cqn an existing CQ
     * @return the number of CQEs written to it, modulo 2^24
     */
    public int producerIndex(final int cqn)
    {
        return cqs.existing(cqn).writtenIndex;
    }

    /** @return the unit's clock */
    public ClockDomain clock()
    {
        return clock;
    }

    /** @return the parameters */
    public CompletionUnitParams params()
    {
        return params;
    }

    /** @return CQEs written */
    public long cqesWritten()
    {
        return counters.cqesWritten.value();
    }

    /** @return DMA writes of CQEs */
    public long cqeWrites()
    {
        return counters.cqeWrites.value();
    }

    /** @return completion events delivered */
    public long events()
    {
        return counters.events.value();
    }

    /** @return EQEs written, of every type */
    public long eqesWritten()
    {
        return counters.eqesWritten.value();
    }

    /** @return MSI-X messages sent */
    public long interrupts()
    {
        return counters.interrupts.value();
    }

    /** @return CQEs absorbed into a pending event by moderation */
    public long moderationSuppressed()
    {
        return counters.moderationSuppressed.value();
    }

    /** @return CQEs that found their CQ full */
    public long cqOverruns()
    {
        return counters.cqOverruns.value();
    }

    /** @return DMA reads of CQ doorbell records */
    public long doorbellRecordReads()
    {
        return counters.doorbellRecordReads.value();
    }

    /** @return completions dropped for a CQ in error or destroyed */
    public long cqesDropped()
    {
        return counters.cqesDropped.value();
    }

    /** @return events dropped because their EQ was full */
    public long eqOverflow()
    {
        return counters.eqOverflow.value();
    }

    /** @return arms ignored for a stale sequence number */
    public long staleArms()
    {
        return counters.staleArms.value();
    }

    /** @return the distribution of CQE write latency, from {@code complete()} to arrival, in ps */
    public Distribution cqeWriteLatency()
    {
        return counters.cqeWriteLatency;
    }
}
