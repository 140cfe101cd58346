package org.sansim.fabric;

import org.sansim.random.SimRandom;
import org.sansim.sim.Channel;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.MessageSink;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.wire.Bth;
import org.sansim.wire.EthernetHeader;
import org.sansim.wire.Ipv4Header;
import org.sansim.wire.RoceFrame;

/**
 * One end of a {@link FabricLink}: the transmitter of one direction and the receiver of the other.
 * All its state belongs to its partition.
 *
 * <p><b>Transmitter.</b> Busy from the start of a frame until its inter-frame gap is over (its
 * {@code txDone} event), one frame at a time. Flow-control frames that this end's receiver wants to
 * send go before the next data frame, at a frame boundary, as PFC frames do on real links; they
 * occupy the wire like any frame, and carry the receiver's state at the moment they start
 * (absolute credit limits, the whole XOFF mask), so several changes coalesce into one frame.
 *
 * <p><b>Messages on the channel.</b> {@code kind} is {@link #KIND_FRAME}, {@link #KIND_PFC} or
 * {@link #KIND_CREDIT}. A data frame carries its class in {@code word0}, {@link #FLAG_LOST} in
 * {@code word1} if the wire lost it (no bytes then: the far end only accounts for it, as a MAC that
 * discards a frame with a bad FCS), or {@link #FLAG_DUPLICATE} for the wire's second copy of a frame
 * (dropped, not refused, if it does not fit the receive buffer), its length in {@code sizeBytes} and its
 * bytes in the data. A PFC
 * frame carries the mask of paused classes in {@code word0}; a credit frame carries each class's
 * credit limit (the total bytes the sender may have sent) as 8-byte big-endian values in the data.
 */
final class LinkEnd implements FramePort, MessageSink
{
    /** Message kind of a data frame. */
    static final int KIND_FRAME = 1;
    /** Message kind of a PFC frame. */
    static final int KIND_PFC = 2;
    /** Message kind of a credit update. */
    static final int KIND_CREDIT = 3;
    /** Flag in {@code word1} of a data frame the wire lost. */
    static final long FLAG_LOST = 1;
    /** Flag in {@code word1} of the second copy of a frame the wire duplicated. */
    static final long FLAG_DUPLICATE = 2;

    /**
     * First byte a corruption may flip: the BTH byte after {@code resv8a}, which the ICRC masks, so
     * that every flip from here to the end of the ICRC makes the ICRC check fail.
     */
    private static final int FIRST_ICRC_CHECKED_BYTE = RoceFrame.BTH_OFFSET + Bth.RESERVED8_OFFSET + 1;

    private static final int CREDIT_ENTRY_BYTES = Long.BYTES;

    private final String name;
    private final FabricLinkParams params;
    private final Partition partition;
    private final EventLoop loop;
    private final Channel out;
    private final FlowControl mode;
    private final int classes;
    private final SimRandom random;
    private final LossModel lossModel;
    private final LinkDirectionStats txStats;
    private final LinkDirectionStats rxStats;
    private final Event txDone;
    private final LinkFaults faults;
    private final Event releaseHeld;
    private long lastDeliverPs;
    private FrameSink sink;
    private FramePortListener listener;
    private boolean controlPending;

    // The transmitter's view of the far receiver.
    private final long[] sentBytes;
    private final long[] creditLimitBytes;
    private int pausedMask;

    // The receiver.
    private final long[] occupiedBytes;
    private final long[] freedBytes;
    private final long[] advertisedLimitBytes;
    private int xoffMask;
    private int advertisedXoffMask;

    LinkEnd(final String name, final FabricLinkParams params, final Partition partition, final Channel out,
        final SimRandom random, final LinkDirectionStats txStats, final LinkDirectionStats rxStats)
    {
        this.name = name;
        this.params = params;
        this.partition = partition;
        this.loop = partition.loop();
        this.out = out;
        this.mode = params.flowControl();
        this.classes = params.priorityClasses();
        this.random = random;
        this.lossModel = LossModel.of(params);
        this.txStats = txStats;
        this.rxStats = rxStats;
        this.txDone = Event.of(name + ".txDone", Priority.DEFAULT, this::onTxDone);
        this.faults = params.reorderProbability() > 0.0 || params.duplicateProbability() > 0.0
            || params.downAtPs() > 0 ? new LinkFaults(params) : null;
        this.releaseHeld = Event.of(name + ".releaseHeld", Priority.DEFAULT, this::onReleaseHeld);
        sentBytes = new long[classes];
        creditLimitBytes = new long[classes];
        occupiedBytes = new long[classes];
        freedBytes = new long[classes];
        advertisedLimitBytes = new long[classes];
        for (int c = 0; c < classes; c++)
        {
            creditLimitBytes[c] = params.bufferBytes();
            advertisedLimitBytes[c] = params.bufferBytes();
        }
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public Partition partition()
    {
        return partition;
    }

    @Override
    public FlowControl flowControl()
    {
        return mode;
    }

    @Override
    public int priorityClasses()
    {
        return classes;
    }

    @Override
    public int maxFrameBytes()
    {
        return params.maxFrameBytes();
    }

    @Override
    public int rxBufferBytes()
    {
        return params.bufferBytes();
    }

    @Override
    public void bind(final FrameSink frameSink, final FramePortListener portListener)
    {
        if (frameSink == null || portListener == null)
        {
            throw new IllegalArgumentException(name + ": sink and listener must not be null");
        }
        if (sink != null)
        {
            throw new IllegalStateException(name + " is already bound");
        }
        sink = frameSink;
        listener = portListener;
    }

    boolean bound()
    {
        return sink != null;
    }

    @Override
    public boolean canSend(final int frameBytes, final int priorityClass)
    {
        checkClass(priorityClass);
        if (txDone.scheduled())
        {
            return false;
        }
        return switch (mode)
        {
            case NONE -> true;
            case CREDIT -> sentBytes[priorityClass] + frameBytes <= creditLimitBytes[priorityClass];
            case PFC -> (pausedMask & (1 << priorityClass)) == 0;
        };
    }

    @Override
    public void send(final byte[] frame, final int offset, final int lengthBytes, final int priorityClass)
    {
        checkClass(priorityClass);
        if (lengthBytes < 1 || lengthBytes > params.maxFrameBytes())
        {
            throw new IllegalArgumentException(name + ": frame of " + lengthBytes + " bytes is outside [1, "
                + params.maxFrameBytes() + "]");
        }
        if (!canSend(lengthBytes, priorityClass))
        {
            throw new IllegalStateException(name + ": cannot send a " + lengthBytes + "-byte frame of class "
                + priorityClass + " now (" + (txDone.scheduled() ? "transmitter busy" : "flow control") + ")");
        }
        final long nowPs = loop.nowPs();
        if (faults != null)
        {
            sendWithFaults(frame, offset, lengthBytes, priorityClass, nowPs);
            return;
        }
        final FrameFate fate = lossModel.next(random);
        final Message m = claim(nowPs + params.serialisationPs(lengthBytes) + params.propagationPs());
        m.kind(KIND_FRAME).word0(priorityClass).sizeBytes(lengthBytes);
        if (fate == FrameFate.LOSE)
        {
            m.word1(FLAG_LOST).data(0);
            txStats.lostFrames.increment();
        }
        else
        {
            m.word1(0);
            final byte[] data = m.data(lengthBytes);
            System.arraycopy(frame, offset, data, 0, lengthBytes);
            if (fate == FrameFate.CORRUPT)
            {
                flipBit(data, lengthBytes);
                txStats.corruptedFrames.increment();
            }
        }
        out.publish();
        accountSent(lengthBytes, priorityClass, nowPs);
    }

    private void accountSent(final int lengthBytes, final int priorityClass, final long nowPs)
    {
        sentBytes[priorityClass] += lengthBytes;
        txStats.frames.increment();
        txStats.bytes.add(lengthBytes);
        occupy(nowPs, params.wireTimePs(lengthBytes));
    }

    /**
     * {@link #send} on a link with reordering, duplication or a down time (see {@link LinkFaults}):
     * the frame is lost if the link is down, else its fate is drawn as usual; a frame that is not lost
     * may be held back, or delivered twice (the copy as it was sent, before any corruption).
     */
    private void sendWithFaults(final byte[] frame, final int offset, final int lengthBytes, final int priorityClass,
        final long nowPs)
    {
        final boolean down = faults.down(nowPs);
        final FrameFate fate = down ? FrameFate.LOSE : lossModel.next(random);
        final long deliverPs = nowPs + params.serialisationPs(lengthBytes) + params.propagationPs();
        if (fate == FrameFate.LOSE)
        {
            claim(deliverPs).kind(KIND_FRAME).word0(priorityClass).word1(FLAG_LOST).sizeBytes(lengthBytes).data(0);
            out.publish();
            (down ? txStats.downFrames : txStats.lostFrames).increment();
            accountSent(lengthBytes, priorityClass, nowPs);
            return;
        }
        final int overtakers = faults.hold(random, frame, offset, lengthBytes, priorityClass);
        if (overtakers > 0)
        {
            if (fate == FrameFate.CORRUPT)
            {
                flipBit(faults.heldFrame(), lengthBytes);
                txStats.corruptedFrames.increment();
            }
            txStats.reorderedFrames.increment();
            loop.schedule(releaseHeld, nowPs + overtakers * params.wireTimePs(lengthBytes));
            accountSent(lengthBytes, priorityClass, nowPs);
            return;
        }
        final Message m = claim(deliverPs);
        m.kind(KIND_FRAME).word0(priorityClass).word1(0).sizeBytes(lengthBytes);
        final byte[] data = m.data(lengthBytes);
        System.arraycopy(frame, offset, data, 0, lengthBytes);
        if (fate == FrameFate.CORRUPT)
        {
            flipBit(data, lengthBytes);
            txStats.corruptedFrames.increment();
        }
        out.publish();
        if (faults.duplicate(random))
        {
            final Message copy = claim(deliverPs);
            copy.kind(KIND_FRAME).word0(priorityClass).word1(FLAG_DUPLICATE).sizeBytes(lengthBytes);
            System.arraycopy(frame, offset, copy.data(lengthBytes), 0, lengthBytes);
            out.publish();
            sentBytes[priorityClass] += lengthBytes; // the copy uses credit too; see onDataFrame
            txStats.duplicatedFrames.increment();
        }
        if (faults.overtaken())
        {
            releaseHeldFrame(deliverPs);
        }
        accountSent(lengthBytes, priorityClass, nowPs);
    }

    /** No more frames came to overtake the held one in time: deliver it now. */
    private void onReleaseHeld()
    {
        releaseHeldFrame(loop.nowPs() + params.serialisationPs(faults.heldLengthBytes()) + params.propagationPs());
    }

    private void releaseHeldFrame(final long deliverPs)
    {
        final int lengthBytes = faults.heldLengthBytes();
        final Message m = claim(deliverPs);
        m.kind(KIND_FRAME).word0(faults.heldClass()).word1(0).sizeBytes(lengthBytes);
        System.arraycopy(faults.heldFrame(), 0, m.data(lengthBytes), 0, lengthBytes);
        out.publish();
        faults.released();
        if (releaseHeld.scheduled())
        {
            loop.deschedule(releaseHeld);
        }
    }

    /** Claims a message on the channel, never earlier than the last one: nothing overtakes on a channel. */
    private Message claim(final long deliverPs)
    {
        lastDeliverPs = Math.max(lastDeliverPs, deliverPs);
        return out.claim(lastDeliverPs);
    }

    @Override
    public void release(final int frameBytes, final int priorityClass)
    {
        checkClass(priorityClass);
        if (frameBytes < 0 || frameBytes > occupiedBytes[priorityClass])
        {
            throw new IllegalStateException(name + ": releasing " + frameBytes + " bytes of class " + priorityClass
                + ", which holds only " + occupiedBytes[priorityClass]);
        }
        occupiedBytes[priorityClass] -= frameBytes;
        if (mode == FlowControl.CREDIT)
        {
            freedBytes[priorityClass] += frameBytes;
            requestControl();
        }
        else if (mode == FlowControl.PFC)
        {
            final int bit = 1 << priorityClass;
            if ((xoffMask & bit) != 0 && occupiedBytes[priorityClass] <= params.xonThresholdBytes())
            {
                xoffMask &= ~bit;
                requestControl();
            }
        }
    }

    /** @return the bytes that delivered, unreleased frames of a class occupy in the receive buffer */
    long occupiedBytes(final int priorityClass)
    {
        return occupiedBytes[priorityClass];
    }

    /** @return the statistics of the direction this end sends in */
    LinkDirectionStats txStats()
    {
        return txStats;
    }

    /** @return the statistics of the direction this end receives */
    LinkDirectionStats rxStats()
    {
        return rxStats;
    }

    /** @return the mask of classes the far receiver has paused, as this transmitter knows it */
    int pausedMask()
    {
        return pausedMask;
    }

    @Override
    public void onMessage(final Message message)
    {
        switch (message.kind())
        {
            case KIND_FRAME -> onDataFrame(message);
            case KIND_PFC -> onPfc((int)message.word0());
            case KIND_CREDIT -> onCredit(message);
            default -> throw new IllegalStateException(name + ": unknown message kind " + message.kind());
        }
    }

    private void onDataFrame(final Message m)
    {
        final int priorityClass = (int)m.word0();
        final int lengthBytes = m.sizeBytes();
        if ((m.word1() & FLAG_LOST) != 0)
        {
            returnCredit(priorityClass, lengthBytes);
            return;
        }
        if (occupiedBytes[priorityClass] + lengthBytes > params.bufferBytes())
        {
            if ((m.word1() & FLAG_DUPLICATE) != 0)
            {
                rxStats.overflowDrops.increment(); // a copy the sender's credit did not allow for
                returnCredit(priorityClass, lengthBytes);
                return;
            }
            if (mode == FlowControl.CREDIT)
            {
                throw new IllegalStateException(name + ": credit overrun in class " + priorityClass);
            }
            rxStats.overflowDrops.increment();
            return;
        }
        if (sink == null)
        {
            throw new IllegalStateException(name + " received a frame but has no sink: bind it before running");
        }
        occupiedBytes[priorityClass] += lengthBytes;
        rxStats.rxFrames.increment();
        rxStats.rxBytes.add(lengthBytes);
        rxStats.rxOccupancyBytes.sample(occupiedBytes[priorityClass]);
        final int bit = 1 << priorityClass;
        if (mode == FlowControl.PFC && (xoffMask & bit) == 0
            && occupiedBytes[priorityClass] >= params.xoffThresholdBytes())
        {
            xoffMask |= bit;
            requestControl();
        }
        sink.onFrame(m, priorityClass);
    }

    private void returnCredit(final int priorityClass, final int lengthBytes)
    {
        if (mode == FlowControl.CREDIT)
        {
            freedBytes[priorityClass] += lengthBytes;
            requestControl();
        }
    }

    private void onPfc(final int mask)
    {
        txStats.pauses.add(Integer.bitCount(mask & ~pausedMask));
        final boolean resumed = (pausedMask & ~mask) != 0;
        pausedMask = mask;
        if (resumed)
        {
            notifyIfIdle();
        }
    }

    private void onCredit(final Message m)
    {
        final byte[] data = m.data();
        boolean grew = false;
        for (int c = 0; c < classes; c++)
        {
            final long limit = readLong(data, c * CREDIT_ENTRY_BYTES);
            if (limit > creditLimitBytes[c])
            {
                creditLimitBytes[c] = limit;
                grew = true;
            }
        }
        if (grew)
        {
            notifyIfIdle();
        }
    }

    private void notifyIfIdle()
    {
        if (!txDone.scheduled() && listener != null)
        {
            listener.onSendReady();
        }
    }

    /** The receiver has news for the far transmitter: send it now, or after the current frame. */
    private void requestControl()
    {
        if (txDone.scheduled())
        {
            controlPending = true;
        }
        else
        {
            sendControlIfNeeded();
        }
    }

    /** @return whether a flow-control frame was started */
    private boolean sendControlIfNeeded()
    {
        final long nowPs = loop.nowPs();
        final int controlBytes = params.controlFrameBytes();
        if (mode == FlowControl.PFC)
        {
            if (xoffMask == advertisedXoffMask)
            {
                return false;
            }
            final Message m = claim(nowPs + params.serialisationPs(controlBytes) + params.propagationPs());
            m.kind(KIND_PFC).word0(xoffMask).word1(0).sizeBytes(controlBytes).data(0);
            advertisedXoffMask = xoffMask;
        }
        else if (mode == FlowControl.CREDIT)
        {
            boolean changed = false;
            for (int c = 0; c < classes; c++)
            {
                changed |= params.bufferBytes() + freedBytes[c] != advertisedLimitBytes[c];
            }
            if (!changed)
            {
                return false;
            }
            final Message m = claim(nowPs + params.serialisationPs(controlBytes) + params.propagationPs());
            m.kind(KIND_CREDIT).word0(0).word1(0).sizeBytes(controlBytes);
            final byte[] data = m.data(classes * CREDIT_ENTRY_BYTES);
            for (int c = 0; c < classes; c++)
            {
                advertisedLimitBytes[c] = params.bufferBytes() + freedBytes[c];
                writeLong(data, c * CREDIT_ENTRY_BYTES, advertisedLimitBytes[c]);
            }
        }
        else
        {
            return false;
        }
        out.publish();
        txStats.controlFrames.increment();
        occupy(nowPs, params.wireTimePs(controlBytes));
        return true;
    }

    private void occupy(final long nowPs, final long durationPs)
    {
        txStats.transmitted(nowPs, nowPs + durationPs);
        loop.schedule(txDone, nowPs + durationPs);
    }

    private void onTxDone()
    {
        if (controlPending)
        {
            controlPending = false;
            if (sendControlIfNeeded())
            {
                return;
            }
        }
        if (listener != null)
        {
            listener.onSendReady();
        }
    }

    /**
     * Flips one bit, chosen uniformly among the bytes the ICRC checks when the frame is IPv4 and long
     * enough, among all its bytes otherwise.
     */
    private void flipBit(final byte[] data, final int lengthBytes)
    {
        int from = 0;
        int to = lengthBytes;
        if (lengthBytes >= RoceFrame.UDP_OFFSET
            && u16(data, EthernetHeader.ETHERTYPE_OFFSET) == EthernetHeader.ETHERTYPE_IPV4)
        {
            final int datagramEnd = RoceFrame.IPV4_OFFSET
                + u16(data, RoceFrame.IPV4_OFFSET + Ipv4Header.TOTAL_LENGTH_OFFSET);
            if (Math.min(datagramEnd, lengthBytes) > FIRST_ICRC_CHECKED_BYTE)
            {
                from = FIRST_ICRC_CHECKED_BYTE;
                to = Math.min(datagramEnd, lengthBytes);
            }
        }
        final long bit = random.nextLong((long)(to - from) * Byte.SIZE);
        data[from + (int)(bit >>> 3)] ^= (byte)(1 << (bit & 7));
    }

    private void checkClass(final int priorityClass)
    {
        if (priorityClass < 0 || priorityClass >= classes)
        {
            throw new IllegalArgumentException(name + ": priority class " + priorityClass + " is outside [0, "
                + classes + ")");
        }
    }

    private static int u16(final byte[] data, final int offset)
    {
        return (data[offset] & 0xFF) << Byte.SIZE | (data[offset + 1] & 0xFF);
    }

    private static void writeLong(final byte[] data, final int offset, final long value)
    {
        for (int i = 0; i < Long.BYTES; i++)
        {
            data[offset + i] = (byte)(value >>> (Byte.SIZE * (Long.BYTES - 1 - i)));
        }
    }

    private static long readLong(final byte[] data, final int offset)
    {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            value = (value << Byte.SIZE) | (data[offset + i] & 0xFF);
        }
        return value;
    }

    @Override
    public String toString()
    {
        return "link end " + name;
    }
}
