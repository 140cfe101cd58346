package org.sansim.nic.completion;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.sansim.hw.ArmCommand;
import org.sansim.hw.CqDoorbellRecordDescriptor;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeType;
import org.sansim.hw.OwnerBit;
import org.sansim.hw.VendorSyndrome;
import org.sansim.jfr.SimJfr;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.Distribution;
import org.sansim.stats.StatGroup;
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
 */
public final class CompletionUnit implements DmaReadCompletion
{
    /** Counters and indices of CQs and EQs are 24 bits wide. */
    static final int INDEX_MASK = 0xFF_FFFF;

    /** Half the 24-bit index space: "at or after" comparisons of indices. */
    private static final int HALF_INDEX_SPACE = 1 << 23;

    private static final int MSIX_DATA_BYTES = 4;

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

    /** A CQ context. */
    private static final class Cq
    {
        final int cqn;
        final Event moderationEvent;
        final byte[] recordBytes = new byte[4];
        boolean valid;
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
        int cachedConsumerIndex;
        boolean armed;
        ArmCommand armCommand;
        int armConsumerIndex;
        int armSn;
        boolean eventPending;
        int cqesSinceTrigger;
        boolean solicitedSeen;
        int lastSolicitedIndex;

        Cq(final int cqn, final Event moderationEvent)
        {
            this.cqn = cqn;
            this.moderationEvent = moderationEvent;
        }

        int size()
        {
            return 1 << logSize;
        }

        boolean looksFull()
        {
            return ((producerIndex - cachedConsumerIndex) & INDEX_MASK) >= size();
        }
    }

    /** An EQ context. */
    private static final class Eq
    {
        boolean valid;
        long basePa;
        int logSize;
        int msixVector;
        int eventMask = ~0;
        int producerIndex;
        int consumerIndex;
        boolean armed;
    }

    private final String name;
    private final CompletionUnitParams params;
    private final PcieEndpoint endpoint;
    private final EventLoop loop;
    private final ClockDomain clock;
    private final long buildPs;
    private final Event buildEvent;

    private final Cq[] cqs;
    private final Eq[] eqs;
    private final long[] msixAddress;
    private final int[] msixData;
    private final boolean[] msixMasked;
    private final boolean[] msixPending;

    private final CompletionRequest[] queue;
    private int queueHead;
    private int queueCount;
    private EngineState state = EngineState.IDLE;

    /** CQEs built but not yet written, all of {@link #batchCq}, at consecutive slots. */
    private final byte[] batchBytes;
    private final ByteBuffer batchView;
    private final long[] batchAcceptedPs;
    private final boolean[] batchSolicited;
    private Cq batchCq;
    private int batchCount;
    private int batchFirstIndex;

    private final byte[] eqeBytes = new byte[EqeDescriptor.LENGTH_BYTES];
    private final ByteBuffer eqeView = ByteBuffer.wrap(eqeBytes);
    private final byte[] msixBytes = new byte[MSIX_DATA_BYTES];
    private final ByteBuffer msixView = ByteBuffer.wrap(msixBytes).order(ByteOrder.LITTLE_ENDIAN);

    private final Counter cqesWritten;
    private final Counter cqeWrites;
    private final Counter events;
    private final Counter eqesWritten;
    private final Counter interrupts;
    private final Counter interruptsDeferred;
    private final Counter moderationSuppressed;
    private final Counter cqOverruns;
    private final Counter doorbellRecordReads;
    private final Counter cqesDropped;
    private final Counter requestsRefused;
    private final Counter staleArms;
    private final Counter eqOverflow;
    private final Distribution cqeWriteLatency;

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
        this.name = name;
        this.params = params;
        this.endpoint = endpoint;
        this.loop = endpoint.upstream().channel().source().loop();
        this.clock = ClockDomain.ofFrequencyHz(name + ".clock", params.clockHz());
        this.buildPs = clock.cyclesToPs(params.cqeBuildCycles());
        this.buildEvent = Event.of(name + ".build", Priority.CLOCK_EDGE, this::onBuildDone);
        cqs = new Cq[params.maxCqs()];
        eqs = new Eq[params.maxEqs()];
        msixAddress = new long[params.msixVectors()];
        msixData = new int[params.msixVectors()];
        msixMasked = new boolean[params.msixVectors()];
        Arrays.fill(msixMasked, true); // PCI: vectors come out of reset masked
        msixPending = new boolean[params.msixVectors()];
        queue = new CompletionRequest[params.requestQueueEntries()];
        for (int i = 0; i < queue.length; i++)
        {
            queue[i] = new CompletionRequest();
        }
        final int batch = params.coalesceCqeWrites() ? params.maxCqesPerWrite() : 1;
        batchBytes = new byte[batch * CqeDescriptor.LENGTH_BYTES];
        batchView = ByteBuffer.wrap(batchBytes);
        batchAcceptedPs = new long[batch];
        batchSolicited = new boolean[batch];

        final StatGroup g = stats.group(name);
        cqesWritten = g.counter("cqesWritten", "count", "CQEs written to host memory");
        cqeWrites = g.counter("cqeWrites", "count", "DMA writes of CQEs (fewer than CQEs when coalescing)");
        events = g.counter("events", "count", "completion events delivered (COMPLETION EQEs)");
        eqesWritten = g.counter("eqesWritten", "count", "EQEs written, of every type");
        interrupts = g.counter("interrupts", "count", "MSI-X messages sent");
        interruptsDeferred = g.counter("interruptsDeferred", "count", "interrupts held as pending by a masked vector");
        moderationSuppressed = g.counter("moderationSuppressed", "count",
            "CQEs absorbed into a pending event by moderation (each would have been its own event without it)");
        cqOverruns = g.counter("cqOverruns", "count", "CQEs that found their CQ full (CQ error)");
        doorbellRecordReads = g.counter("doorbellRecordReads", "count",
            "DMA reads of a CQ doorbell record because the CQ looked full");
        cqesDropped = g.counter("cqesDropped", "count", "completions dropped: CQ in error or destroyed");
        requestsRefused = g.counter("requestsRefused", "count", "complete() calls refused with the FIFO full");
        staleArms = g.counter("staleArms", "count", "arms ignored for a stale sequence number");
        eqOverflow = g.counter("eqOverflow", "count", "events dropped because their EQ was full");
        cqeWriteLatency = g.distribution("cqeWriteLatency", "ps",
            "time from complete() to the arrival of the CQE's DMA write in host memory");
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
        eq(eqn, "CQ " + cqn);
        if (basePa < 0 || (basePa & (CqeDescriptor.LENGTH_BYTES - 1)) != 0
            || doorbellRecordPa < 0 || (doorbellRecordPa & (CqDoorbellRecordDescriptor.LENGTH_BYTES - 1)) != 0)
        {
            throw new IllegalArgumentException(name + ": CQ " + cqn + " ring or doorbell record misaligned");
        }
        if (moderationCqes < 0 || moderationPeriodPs < 0)
        {
            throw new IllegalArgumentException(name + ": CQ " + cqn + " negative moderation");
        }
        Cq cq = cqs[cqn];
        if (cq == null)
        {
            final Cq[] holder = new Cq[1];
            final Event timer = Event.of(name + ".cq" + cqn + ".moderation", Priority.SAMPLE,
                () -> onModerationTimer(holder[0]));
            cq = new Cq(cqn, timer);
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
     * Destroys a CQ ({@code DESTROY_CQ}). Completions still queued for it are dropped.
     *
     * @param cqn an existing CQ
     */
    public void destroyCq(final int cqn)
    {
        final Cq cq = cq(cqn);
        cq.valid = false;
        loop.deschedule(cq.moderationEvent);
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
        if (eqn < 0 || eqn >= eqs.length)
        {
            throw new IllegalArgumentException(name + ": EQN " + eqn + " outside 0.." + (eqs.length - 1));
        }
        if (eqs[eqn] != null && eqs[eqn].valid)
        {
            throw new IllegalStateException(name + ": EQ " + eqn + " already exists");
        }
        if (logSize < 0 || logSize > params.maxLogEqSize())
        {
            throw new IllegalArgumentException(name + ": EQ log size " + logSize + " outside 0.."
                + params.maxLogEqSize());
        }
        if (msixVector < 0 || msixVector >= msixAddress.length)
        {
            throw new IllegalArgumentException(name + ": MSI-X vector " + msixVector + " outside 0.."
                + (msixAddress.length - 1));
        }
        if (basePa < 0 || (basePa & (EqeDescriptor.LENGTH_BYTES - 1)) != 0)
        {
            throw new IllegalArgumentException(name + ": EQ " + eqn + " ring misaligned");
        }
        Eq eq = eqs[eqn];
        if (eq == null)
        {
            eq = new Eq();
            eqs[eqn] = eq;
        }
        eq.valid = true;
        eq.basePa = basePa;
        eq.logSize = logSize;
        eq.msixVector = msixVector;
        eq.eventMask = eventMask;
        eq.producerIndex = 0;
        eq.consumerIndex = 0;
        eq.armed = false;
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
        if (vector < 0 || vector >= msixAddress.length)
        {
            throw new IllegalArgumentException(name + ": MSI-X vector " + vector + " outside 0.."
                + (msixAddress.length - 1));
        }
        msixAddress[vector] = messageAddress;
        msixData[vector] = messageData;
        msixMasked[vector] = masked;
        if (!masked && msixPending[vector])
        {
            msixPending[vector] = false;
            sendMsix(vector);
        }
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
        if (cqn < 0 || cqn >= cqs.length || cqs[cqn] == null || !cqs[cqn].valid || cqs[cqn].error
            || command == null)
        {
            return;
        }
        final Cq cq = cqs[cqn];
        if ((sequence & 3) != cq.armSn)
        {
            staleArms.increment();
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
        final Eq eq = eq(eqn, "EQ doorbell");
        eq.consumerIndex = consumerIndex & INDEX_MASK;
        if (arm)
        {
            if (eq.producerIndex != eq.consumerIndex)
            {
                eq.armed = false;
                raise(eq.msixVector);
            }
            else
            {
                eq.armed = true;
            }
        }
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
            requestsRefused.increment();
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
        final Cq cq = head.cqn < cqs.length ? cqs[head.cqn] : null;
        if (cq == null || !cq.valid || cq.error)
        {
            cqesDropped.increment();
            pop();
            next();
            return;
        }
        if (cq.looksFull())
        {
            flush();
            state = EngineState.READING_DOORBELL_RECORD;
            doorbellRecordReads.increment();
            endpoint.dmaRead(cq.doorbellRecordPa + CqDoorbellRecordDescriptor.CONSUMER_INDEX_OFFSET,
                cq.recordBytes.length, cq.recordBytes, 0, this, cq.cqn);
            return;
        }
        stage(cq, head);
        pop();
        if (params.coalesceCqeWrites() && batchCount < batchAcceptedPs.length && queueCount > 0
            && queue[queueHead].cqn == cq.cqn && OwnerBit.slot(cq.producerIndex, cq.logSize) != 0
            && !cq.looksFull())
        {
            startBuild();
            return;
        }
        flush();
        next();
    }

    /** The doorbell record of the head request's CQ has arrived. */
    @Override
    public void dmaReadDone(final long cookie)
    {
        final Cq cq = cqs[(int)cookie];
        final byte[] r = cq.recordBytes;
        cq.cachedConsumerIndex = ((r[0] & 0xFF) << 24 | (r[1] & 0xFF) << 16 | (r[2] & 0xFF) << 8 | (r[3] & 0xFF))
            & CqDoorbellRecordDescriptor.CONSUMER_INDEX_MASK;
        if (cq.valid && !cq.error && cq.looksFull())
        {
            overrun(cq);
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

    /** Assembles the head request's CQE at the next position of the batch. */
    private void stage(final Cq cq, final CompletionRequest r)
    {
        if (batchCount == 0)
        {
            batchCq = cq;
            batchFirstIndex = cq.producerIndex;
        }
        final int b = batchCount * CqeDescriptor.LENGTH_BYTES;
        Arrays.fill(batchBytes, b, b + CqeDescriptor.LENGTH_BYTES, (byte)0);
        final ByteBuffer v = batchView;
        v.putInt(b + CqeDescriptor.IMMEDIATE_OFFSET, r.immediate);
        v.putInt(b + CqeDescriptor.BYTE_COUNT_OFFSET, r.byteCount);
        v.putInt(b + CqeDescriptor.QPN_OFFSET, r.wqeOpcode << CqeDescriptor.WQE_OPCODE_SHIFT
            | r.qpn << CqeDescriptor.QPN_SHIFT);
        v.putLong(b + CqeDescriptor.TIMESTAMP_OFFSET, clock.cycleAt(loop.nowPs()));
        v.put(b + CqeDescriptor.SYNDROME_OFFSET, (byte)r.syndrome.code());
        v.put(b + CqeDescriptor.VENDOR_SYNDROME_OFFSET, (byte)r.vendorSyndrome.code());
        v.putShort(b + CqeDescriptor.WQE_COUNTER_OFFSET, (short)r.wqeCounter);
        v.put(b + CqeDescriptor.OPCODE_OFFSET, (byte)(r.opcode.code() << CqeDescriptor.OPCODE_SHIFT
            | (r.solicited ? 1 : 0) << CqeDescriptor.SOLICITED_SHIFT
            | OwnerBit.expected(cq.producerIndex, cq.logSize) << CqeDescriptor.OWNER_SHIFT));
        batchAcceptedPs[batchCount] = r.acceptedPs;
        batchSolicited[batchCount] = r.solicitedOrError();
        batchCount++;
        cq.producerIndex = (cq.producerIndex + 1) & INDEX_MASK;
    }

    /** Writes the staged CQEs in one DMA write, then runs the event logic for each, in order. */
    private void flush()
    {
        if (batchCount == 0)
        {
            return;
        }
        final Cq cq = batchCq;
        final long pa = cq.basePa + (long)OwnerBit.slot(batchFirstIndex, cq.logSize) * CqeDescriptor.LENGTH_BYTES;
        final long arrivalPs = endpoint.dmaWrite(pa, batchBytes, 0, batchCount * CqeDescriptor.LENGTH_BYTES);
        cqeWrites.increment();
        final int n = batchCount;
        batchCount = 0;
        batchCq = null;
        for (int i = 0; i < n; i++)
        {
            cqeWriteLatency.record(arrivalPs - batchAcceptedPs[i]);
            cqeWritten(cq, batchSolicited[i]);
        }
    }

    /** Event logic for the CQE at {@code cq.writtenIndex}, whose write was just issued. */
    private void cqeWritten(final Cq cq, final boolean solicitedOrError)
    {
        final int index = cq.writtenIndex;
        cq.writtenIndex = (index + 1) & INDEX_MASK;
        cqesWritten.increment();
        SimJfr.cqe(loop.nowPs(), name, cq.cqn, index);
        if (solicitedOrError)
        {
            cq.solicitedSeen = true;
            cq.lastSolicitedIndex = index;
        }
        if (cq.eventPending)
        {
            moderationSuppressed.increment();
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

    /** The armed CQ has a qualifying CQE: deliver its event now or after moderation. */
    private void trigger(final Cq cq)
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

    private void onModerationTimer(final Cq cq)
    {
        if (cq.valid && cq.eventPending)
        {
            deliver(cq);
        }
    }

    /** Writes the CQ's completion event; disarms the CQ and advances its arm sequence number. */
    private void deliver(final Cq cq)
    {
        loop.deschedule(cq.moderationEvent);
        cq.eventPending = false;
        cq.armed = false;
        cq.armSn = (cq.armSn + 1) & 3;
        events.increment();
        writeEqe(cq.eqn, EqeType.COMPLETION, cq.cqn, 0);
    }

    private void overrun(final Cq cq)
    {
        cqOverruns.increment();
        cq.error = true;
        cq.armed = false;
        cq.eventPending = false;
        loop.deschedule(cq.moderationEvent);
        writeEqe(cq.eqn, EqeType.CQ_ERROR, cq.cqn, VendorSyndrome.CQ_OVERRUN.code());
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
        if (eqn < 0 || eqn >= eqs.length)
        {
            eqOverflow.increment();
            return;
        }
        writeEqe(eqn, type, object, syndrome);
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
        final int bit = 1 << EqeType.COMMAND_COMPLETION.code();
        for (int eqn = 0; eqn < eqs.length; eqn++)
        {
            final Eq eq = eqs[eqn];
            if (eq != null && eq.valid && (eq.eventMask & bit) != 0)
            {
                return writeEqe(eqn, EqeType.COMMAND_COMPLETION, slot, status, token);
            }
        }
        return false;
    }

    private void writeEqe(final int eqn, final EqeType type, final int object, final int syndrome)
    {
        writeEqe(eqn, type, object, syndrome, 0);
    }

    private boolean writeEqe(final int eqn, final EqeType type, final int object, final int syndrome,
        final int token)
    {
        final Eq eq = eqs[eqn];
        if (eq == null || !eq.valid || ((eq.producerIndex - eq.consumerIndex) & INDEX_MASK) >= 1 << eq.logSize)
        {
            eqOverflow.increment();
            return false;
        }
        Arrays.fill(eqeBytes, (byte)0);
        eqeView.put(EqeDescriptor.EVENT_TYPE_OFFSET, (byte)type.code());
        eqeView.putInt(EqeDescriptor.OBJECT_OFFSET, object & EqeDescriptor.OBJECT_MASK);
        eqeView.put(EqeDescriptor.SYNDROME_OFFSET, (byte)syndrome);
        eqeView.put(EqeDescriptor.TOKEN_OFFSET, (byte)token);
        eqeView.put(EqeDescriptor.OWNER_OFFSET,
            (byte)(OwnerBit.expected(eq.producerIndex, eq.logSize) << EqeDescriptor.OWNER_SHIFT));
        endpoint.dmaWrite(eq.basePa + (long)OwnerBit.slot(eq.producerIndex, eq.logSize) * EqeDescriptor.LENGTH_BYTES,
            eqeBytes, 0, eqeBytes.length);
        eq.producerIndex = (eq.producerIndex + 1) & INDEX_MASK;
        eqesWritten.increment();
        if (eq.armed)
        {
            eq.armed = false;
            raise(eq.msixVector);
        }
        return true;
    }

    private void raise(final int vector)
    {
        if (msixMasked[vector])
        {
            msixPending[vector] = true;
            interruptsDeferred.increment();
            return;
        }
        sendMsix(vector);
    }

    private void sendMsix(final int vector)
    {
        msixView.putInt(0, msixData[vector]);
        endpoint.dmaWrite(msixAddress[vector], msixBytes, 0, MSIX_DATA_BYTES);
        interrupts.increment();
    }

    private Cq cq(final int cqn)
    {
        if (cqn < 0 || cqn >= cqs.length || cqs[cqn] == null || !cqs[cqn].valid)
        {
            throw new IllegalArgumentException(name + ": no CQ " + cqn);
        }
        return cqs[cqn];
    }

    private Eq eq(final int eqn, final String user)
    {
        if (eqn < 0 || eqn >= eqs.length || eqs[eqn] == null || !eqs[eqn].valid)
        {
            throw new IllegalArgumentException(name + ": " + user + " names EQ " + eqn + ", which does not exist");
        }
        return eqs[eqn];
    }

    // ---------------------------------------------------------------------------------------------
    // Observation.

    /**
     * @param cqn an existing CQ
     * @return whether it overran and is in error
     */
    public boolean cqInError(final int cqn)
    {
        return cq(cqn).error;
    }

    /**
     * @param cqn an existing CQ
     * @return the arm sequence number the next arm must carry (events delivered, modulo 4)
     */
    public int armSequence(final int cqn)
    {
        return cq(cqn).armSn;
    }

    /**
     * @param cqn an existing CQ
     * @return the number of CQEs written to it, modulo 2^24
     */
    public int producerIndex(final int cqn)
    {
        return cq(cqn).writtenIndex;
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
        return cqesWritten.value();
    }

    /** @return DMA writes of CQEs */
    public long cqeWrites()
    {
        return cqeWrites.value();
    }

    /** @return completion events delivered */
    public long events()
    {
        return events.value();
    }

    /** @return EQEs written, of every type */
    public long eqesWritten()
    {
        return eqesWritten.value();
    }

    /** @return MSI-X messages sent */
    public long interrupts()
    {
        return interrupts.value();
    }

    /** @return CQEs absorbed into a pending event by moderation */
    public long moderationSuppressed()
    {
        return moderationSuppressed.value();
    }

    /** @return CQEs that found their CQ full */
    public long cqOverruns()
    {
        return cqOverruns.value();
    }

    /** @return DMA reads of CQ doorbell records */
    public long doorbellRecordReads()
    {
        return doorbellRecordReads.value();
    }

    /** @return completions dropped for a CQ in error or destroyed */
    public long cqesDropped()
    {
        return cqesDropped.value();
    }

    /** @return events dropped because their EQ was full */
    public long eqOverflow()
    {
        return eqOverflow.value();
    }

    /** @return arms ignored for a stale sequence number */
    public long staleArms()
    {
        return staleArms.value();
    }

    /** @return the distribution of CQE write latency, from {@code complete()} to arrival, in ps */
    public Distribution cqeWriteLatency()
    {
        return cqeWriteLatency;
    }
}
