package org.sansim.jfr;

import org.sansim.wire.Bth;
import org.sansim.wire.RoceFrame;

/**
 * Emits SanSim's JFR events ({@code org.sansim.*}) from the model, guarded so that they cost next to nothing
 * when no recording wants them.
 *
 * <p><b>Guard.</b> Every emitter starts by reading one static volatile flag, {@link #enabled()}; while it is
 * false (the default) the emitter returns at once: no event object, no string, no JFR call, and the
 * JIT-compiled caller pays one load and one branch. The tool that starts a recording ({@code --jfr FILE})
 * sets it with {@link #enable}; a recording started some other way (for example
 * {@code -XX:StartFlightRecording}) also needs {@code -Dsansim.jfr=true}. When the flag is set, JFR's own
 * settings still decide which event types are committed.
 *
 * <p>The events live in {@code nic-model}, the bottom module, so that the NIC's blocks (doorbell unit, WQE
 * fetcher, translation unit, DMA engines, port, completion unit, RC transport) and the provider (connection
 * manager, WSD provider) can all emit them; {@code traces} and {@code tools} only record them.
 *
 * <p>Each call site is one line in the emitting component, passing the simulated time and the component's
 * name (its statistics path). Thread-safe: JFR events may be committed from any thread.
 */
public final class SimJfr
{
    /** System property that turns the events on at start-up ({@code -Dsansim.jfr=true}). */
    public static final String PROPERTY = "sansim.jfr";

    /** Steps of {@link #cmSent}, by CM attribute ID minus 0x10 (REQ). */
    private static final String[] CM_SENT = {
        "REQ sent", "MRA sent", "REJ sent", "REP sent", "RTU sent", "DREQ sent", "DREP sent",
    };
    private static final int CM_ATTRIBUTE_REQ = 0x10;

    private static volatile boolean enabled = Boolean.getBoolean(PROPERTY);
    /** The timeline sink, or null (the default). */
    private static volatile Sink sink;
    /** {@link #enabled} or a sink installed: the one flag every emitter tests first. */
    private static volatile boolean active = enabled;

    private SimJfr()
    {
    }

    /** @return true while SanSim's JFR events are being emitted (a timeline sink alone leaves it false) */
    public static boolean enabled()
    {
        return enabled;
    }

    /**
     * Turns the emitters on or off (a recording starts or stops).
     *
     * @param on true to emit
     */
    public static void enable(final boolean on)
    {
        enabled = on;
        active = on || sink != null;
    }

    /**
     * Installs the sink that receives every emission (a timeline being written) whether or not JFR records, or
     * removes it. One sink at a time per JVM.
     *
     * @param value the sink, or null for none
     */
    public static void sink(final Sink value)
    {
        sink = value;
        active = enabled || value != null;
    }

    /**
     * Receives the emitters' arguments as they happen, on the emitting partition's thread (so concurrently for
     * components of different partitions). Arguments are as the emitters' own; {@link #packet} gets the BTH's
     * opcode, destination QP and PSN, or -1 for a frame without a BTH.
     */
    public interface Sink
    {
        /** @see SimJfr#doorbell */
        void doorbell(long simTimePs, String component, int qpn, int wqeCounter);

        /** @see SimJfr#wqeFetch */
        void wqeFetch(long simTimePs, String component, int qpn, int wqeIndex, boolean cacheHit, boolean blueFlame);

        /** @see SimJfr#translationMiss */
        void translationMiss(long simTimePs, String component, boolean mpt, long line);

        /** @see SimJfr#dmaTransfer */
        void dmaTransfer(long simTimePs, String component, boolean gather, long bytes, long latencyPs);

        /** @see SimJfr#packet */
        void packet(long simTimePs, String component, boolean sent, int opcode, int destQp, int psn, int lengthBytes);

        /** @see SimJfr#cqe */
        void cqe(long simTimePs, String component, int cqn, int index);

        /** @see SimJfr#retransmission */
        void retransmission(long simTimePs, String component, int qpn, int psn);
    }

    /**
     * A send doorbell decoded.
     *
     * @param simTimePs  simulated time
     * @param component  the doorbell unit's name
     * @param qpn        the QP
     * @param wqeCounter the producer counter
     */
    public static void doorbell(final long simTimePs, final String component, final int qpn, final int wqeCounter)
    {
        if (!active)
        {
            return;
        }
        final Sink s = sink;
        if (s != null)
        {
            s.doorbell(simTimePs, component, qpn, wqeCounter);
        }
        if (!enabled)
        {
            return;
        }
        final DoorbellEvent e = new DoorbellEvent();
        if (e.shouldCommit())
        {
            e.simTimePs = simTimePs;
            e.component = component;
            e.qpn = qpn;
            e.wqeCounter = wqeCounter;
            e.commit();
        }
    }

    /**
     * A WQE handed to the transport.
     *
     * @param simTimePs  simulated time
     * @param component  the WQE fetcher's name
     * @param qpn        the QP
     * @param wqeIndex   the WQE's index
     * @param cacheHit   found in the WQE cache
     * @param blueFlame  written through BlueFlame
     */
    public static void wqeFetch(final long simTimePs, final String component, final int qpn, final int wqeIndex,
        final boolean cacheHit, final boolean blueFlame)
    {
        if (!active)
        {
            return;
        }
        final Sink s = sink;
        if (s != null)
        {
            s.wqeFetch(simTimePs, component, qpn, wqeIndex, cacheHit, blueFlame);
        }
        if (!enabled)
        {
            return;
        }
        final WqeFetchEvent e = new WqeFetchEvent();
        if (e.shouldCommit())
        {
            e.simTimePs = simTimePs;
            e.component = component;
            e.qpn = qpn;
            e.wqeIndex = wqeIndex;
            e.cacheHit = cacheHit;
            e.blueFlame = blueFlame;
            e.commit();
        }
    }

    /**
     * A translation cache miss.
     *
     * @param simTimePs  simulated time
     * @param component  the translation unit's name
     * @param mpt        true for the MPT cache, false for the MTT cache
     * @param line       the key index or table line missed
     */
    public static void translationMiss(final long simTimePs, final String component, final boolean mpt,
        final long line)
    {
        if (!active)
        {
            return;
        }
        final Sink s = sink;
        if (s != null)
        {
            s.translationMiss(simTimePs, component, mpt, line);
        }
        if (!enabled)
        {
            return;
        }
        final TranslationMissEvent e = new TranslationMissEvent();
        if (e.shouldCommit())
        {
            e.simTimePs = simTimePs;
            e.component = component;
            e.table = mpt ? "MPT" : "MTT";
            e.line = line;
            e.commit();
        }
    }

    /**
     * A DMA transfer completed.
     *
     * @param simTimePs  simulated time
     * @param component  the DMA engines' name
     * @param gather     true for a gather (host memory to NIC)
     * @param bytes      bytes moved
     * @param latencyPs  time since submission
     */
    public static void dmaTransfer(final long simTimePs, final String component, final boolean gather,
        final long bytes, final long latencyPs)
    {
        if (!active)
        {
            return;
        }
        final Sink s = sink;
        if (s != null)
        {
            s.dmaTransfer(simTimePs, component, gather, bytes, latencyPs);
        }
        if (!enabled)
        {
            return;
        }
        final DmaTransferEvent e = new DmaTransferEvent();
        if (e.shouldCommit())
        {
            e.simTimePs = simTimePs;
            e.component = component;
            e.gather = gather;
            e.bytes = bytes;
            e.latencyPs = latencyPs;
            e.commit();
        }
    }

    /**
     * A frame sent or received by a port. The BTH fields are read from the frame (RoCEv2 over IPv4 as the
     * model builds it) only when the event is committed.
     *
     * @param simTimePs  simulated time
     * @param component  the port's name
     * @param sent       true for a frame sent, false for one received
     * @param frame      the frame's buffer
     * @param offset     index of its first byte
     * @param length     its length in bytes
     */
    public static void packet(final long simTimePs, final String component, final boolean sent, final byte[] frame,
        final int offset, final int length)
    {
        if (!active)
        {
            return;
        }
        final boolean hasBth = length >= RoceFrame.EXTENSION_HEADERS_OFFSET;
        final int bth = offset + RoceFrame.BTH_OFFSET;
        final Sink s = sink;
        if (s != null)
        {
            s.packet(simTimePs, component, sent, hasBth ? frame[bth] & 0xFF : -1,
                hasBth ? u24(frame, bth + Bth.DEST_QP_OFFSET) : -1, hasBth ? u24(frame, bth + Bth.PSN_OFFSET) : -1,
                length);
        }
        if (!enabled)
        {
            return;
        }
        if (sent)
        {
            final PacketSentEvent e = new PacketSentEvent();
            if (e.shouldCommit())
            {
                e.simTimePs = simTimePs;
                e.component = component;
                e.opcode = hasBth ? frame[bth] & 0xFF : -1;
                e.destQp = hasBth ? u24(frame, bth + Bth.DEST_QP_OFFSET) : -1;
                e.psn = hasBth ? u24(frame, bth + Bth.PSN_OFFSET) : -1;
                e.lengthBytes = length;
                e.commit();
            }
            return;
        }
        final PacketReceivedEvent e = new PacketReceivedEvent();
        if (e.shouldCommit())
        {
            e.simTimePs = simTimePs;
            e.component = component;
            e.opcode = hasBth ? frame[bth] & 0xFF : -1;
            e.destQp = hasBth ? u24(frame, bth + Bth.DEST_QP_OFFSET) : -1;
            e.psn = hasBth ? u24(frame, bth + Bth.PSN_OFFSET) : -1;
            e.lengthBytes = length;
            e.commit();
        }
    }

    /**
     * A CQE written.
     *
     * @param simTimePs  simulated time
     * @param component  the completion unit's name
     * @param cqn        the CQ
     * @param index      the CQE's index
     */
    public static void cqe(final long simTimePs, final String component, final int cqn, final int index)
    {
        if (!active)
        {
            return;
        }
        final Sink s = sink;
        if (s != null)
        {
            s.cqe(simTimePs, component, cqn, index);
        }
        if (!enabled)
        {
            return;
        }
        final CqeEvent e = new CqeEvent();
        if (e.shouldCommit())
        {
            e.simTimePs = simTimePs;
            e.component = component;
            e.cqn = cqn;
            e.index = index;
            e.commit();
        }
    }

    /**
     * A request packet sent again.
     *
     * @param simTimePs  simulated time
     * @param component  the RC requester's name
     * @param qpn        the QP
     * @param psn        the PSN sent again
     */
    public static void retransmission(final long simTimePs, final String component, final int qpn, final int psn)
    {
        if (!active)
        {
            return;
        }
        final Sink s = sink;
        if (s != null)
        {
            s.retransmission(simTimePs, component, qpn, psn);
        }
        if (!enabled)
        {
            return;
        }
        final RetransmissionEvent e = new RetransmissionEvent();
        if (e.shouldCommit())
        {
            e.simTimePs = simTimePs;
            e.component = component;
            e.qpn = qpn;
            e.psn = psn;
            e.commit();
        }
    }

    /**
     * A connection-management step.
     *
     * @param simTimePs  simulated time
     * @param component  the connection manager's name
     * @param step       what happened ({@code "REP received"}, {@code "ESTABLISHED"}...)
     * @param localQpn   the local QP, or -1
     * @param remoteQpn  the remote QP, or -1
     */
    public static void connectionSetup(final long simTimePs, final String component, final String step,
        final int localQpn, final int remoteQpn)
    {
        if (!enabled)
        {
            return;
        }
        final ConnectionSetupEvent e = new ConnectionSetupEvent();
        if (e.shouldCommit())
        {
            e.simTimePs = simTimePs;
            e.component = component;
            e.step = step;
            e.localQpn = localQpn;
            e.remoteQpn = remoteQpn;
            e.commit();
        }
    }

    /**
     * A CM message sent, as a {@link #connectionSetup} step named after it ({@code "REQ sent"}...).
     *
     * @param simTimePs   simulated time
     * @param component   the connection manager's name
     * @param attributeId the CM attribute, 0x10 (REQ) .. 0x16 (DREP)
     * @param localQpn    the local QP, or -1
     * @param remoteQpn   the remote QP, or -1
     */
    public static void cmSent(final long simTimePs, final String component, final int attributeId,
        final int localQpn, final int remoteQpn)
    {
        if (!enabled)
        {
            return;
        }
        final int i = attributeId - CM_ATTRIBUTE_REQ;
        connectionSetup(simTimePs, component, i >= 0 && i < CM_SENT.length ? CM_SENT[i] : "CM message sent",
            localQpn, remoteQpn);
    }

    /**
     * A call into the WSD provider.
     *
     * @param simTimePs  simulated time (the calling thread's)
     * @param component  the provider's name
     * @param call       the SPI function, such as {@code "WSPSend"}
     * @param socket     the socket handle, or 0
     * @param bytes      the bytes the call names, or 0
     * @param result     the value returned
     */
    public static void wspCall(final long simTimePs, final String component, final String call, final long socket,
        final long bytes, final int result)
    {
        if (!enabled)
        {
            return;
        }
        final WspCallEvent e = new WspCallEvent();
        if (e.shouldCommit())
        {
            e.simTimePs = simTimePs;
            e.component = component;
            e.call = call;
            e.socket = socket;
            e.bytes = bytes;
            e.result = result;
            e.commit();
        }
    }

    private static int u24(final byte[] b, final int at)
    {
        return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | b[at + 2] & 0xFF;
    }
}
