package org.sansim.fabric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.Priority;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * A test stand-in for a NIC: sends planned RoCEv2 SEND_ONLY frames (PSN = its send count, dest QP =
 * its index, so arrivals name their source) as soon as each is due and the port allows, and records
 * what arrives. Frames are released at once, or one per {@code serviceTimePs} to model a slow
 * receiver. Allocation-free while running once its arrays are sized (recording strings is optional).
 */
final class TrafficEndpoint implements FrameSink, FramePortListener
{
    private final int index;
    private final FramePort port;
    private final EventLoop loop;
    private final RoceFrame builder = new RoceFrame();
    private final RoceFrame parser = new RoceFrame();
    private final byte[] frame = new byte[16 * 1024];
    private final Event due;
    private final Event service;
    private final boolean recordStrings;

    private long[] planTimePs = new long[16];
    private RoceEndpoints[] planTo = new RoceEndpoints[16];
    private int[] planPayloadBytes = new int[16];
    private int[] planClass = new int[16];
    private int planned;
    private int nextPlanned;
    private int builtFor = -1;
    private int builtLength;
    private long[] sendTimePs = new long[16];

    private long serviceTimePs;
    private int[] pendingLength = new int[16];
    private int[] pendingClass = new int[16];
    private int pendingHead;
    private int pendingCount;
    private long maxPendingBytes;
    private long pendingBytes;

    final List<String> arrivals = new ArrayList<>();
    private long[] arrivalPs = new long[16];
    private int received;
    private int badFrames;
    private RoceFrameStatus lastBadStatus;
    private long digest = 17;
    private final byte[] lastFrame = new byte[16 * 1024];
    private int lastLength;

    TrafficEndpoint(final int index, final FramePort port, final boolean recordStrings)
    {
        this.index = index;
        this.port = port;
        this.loop = port.partition().loop();
        this.recordStrings = recordStrings;
        this.due = Event.of("ep" + index + ".due", Priority.DEFAULT, this::trySend);
        this.service = Event.of("ep" + index + ".service", Priority.DEFAULT, this::serveOne);
        port.bind(this, this);
    }

    /** Plans a frame; plans must come in non-decreasing time order. */
    void plan(final long timePs, final RoceEndpoints to, final int payloadBytes, final int priorityClass)
    {
        if (planned == planTimePs.length)
        {
            final int n = planned * 2;
            planTimePs = Arrays.copyOf(planTimePs, n);
            planTo = Arrays.copyOf(planTo, n);
            planPayloadBytes = Arrays.copyOf(planPayloadBytes, n);
            planClass = Arrays.copyOf(planClass, n);
            sendTimePs = Arrays.copyOf(sendTimePs, n);
        }
        planTimePs[planned] = timePs;
        planTo[planned] = to;
        planPayloadBytes[planned] = payloadBytes;
        planClass[planned] = priorityClass;
        planned++;
    }

    /** Starts sending: call once the plans for a run are in place, before the run. */
    void start()
    {
        if (nextPlanned < planned && !due.scheduled())
        {
            loop.schedule(due, Math.max(loop.nowPs(), planTimePs[nextPlanned]));
        }
    }

    /** Makes the receiver slow: it releases one frame every {@code periodPs}. */
    void serviceTimePs(final long periodPs)
    {
        this.serviceTimePs = periodPs;
    }

    /** Sizes the arrival log so that recording does not allocate. */
    void expectArrivals(final int count)
    {
        if (arrivalPs.length < count)
        {
            arrivalPs = Arrays.copyOf(arrivalPs, count);
        }
    }

    private void trySend()
    {
        if (nextPlanned >= planned)
        {
            return;
        }
        final long nowPs = loop.nowPs();
        if (planTimePs[nextPlanned] > nowPs)
        {
            if (!due.scheduled())
            {
                loop.schedule(due, planTimePs[nextPlanned]);
            }
            return;
        }
        if (builtFor != nextPlanned)
        {
            builtLength = build(nextPlanned);
            builtFor = nextPlanned;
        }
        final int priorityClass = planClass[nextPlanned];
        if (!port.canSend(builtLength, priorityClass))
        {
            return; // onSendReady will come
        }
        port.send(frame, 0, builtLength, priorityClass);
        sendTimePs[nextPlanned] = nowPs;
        nextPlanned++;
    }

    private int build(final int i)
    {
        builder.begin(frame, 0, planTo[i], BthOpcode.SEND_ONLY);
        builder.bth().psn(i & 0xFF_FFFF).destQp(index);
        final int payloadOffset = builder.payloadOffset();
        for (int b = 0; b < planPayloadBytes[i]; b++)
        {
            frame[payloadOffset + b] = (byte)(b * 31 + i);
        }
        return builder.finish(planPayloadBytes[i]);
    }

    @Override
    public void onSendReady()
    {
        trySend();
    }

    @Override
    public void onFrame(final Message m, final int priorityClass)
    {
        final int length = m.dataLength();
        final RoceFrameStatus status = parser.parse(m.data(), 0, length);
        final long nowPs = loop.nowPs();
        if (status == RoceFrameStatus.OK)
        {
            final int src = parser.bth().destQp();
            final int psn = parser.bth().psn();
            if (received == arrivalPs.length)
            {
                arrivalPs = Arrays.copyOf(arrivalPs, received * 2);
            }
            arrivalPs[received++] = nowPs;
            digest = mix(digest ^ nowPs) ^ mix(((long)src << 32) | psn) ^ length ^ ((long)priorityClass << 20);
            if (recordStrings)
            {
                arrivals.add(nowPs + " from " + src + " psn " + psn + " len " + length + " class " + priorityClass);
            }
        }
        else
        {
            badFrames++;
            lastBadStatus = status;
        }
        System.arraycopy(m.data(), 0, lastFrame, 0, length);
        lastLength = length;
        if (serviceTimePs == 0)
        {
            port.release(length, priorityClass);
            return;
        }
        if (pendingCount == pendingLength.length)
        {
            growPending();
        }
        final int slot = (pendingHead + pendingCount) % pendingLength.length;
        pendingLength[slot] = length;
        pendingClass[slot] = priorityClass;
        pendingCount++;
        pendingBytes += length;
        maxPendingBytes = Math.max(maxPendingBytes, pendingBytes);
        if (!service.scheduled())
        {
            loop.schedule(service, nowPs + serviceTimePs);
        }
    }

    private void serveOne()
    {
        final int length = pendingLength[pendingHead];
        final int priorityClass = pendingClass[pendingHead];
        pendingHead = (pendingHead + 1) % pendingLength.length;
        pendingCount--;
        pendingBytes -= length;
        port.release(length, priorityClass);
        if (pendingCount > 0)
        {
            loop.schedule(service, loop.nowPs() + serviceTimePs);
        }
    }

    private void growPending()
    {
        final int n = pendingLength.length;
        final int[] lengths = new int[n * 2];
        final int[] classes = new int[n * 2];
        for (int i = 0; i < n; i++)
        {
            lengths[i] = pendingLength[(pendingHead + i) % n];
            classes[i] = pendingClass[(pendingHead + i) % n];
        }
        pendingLength = lengths;
        pendingClass = classes;
        pendingHead = 0;
    }

    private static long mix(final long z0)
    {
        long z = z0 * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    int index()
    {
        return index;
    }

    int sent()
    {
        return nextPlanned;
    }

    int planned()
    {
        return planned;
    }

    long sendTimePs(final int i)
    {
        return sendTimePs[i];
    }

    int received()
    {
        return received;
    }

    long arrivalPs(final int i)
    {
        return arrivalPs[i];
    }

    int badFrames()
    {
        return badFrames;
    }

    RoceFrameStatus lastBadStatus()
    {
        return lastBadStatus;
    }

    long digest()
    {
        return digest;
    }

    long maxPendingBytes()
    {
        return maxPendingBytes;
    }

    byte[] lastFrame()
    {
        return Arrays.copyOf(lastFrame, lastLength);
    }

    /** @return the bytes of the frame this endpoint built for plan {@code i} (rebuilding it) */
    byte[] frameFor(final int i)
    {
        final int length = build(i);
        builtFor = -1;
        return Arrays.copyOf(frame, length);
    }
}
