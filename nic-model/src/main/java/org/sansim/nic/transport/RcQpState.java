package org.sansim.nic.transport;

import java.util.Arrays;

import org.sansim.hw.WqeOpcode;
import org.sansim.wire.RoceEndpoints;

/**
 * The per-QP state of the {@link RcTransport}, as a structure of arrays shared by its
 * {@link RcRequester}, {@link RcResponder} and {@link RcCompleter}.
 *
 * <p>Every per-QP array is indexed by QPN, below {@link #maxQps}; the send window arrays
 * ({@code w*}) by {@code qpn * window + (counter & windowMask)}, the SGE arrays of a window slot by
 * {@code slot * maxSges + i}; the translated segments are in per-QP {@link RcSegmentRing}s. Window counters
 * ({@link #sqHead}, {@link #sqSend}, {@link #sqTail}) are free-running. All arrays are allocated
 * here, once; nothing is allocated afterwards except a larger receive WQE buffer when a QP with a
 * larger RQ stride opens.
 *
 * <p>The fields are package-private and mutable by design: the three engines own disjoint parts of
 * them (requester: the window and the go-back-N state; completer: the acknowledged PSN; responder:
 * the expected PSN, the receive queue and the responder resources), and read the others.
 */
final class RcQpState
{
    /** The 24-bit PSN space. */
    static final int PSN_MASK = 0xFF_FFFF;
    /** The 16-bit WQE counters of CQEs and of the receive queue. */
    static final int COUNTER_MASK = 0xFFFF;
    /** No PSN saved. */
    static final int NONE = -1;
    /** Atomic results kept per QP to answer a duplicate atomic again. */
    static final int SAVED_ATOMICS = 16;

    // ---- per QP
    final int maxQps;
    final int maxSges;
    final int maxSegs;
    final boolean[] open;
    final RoceEndpoints[] path;
    final int[] mtu;

    // requester: window of send WQEs, counters are free-running
    final int window;
    final int windowMask;
    final int[] sqHead;
    final int[] sqSend;
    final int[] sqTail;
    final int[] wIndex;
    final int[] wOpcode;
    final boolean[] wSignalled;
    final long[] wLength;
    final int[] wImm;
    final int[] wRkey;
    final long[] wRemoteVa;
    final int[] wFirstPsn;
    final int[] wLastPsn;
    final int[] wSgeCount;
    final boolean[] wReadDone;
    final boolean[] wAckGot;
    final long[] wSwapAdd;
    final long[] wCompare;
    final boolean[] wInline;
    final int inlineMax;
    final byte[] inlineData;
    final long[] sgeAddr;
    final int[] sgeLen;
    final int[] sgeLkey;
    final int[] nextPsn;
    final int[] granted;
    final boolean[] fetcherErrored;
    final int[] ackedPsn;
    // the WQE being sent (at sqSend)
    final long[] sendOffset;
    // its local SGEs are translated chunk by chunk, from SGE xlatSge at byte xlatSgeOffset of it, into
    // sendSegs; xlatBytes is the message offset up to which they are translated, translated says every
    // chunk is, streaming that enough is translated to start sending (the whole message, or a full chunk
    // of pages or of bytes)
    final int[] xlatSge;
    final long[] xlatSgeOffset;
    final long[] xlatBytes;
    final boolean[] translated;
    final boolean[] streaming;
    final RcSegmentRing sendSegs;
    // counts resetSendTranslation calls, so that a translation finishing after a reset is dropped
    final int[] xlatGen;
    // READ responses expected by the requester
    final int[] readCursor;
    final long[] readOffset;
    // reliability: go-back-N state of the requester
    final int[] retriesLeft;
    final int[] rnrLeft;
    final boolean[] needRetry;
    final boolean[] rnrWait;
    final long[] resumeBytes;
    final int[] highPsn;
    // the requester waits for an ACK: its unacknowledged-PSN window is full
    final boolean[] psnStalled;

    // responder
    final int[] ePsn;
    final int[] donePsn;
    final boolean[] nakSent;
    final int[] epoch;
    final int[] msn;
    final int[] packetsSinceAck;
    final long[] wrVa;
    final long[] wrLen;
    final int[] wrRkey;
    final int[] rqConsumer;
    final int[] rqProducer;
    final boolean[] rqLoading;
    final boolean[] rqChecked;
    final boolean[] rwqeValid;
    final int[] rSgeCount;
    final long[] rSgeAddr;
    final int[] rSgeLen;
    final int[] rSgeLkey;
    final long[] recvOffset;
    final byte[][] rqBuf;
    // receive flush in ERROR: the record's receive counter read by DMA, then every WQE up to it
    final byte[] rqFlushBuf;
    final boolean[] rqFlushReading;
    final boolean[] rqFlushAgain;
    final int[] rqFlushProducer;
    final boolean[] rqFlushLeft;
    // responder READ: one response stream per QP
    final boolean[] rrActive;
    final long[] rrLength;
    final long[] rrOffset;
    final int[] rrPsn;
    // the READ's range (rkey, va) is translated chunk by chunk into readSegs: rrXlatBytes bytes of it so
    // far; rrStream counts streams, so that a translation finishing after its stream ended is dropped
    final int[] rrRkey;
    final long[] rrVa;
    final int[] rrRequestPsn;
    final long[] rrXlatBytes;
    final int[] rrStream;
    final RcSegmentRing readSegs;
    // responder resources: READs and atomics accepted and not yet answered
    final int[] rdPending;
    final boolean[] rrCounted;
    // the ATOMIC ACKNOWLEDGE waiting to be sent per QP, and the saved results
    final boolean[] aaPending;
    final boolean[] aaCounted;
    final int[] aaPsn;
    final long[] aaValue;
    final int[] savedPsn;
    final long[] savedValue;
    final int[] savedNext;
    // responder packets (READ responses, ATOMIC ACKNOWLEDGEs) in the transmit slots, not sent yet: the
    // QP's acknowledgements wait for them (RcAckQueue); not reset on open, as the slots are not either
    final int[] responsesUnsent;
    // pending ACK or NAK per QP
    final boolean[] ackPending;
    final int[] ackPsn;
    final int[] ackSyndrome;
    final int[] ackMsn;

    /**
     * Allocates the state of every QP.
     *
     * @param name the transport's component path, for diagnostics
     * @param params the transport's parameters, validated
     * @param maxInlineBytes the most inline bytes a send WQE carries (at least one byte is kept)
     */
    RcQpState(final String name, final RcTransportParams params, final int maxInlineBytes)
    {
        maxQps = params.maxQps();
        maxSges = params.maxSges();
        maxSegs = params.maxSegmentsPerMessage();
        final int n = maxQps;
        open = new boolean[n];
        path = new RoceEndpoints[n];
        mtu = new int[n];
        window = params.sendWindowWqes();
        windowMask = window - 1;
        final int w = n * window;
        sqHead = new int[n];
        sqSend = new int[n];
        sqTail = new int[n];
        wIndex = new int[w];
        wOpcode = new int[w];
        wSignalled = new boolean[w];
        wLength = new long[w];
        wImm = new int[w];
        wRkey = new int[w];
        wRemoteVa = new long[w];
        wFirstPsn = new int[w];
        wLastPsn = new int[w];
        wSgeCount = new int[w];
        wReadDone = new boolean[w];
        wAckGot = new boolean[w];
        wSwapAdd = new long[w];
        wCompare = new long[w];
        wInline = new boolean[w];
        inlineMax = Math.max(1, maxInlineBytes);
        inlineData = new byte[w * inlineMax];
        sgeAddr = new long[w * maxSges];
        sgeLen = new int[w * maxSges];
        sgeLkey = new int[w * maxSges];
        nextPsn = new int[n];
        granted = new int[n];
        fetcherErrored = new boolean[n];
        ackedPsn = new int[n];
        sendOffset = new long[n];
        xlatSge = new int[n];
        xlatSgeOffset = new long[n];
        xlatBytes = new long[n];
        translated = new boolean[n];
        streaming = new boolean[n];
        sendSegs = new RcSegmentRing(name + ".requester", n, maxSegs);
        xlatGen = new int[n];
        readCursor = new int[n];
        readOffset = new long[n];
        retriesLeft = new int[n];
        rnrLeft = new int[n];
        needRetry = new boolean[n];
        rnrWait = new boolean[n];
        resumeBytes = new long[n];
        highPsn = new int[n];
        psnStalled = new boolean[n];

        ePsn = new int[n];
        donePsn = new int[n];
        nakSent = new boolean[n];
        epoch = new int[n];
        msn = new int[n];
        packetsSinceAck = new int[n];
        wrVa = new long[n];
        wrLen = new long[n];
        wrRkey = new int[n];
        rqConsumer = new int[n];
        rqProducer = new int[n];
        rqLoading = new boolean[n];
        rqChecked = new boolean[n];
        rwqeValid = new boolean[n];
        rSgeCount = new int[n];
        rSgeAddr = new long[n * maxSges];
        rSgeLen = new int[n * maxSges];
        rSgeLkey = new int[n * maxSges];
        recvOffset = new long[n];
        rqBuf = new byte[n][];
        rqFlushBuf = new byte[4 * n];
        rqFlushReading = new boolean[n];
        rqFlushAgain = new boolean[n];
        rqFlushProducer = new int[n];
        rqFlushLeft = new boolean[n];
        rrActive = new boolean[n];
        rrLength = new long[n];
        rrOffset = new long[n];
        rrPsn = new int[n];
        rrRkey = new int[n];
        rrVa = new long[n];
        rrRequestPsn = new int[n];
        rrXlatBytes = new long[n];
        rrStream = new int[n];
        readSegs = new RcSegmentRing(name + ".responder", n, maxSegs);
        rdPending = new int[n];
        rrCounted = new boolean[n];
        aaPending = new boolean[n];
        aaCounted = new boolean[n];
        aaPsn = new int[n];
        aaValue = new long[n];
        savedPsn = new int[n * SAVED_ATOMICS];
        savedValue = new long[n * SAVED_ATOMICS];
        savedNext = new int[n];
        Arrays.fill(savedPsn, NONE);
        responsesUnsent = new int[n];
        ackPending = new boolean[n];
        ackPsn = new int[n];
        ackSyndrome = new int[n];
        ackMsn = new int[n];
    }

    /**
     * Forgets the translation of the WQE being sent: the next packet starts translating its SGEs again
     * (from {@code xlatSge} and {@code xlatSgeOffset}, which the caller sets if not from the start).
     *
     * @param q the QP
     */
    void resetSendTranslation(final int q)
    {
        xlatSge[q] = 0;
        xlatSgeOffset[q] = 0;
        xlatBytes[q] = 0;
        translated[q] = false;
        streaming[q] = false;
        sendSegs.reset(q);
        xlatGen[q]++;
    }

    /**
     * @param op a {@link WqeOpcode} code
     * @return whether the WQE waits for response data: a READ or an atomic
     */
    static boolean readLike(final int op)
    {
        return op == WqeOpcode.RDMA_READ.code() || op == WqeOpcode.ATOMIC_CS.code() || op == WqeOpcode.ATOMIC_FA.code();
    }

    /**
     * @param a a PSN
     * @param b a PSN
     * @return {@code a - b} in the 24-bit PSN space, as a signed distance
     */
    static int psnDiff(final int a, final int b)
    {
        return ((a - b) << 8) >> 8;
    }
}
