package org.sansim.nic.port;

import org.sansim.fabric.FramePort;
import org.sansim.fabric.FramePortListener;
import org.sansim.fabric.FrameSink;
import org.sansim.jfr.SimJfr;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.Priority;
import org.sansim.stats.Accumulator;
import org.sansim.stats.Counter;
import org.sansim.stats.Gauge;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * The NIC's Ethernet port, attached to one end of a fabric link ({@link FramePort}). Line rate,
 * serialisation, propagation, flow control (credits or PFC) and loss are the link's; the port owns
 * the transmit queue and the receive checks.
 *
 * <p><b>Transmit.</b> A FIFO of {@code txQueueFrames} preallocated buffers of
 * {@link PortParams#maxFrameBytes()} bytes. The sender asks for the next free buffer with
 * {@link #claimTxBuffer()}, builds a frame in it from index 0 (with {@link RoceFrame#begin} and
 * {@link RoceFrame#finish}) and queues it with {@link #submit(int, int)}. The head frame goes to the
 * link as soon as {@link FramePort#canSend} allows: right away if the transmitter is idle and its
 * class is not held back, otherwise at the link's {@link FramePortListener#onSendReady} (after the
 * previous frame's time on the wire, or when a credit update or PFC resume arrives). Frames are never
 * dropped on the transmit side; a full queue refuses claims ({@link #canClaim()}), and a sender that
 * found it full is told by its {@link PortTxListener} when a frame leaves the full queue. The queue is one FIFO for
 * all classes, so a paused class at the head holds back frames of other classes behind it.
 *
 * <p><b>Latency.</b> A frame submitted at {@code t} goes to the link no sooner than
 * {@code t + txLatencyPs}: the transmit pipeline's depth of the transport that built it
 * ({@link #pipelineDepths}) plus the port's {@link PortParams#txMacPhyLatencyPs()}. A frame whose last
 * bit arrived from the cable at {@code t} reaches the receiver no sooner than {@code t + rxLatencyPs}:
 * {@link PortParams#rxMacPhyLatencyPs()} plus the transport's receive pipeline depth. Both are pure
 * latencies: frames keep their order and the line rate is unchanged (the frames in flight wait in the
 * transmit queue's buffers and in a receive delay line with their times, no per-frame object). The
 * transmit side takes the latency before the link's flow-control check, which is equivalent for
 * timing (a frame reaches the cable at {@code max(t + latency, end of the previous frame)} either way)
 * but means a PFC pause also holds back frames a real MAC would already have passed to its PHY.
 * Frames in the receive delay line occupy the link's receive buffer until the receiver takes them. The
 * tap sees the cable: a sent frame when it goes to the link, a received one when its last bit arrives.
 *
 * <p><b>Receive.</b> Every frame that arrives is shown to the tap as its last bit arrives, then, past
 * the receive latency, parsed with
 * {@link RoceFrame#parse}: a good frame goes to the {@link RoceReceiver}; a bad one (any status other
 * than {@code OK}: bad ICRC, bad IPv4 checksum, unknown opcode, not RoCEv2, ...) is dropped and
 * counted under its reason. Either way the port releases the frame's fabric buffer when done with
 * it, which may return credits or end a pause at the far end. Receive processing takes no modelled
 * time beyond the receive latency above.
 *
 * <p><b>Ingress back-pressure.</b> The port never drops a good frame for lack of room behind it. When
 * the receiver refuses a frame (its pipeline is full), the port keeps a copy of it, and of every frame
 * that arrives after it, in arrival order ({@link IngressFifo}), without releasing their fabric
 * buffer: the link's receive buffer fills, and the link's flow control stops the sender (PFC pauses
 * the class at the XOFF threshold; credit mode stops granting credit). On a link without flow control
 * the link itself drops what no longer fits, as a lossy Ethernet port would. When the receiver has
 * room again it calls {@link #resumeReceive()}, and the held frames are offered again, oldest first,
 * at that time, until one is refused again. The ingress is one FIFO for every class, like the receive
 * pipeline behind it.
 *
 * <p>Statistics under the port's name: {@code txFrames}, {@code txBytes}, {@code rxFrames},
 * {@code rxBytes} (good frames), {@code rxDropped} and one counter per drop reason
 * ({@code rxTruncated}, {@code rxNotIpv4}, {@code rxIpv4OptionsUnsupported}, {@code rxBadIpv4Checksum},
 * {@code rxIpv4Fragment}, {@code rxNotUdp}, {@code rxNotRocev2Port}, {@code rxBadLength},
 * {@code rxUnknownOpcode}, {@code rxBadPad}, {@code rxBadIcrc}), {@code txQueueDepth},
 * {@code txQueueWait} (ps from submission to the link beyond the transmit latency),
 * {@code backPressureStalls} (times the head
 * frame found the idle transmitter held back by flow control), {@code backPressurePs} (time spent so),
 * {@code claimsRefused}, and for the ingress: {@code rxRefused} (frames the receiver refused),
 * {@code rxHeldFrames} (frames that waited in the ingress FIFO), {@code rxStalls} (times the ingress
 * stopped), {@code rxStallPs} (time it was stopped), {@code rxHoldPs} (wait of each held frame from
 * arrival to the receiver) and the gauge {@code rxHeldBytes}.
 *
 * <p>Runs on the port's partition. Steady state allocates nothing.
 */
public final class NicPort implements FrameSink, FramePortListener
{
    private static final RoceFrameStatus[] STATUSES = RoceFrameStatus.values();

    private final String name;
    private final PortParams params;
    private final FramePort port;
    private final EventLoop loop;
    private final RoceFrame parser = new RoceFrame();
    private RoceReceiver receiver;
    private FrameTap tap;
    private PortTxListener txListener;

    // Transmit queue.
    private final byte[][] txBuffer;
    private final int[] txLength;
    private final int[] txClass;
    private final long[] txSubmitPs;
    private int txHead;
    private int txCount;
    private boolean claimed;
    private boolean transmitting;
    private boolean stalled;
    private long stallStartPs;

    // Latency: the transport's pipeline depth plus the MAC/PHY's, each way.
    private long txLatencyPs;
    private long rxLatencyPs;
    private final Event txDue;
    // Receive delay line: frames that arrived and have not yet crossed the rx latency, oldest first.
    private final IngressFifo rxDelayLine;
    private final Event rxDue;

    private final Counter txFrames;
    private final Counter txBytes;
    private final Counter rxFrames;
    private final Counter rxBytes;
    private final Counter rxDropped;
    private final Counter[] rxDropsByReason;
    private final Gauge txQueueDepth;
    private final Accumulator txQueueWait;
    private final Counter backPressureStalls;
    private final Counter backPressurePs;
    private final Counter claimsRefused;

    // Ingress: frames the receiver refused and those behind them.
    private final IngressFifo ingress;
    private boolean offering;
    private boolean resumeAgain;
    private long rxStallStartPs;
    private final Counter rxRefused;
    private final Counter rxHeldFrames;
    private final Counter rxStalls;
    private final Counter rxStallPs;
    private final Accumulator rxHoldPs;
    private final Gauge rxHeldBytes;

    /**
     * Builds the port and binds it to the link's end.
     *
     * @param name the port's name and statistics path, such as {@code "nic0.port"}
     * @param params the parameters, validated here
     * @param port the link end the port owns
     * @param stats where to register statistics
     * @throws IllegalArgumentException if the port's largest frame exceeds the link's
     */
    public NicPort(final String name, final PortParams params, final FramePort port, final StatsRegistry stats)
    {
        params.validate();
        if (params.maxFrameBytes() > port.maxFrameBytes())
        {
            throw new IllegalArgumentException(name + ": frames of up to " + params.maxFrameBytes()
                + " bytes (" + params.pathMtu() + ") do not fit the link's " + port.maxFrameBytes());
        }
        this.name = name;
        this.params = params;
        this.port = port;
        this.loop = port.partition().loop();
        final int depth = params.txQueueFrames();
        txBuffer = new byte[depth][params.maxFrameBytes()];
        txLength = new int[depth];
        txClass = new int[depth];
        txSubmitPs = new long[depth];
        txLatencyPs = params.txMacPhyLatencyPs();
        rxLatencyPs = params.rxMacPhyLatencyPs();
        txDue = Event.of(name + ".txDue", Priority.DEFAULT, this::trySend);
        rxDue = Event.of(name + ".rxDue", Priority.DEFAULT, this::onRxDue);
        rxDelayLine = new IngressFifo((long)port.rxBufferBytes() * port.priorityClasses(), port.maxFrameBytes());
        final StatGroup group = stats.group(name);
        txFrames = group.counter("txFrames", "count", "frames handed to the link");
        txBytes = group.counter("txBytes", "bytes", "bytes of frames handed to the link, without FCS");
        rxFrames = group.counter("rxFrames", "count", "good RoCEv2 frames received");
        rxBytes = group.counter("rxBytes", "bytes", "bytes of good frames received, without FCS");
        rxDropped = group.counter("rxDropped", "count", "received frames dropped because they failed a check");
        rxDropsByReason = new Counter[STATUSES.length];
        for (final RoceFrameStatus s : STATUSES)
        {
            if (s != RoceFrameStatus.OK)
            {
                rxDropsByReason[s.ordinal()] = group.counter(dropName(s), "count",
                    "received frames dropped as " + s);
            }
        }
        txQueueDepth = group.gauge("txQueueDepth", "count", "frames in the transmit queue");
        txQueueWait = group.accumulator("txQueueWait", "ps",
            "time from a frame's submission to the link, beyond the transmit latency");
        backPressureStalls = group.counter("backPressureStalls", "count",
            "times the head frame found the idle transmitter held back by flow control");
        backPressurePs = group.counter("backPressurePs", "ps", "time the head frame was held back by flow control");
        claimsRefused = group.counter("claimsRefused", "count", "claims of a transmit buffer made while full");
        ingress = new IngressFifo((long)port.rxBufferBytes() * port.priorityClasses(), port.maxFrameBytes());
        rxRefused = group.counter("rxRefused", "count", "received frames the receiver refused for lack of room");
        rxHeldFrames = group.counter("rxHeldFrames", "count",
            "received frames held in the ingress FIFO, unreleased on the link, behind a refused one");
        rxStalls = group.counter("rxStalls", "count", "times the ingress stopped because the receiver refused a frame");
        rxStallPs = group.counter("rxStallPs", "ps", "time the ingress was stopped with frames held");
        rxHoldPs = group.accumulator("rxHoldPs", "ps", "wait of a held frame from its arrival to the receiver");
        rxHeldBytes = group.gauge("rxHeldBytes", "bytes", "bytes of frames held in the ingress FIFO");
        port.bind(this, this);
    }

    /** {@code BAD_ICRC} becomes {@code rxBadIcrc}. */
    private static String dropName(final RoceFrameStatus s)
    {
        final StringBuilder b = new StringBuilder("rx");
        boolean upper = true;
        for (final char c : s.name().toCharArray())
        {
            if (c == '_')
            {
                upper = true;
            }
            else
            {
                b.append(upper ? c : Character.toLowerCase(c));
                upper = false;
            }
        }
        return b.toString();
    }

    /** @param r receives the good frames; without one, good frames are counted and released */
    public void receiver(final RoceReceiver r)
    {
        receiver = r;
    }

    /**
     * Declares the depth of the transport's packet pipelines, which the port adds to its MAC/PHY
     * latency: a submitted frame reaches the MAC {@code txDepthPs} later, a received one reaches the
     * receiver {@code rxDepthPs} after it crossed the MAC/PHY. Call before the simulation runs.
     *
     * @param txDepthPs the transmit pipeline's depth, 0 or more
     * @param rxDepthPs the receive pipeline's depth, 0 or more
     * @throws IllegalArgumentException if a depth is negative
     */
    public void pipelineDepths(final long txDepthPs, final long rxDepthPs)
    {
        if (txDepthPs < 0 || rxDepthPs < 0)
        {
            throw new IllegalArgumentException(name + ": pipeline depths must not be negative, got " + txDepthPs
                + " and " + rxDepthPs + " ps");
        }
        txLatencyPs = params.txMacPhyLatencyPs() + txDepthPs;
        rxLatencyPs = params.rxMacPhyLatencyPs() + rxDepthPs;
    }

    /** @return time from a frame's submission to the earliest it may reach the link, in ps */
    public long txLatencyPs()
    {
        return txLatencyPs;
    }

    /** @return time from a frame's last bit arriving to the earliest it may reach the receiver, in ps */
    public long rxLatencyPs()
    {
        return rxLatencyPs;
    }

    /** @param t sees every frame sent and received, or {@code null} for none */
    public void tap(final FrameTap t)
    {
        tap = t;
    }

    /** @param l told whenever a frame leaves a full transmit queue, or {@code null} */
    public void txListener(final PortTxListener l)
    {
        txListener = l;
    }

    /** @return whether {@link #claimTxBuffer()} would succeed now */
    public boolean canClaim()
    {
        return !claimed && txCount < txBuffer.length;
    }

    /**
     * Lends the next transmit buffer, to be filled from index 0 and queued with {@link #submit}.
     *
     * @return the buffer, {@link PortParams#maxFrameBytes()} long
     * @throws IllegalStateException if the queue is full or a claimed buffer has not been submitted
     */
    public byte[] claimTxBuffer()
    {
        if (!canClaim())
        {
            claimsRefused.increment();
            throw new IllegalStateException(name + ": no transmit buffer to claim ("
                + (claimed ? "one is claimed and not submitted" : "queue full") + ")");
        }
        claimed = true;
        return txBuffer[slot(txCount)];
    }

    /**
     * Queues the claimed buffer's frame and sends it as soon as the link allows.
     *
     * @param lengthBytes the frame's length from index 0, without the FCS
     * @param priorityClass its priority class on the link
     * @throws IllegalStateException if no buffer is claimed
     * @throws IllegalArgumentException if the length exceeds the port's largest frame or the class the link's
     */
    public void submit(final int lengthBytes, final int priorityClass)
    {
        if (!claimed)
        {
            throw new IllegalStateException(name + ": submit without a claimed buffer");
        }
        if (lengthBytes < 1 || lengthBytes > params.maxFrameBytes())
        {
            throw new IllegalArgumentException(name + ": frame of " + lengthBytes + " bytes is outside [1, "
                + params.maxFrameBytes() + "]");
        }
        if (priorityClass < 0 || priorityClass >= port.priorityClasses())
        {
            throw new IllegalArgumentException(name + ": priority class " + priorityClass + " is outside [0, "
                + port.priorityClasses() + ")");
        }
        final int s = slot(txCount);
        txLength[s] = lengthBytes;
        txClass[s] = priorityClass;
        txSubmitPs[s] = loop.nowPs();
        txCount++;
        claimed = false;
        txQueueDepth.set(txCount);
        trySend();
    }

    private int slot(final int fromHead)
    {
        final int s = txHead + fromHead;
        return s >= txBuffer.length ? s - txBuffer.length : s;
    }

    /**
     * Sends the head frame if it has crossed the transmit latency, the transmitter is idle and flow
     * control allows; a head frame still in the latency wakes the port when it is due.
     */
    private void trySend()
    {
        if (transmitting || txCount == 0)
        {
            return;
        }
        final int s = txHead;
        final int length = txLength[s];
        final int priorityClass = txClass[s];
        final long nowPs = loop.nowPs();
        final long duePs = txSubmitPs[s] + txLatencyPs;
        if (nowPs < duePs)
        {
            if (!txDue.scheduled())
            {
                loop.schedule(txDue, duePs);
            }
            return;
        }
        if (!port.canSend(length, priorityClass))
        {
            if (!stalled)
            {
                stalled = true;
                stallStartPs = nowPs;
                backPressureStalls.increment();
            }
            return;
        }
        if (stalled)
        {
            stalled = false;
            backPressurePs.add(nowPs - stallStartPs);
        }
        port.send(txBuffer[s], 0, length, priorityClass);
        transmitting = true;
        txFrames.increment();
        txBytes.add(length);
        SimJfr.packet(nowPs, name, true, txBuffer[s], 0, length);
        txQueueWait.sample(nowPs - duePs);
        if (tap != null)
        {
            tap.onFrame(FrameTap.TX, nowPs, txBuffer[s], 0, length, priorityClass);
        }
        final boolean wasFull = txCount == txBuffer.length;
        txHead = slot(1);
        txCount--;
        txQueueDepth.set(txCount);
        if (wasFull && txListener != null)
        {
            txListener.onTxSpace();
        }
    }

    @Override
    public void onSendReady()
    {
        transmitting = false;
        trySend();
    }

    @Override
    public void onFrame(final Message frame, final int priorityClass)
    {
        final int length = frame.dataLength();
        final byte[] data = frame.data();
        final long nowPs = loop.nowPs();
        if (tap != null)
        {
            tap.onFrame(FrameTap.RX, nowPs, data, 0, length, priorityClass);
        }
        SimJfr.packet(loop.nowPs(), name, false, data, 0, length);
        if (rxLatencyPs > 0)
        {
            if (rxDelayLine.isEmpty())
            {
                loop.schedule(rxDue, nowPs + rxLatencyPs);
            }
            rxDelayLine.add(data, 0, length, priorityClass, nowPs);
            return;
        }
        receive(data, 0, length, priorityClass, nowPs);
    }

    /** Hands every frame of the delay line that has crossed the receive latency on, oldest first. */
    private void onRxDue()
    {
        final long nowPs = loop.nowPs();
        while (!rxDelayLine.isEmpty() && rxDelayLine.headArrivalPs() + rxLatencyPs <= nowPs)
        {
            receive(rxDelayLine.headBuffer(), rxDelayLine.headOffset(), rxDelayLine.headLength(),
                rxDelayLine.headClass(), nowPs);
            rxDelayLine.remove();
        }
        if (!rxDelayLine.isEmpty())
        {
            loop.schedule(rxDue, rxDelayLine.headArrivalPs() + rxLatencyPs);
        }
    }

    /**
     * A frame past the receive latency: to the receiver now if nothing is held and it takes it (its
     * fabric buffer released), else to the back of the ingress FIFO.
     */
    private void receive(final byte[] data, final int offset, final int length, final int priorityClass,
        final long nowPs)
    {
        if (ingress.isEmpty() && offer(data, offset, length))
        {
            port.release(length, priorityClass);
            return;
        }
        if (ingress.isEmpty())
        {
            rxRefused.increment();
            rxStalls.increment();
            rxStallStartPs = nowPs;
        }
        ingress.add(data, offset, length, priorityClass, nowPs);
        rxHeldFrames.increment();
        rxHeldBytes.set(ingress.bytes());
    }

    /**
     * Offers the frames held in the ingress FIFO to the receiver again, oldest first, now, releasing the
     * fabric buffer of each one taken, until one is refused again or none is left. The receiver calls
     * it when it has room again after refusing a frame; a call with nothing held does nothing, and a
     * call made while the port is offering (from inside the receiver) makes it go on afterwards.
     */
    public void resumeReceive()
    {
        if (offering)
        {
            resumeAgain = true;
            return;
        }
        final long nowPs = loop.nowPs();
        while (!ingress.isEmpty())
        {
            resumeAgain = false;
            final int length = ingress.headLength();
            if (!offer(ingress.headBuffer(), ingress.headOffset(), length))
            {
                if (!resumeAgain)
                {
                    rxRefused.increment();
                    return;
                }
                continue;
            }
            final int priorityClass = ingress.headClass();
            rxHoldPs.sample(nowPs - ingress.headArrivalPs());
            ingress.remove();
            rxHeldBytes.set(ingress.bytes());
            port.release(length, priorityClass);
            if (ingress.isEmpty())
            {
                rxStallPs.add(nowPs - rxStallStartPs);
            }
        }
    }

    /**
     * Parses a frame and hands a good one to the receiver; drops and counts a bad one.
     *
     * @return false if the receiver refused it: it is still to be delivered
     */
    private boolean offer(final byte[] data, final int offset, final int length)
    {
        final RoceFrameStatus status = parser.parse(data, offset, length);
        if (status != RoceFrameStatus.OK)
        {
            rxDropped.increment();
            rxDropsByReason[status.ordinal()].increment();
            return true;
        }
        if (receiver != null)
        {
            offering = true;
            final boolean taken;
            try
            {
                taken = receiver.onRoceFrame(parser, data, offset, length);
            }
            finally
            {
                offering = false;
            }
            if (!taken)
            {
                return false;
            }
        }
        rxFrames.increment();
        rxBytes.add(length);
        return true;
    }

    /** @return frames held in the ingress FIFO, waiting for the receiver */
    public int rxHeldFrames()
    {
        return ingress.frames();
    }

    /** @return frames the receiver refused (each counted once per refusal) */
    public long rxRefused()
    {
        return rxRefused.value();
    }

    /** @return time the ingress was stopped with frames held, in picoseconds */
    public long rxStallPs()
    {
        return rxStallPs.value();
    }

    /**
     * @param reason a parse status other than {@code OK}
     * @return received frames dropped for that reason
     */
    public long rxDrops(final RoceFrameStatus reason)
    {
        return reason == RoceFrameStatus.OK ? 0 : rxDropsByReason[reason.ordinal()].value();
    }

    /** @return the port's name */
    public String name()
    {
        return name;
    }

    /** @return the parameters */
    public PortParams params()
    {
        return params;
    }

    /** @return the link end the port owns */
    public FramePort framePort()
    {
        return port;
    }

    /** @return frames in the transmit queue */
    public int txQueueDepth()
    {
        return txCount;
    }

    /** @return frames handed to the link */
    public long txFrames()
    {
        return txFrames.value();
    }

    /** @return bytes handed to the link */
    public long txBytes()
    {
        return txBytes.value();
    }

    /** @return good frames received */
    public long rxFrames()
    {
        return rxFrames.value();
    }

    /** @return bytes of good frames received */
    public long rxBytes()
    {
        return rxBytes.value();
    }

    /** @return received frames dropped, all reasons */
    public long rxDropped()
    {
        return rxDropped.value();
    }

    /** @return times the head frame was held back by flow control */
    public long backPressureStalls()
    {
        return backPressureStalls.value();
    }

    /** @return time the head frame was held back by flow control, in picoseconds */
    public long backPressurePs()
    {
        return backPressurePs.value();
    }

    /** @return the wait of frames from submission to the link, in picoseconds */
    public Accumulator txQueueWait()
    {
        return txQueueWait;
    }
}
