package org.sansim.provider.sockets;

import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.HostEvent;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * One connected SAN socket's session: the switch's side of the session protocol (wsd-spi.md §1.5,
 * §1.6) over the provider's {@code WSPSend}/{@code WSPRecv}. It owns the two registered control
 * buffer regions (one of receive buffers, one of send buffers), keeps every receive buffer posted
 * except those holding data the application has not read, counts credits, and processes arriving
 * control messages in the order their receives were posted.
 *
 * <p><b>Credits.</b> A message may be sent only into a receive buffer the peer has posted: the
 * negotiation tells each side how many the other posted, every header returns the buffers re-posted
 * since the last message, and a credit is spent per message. Messages of the application's stream
 * ({@link ControlMessage#stream}) need two credits, so the last one is always left for the control
 * messages that let a transfer finish (a sink, a "done", a credit update). A side sends a message of
 * credits alone when half its buffers wait to be advertised, or when the peer may be out of credits
 * and buffers freed by anything but a credit message are waiting; credit messages alone never cause
 * another, so two idle sides cannot bounce credits forever.
 *
 * <p><b>Waiting.</b> Every request the session gives the provider carries the session's event in
 * {@code hEvent} (low bit clear), so the provider's completion upcall wakes the thread waiting in
 * {@link #waitFor}. Progress happens in the calling thread: a side whose application makes no call
 * processes nothing, as a receiver that stops reading stops its sender.
 *
 * <p>Steady state allocates nothing: overlapped structures, buffers and holders are per session.
 */
final class Session
{
    static final int READY_STREAM_SLOT = 1;
    static final int READY_CONTROL_SLOT = 2;
    static final int READY_DATA = 3;
    static final int READY_SINK = 4;
    static final int READY_RDMA_DONE = 5;
    static final int READY_WRITE_DONE = 6;
    static final int READY_RDMA_OP = 7;
    static final int READY_SENDS_DRAINED = 8;
    static final int READY_HELLO = 9;
    static final int READY_SUSPEND_ACK = 10;

    final ProviderView p;
    final long san;
    final int slotBytes;
    final int recvCount;
    final int sendCount;
    final long recvBase;
    final long sendBase;
    /** Private scratch for RDMA descriptors the switch registers (withdrawn from there). */
    final long descScratch;
    final RegistrationCache cache;
    private final long eventHandle;
    private final HostEvent event;
    private final WSAOVERLAPPED[] recvOv;
    private final WSAOVERLAPPED[] sendOv;
    final WSAOVERLAPPED rdmaOv = new WSAOVERLAPPED();
    private final WSABUF[] buf1 = {new WSABUF(0, 0)};
    final IntHolder err = new IntHolder();
    final IntHolder bytesHolder = new IntHolder();
    final IntHolder flagsHolder = new IntHolder();
    final IntHolder descLength = new IntHolder();
    private final IntHolder ignored = new IntHolder();
    private final int[] posted;
    private int postedHead;
    private int postedCount;
    private final int[] stream;
    private int streamHead;
    private int streamCount;
    /** Bytes of the stream's first message the application has consumed. */
    int consumed;
    private int sendNext;
    private int sendInFlight;
    int credits;
    private int unadvertised;
    private int usefulUnadvertised;
    private long advertisedTotal;
    private long receivedTotal;
    private long sentTotal;
    boolean peerRdmaRead;
    int peerSlotBytes;
    int descBytes;
    int thresholdBytes;
    long maxRdmaBytes;
    int sinkSlot = -1;
    long rdmaDoneBytes;
    /** What {@link #READY_RDMA_DONE} waits for: bytes the peer must report read. */
    long rdmaDoneTarget;
    long writeDoneBytes = -1;
    int error;
    boolean shutdownSent;
    boolean largeSendActive;
    private boolean helloReceived;
    private boolean resuming;
    private boolean resumeRequested;
    private boolean peerSuspendRequested;
    private boolean suspendAcked;
    /** This side stopped sending for the peer's duplication, until its RESUME. */
    private boolean suspended;
    /** The session moved to another process: completions here are the provider's flush. */
    private boolean duplicated;
    final byte[] oob = new byte[64];
    int oobCount;
    byte[] carry = new byte[0];
    int carryOffset;
    boolean carryShutdown;

    /**
     * Allocates the control regions and registers them; posts nothing yet.
     *
     * @param p the provider and process
     * @param san the provider's connected socket
     * @param recvCount receive buffers to post
     * @param sendCount send buffers
     */
    Session(final ProviderView p, final long san, final int recvCount, final int sendCount)
    {
        this.p = p;
        this.san = san;
        this.slotBytes = p.params.controlBufferBytes();
        this.recvCount = recvCount;
        this.sendCount = sendCount;
        this.recvBase = allocate(p.process, (long)slotBytes * recvCount);
        this.sendBase = allocate(p.process, (long)slotBytes * sendCount);
        this.descScratch = allocate(p.process, 4096);
        this.cache = new RegistrationCache(p, p.params.registrationCacheEntries());
        this.eventHandle = p.upcalls.createEvent(ignored);
        this.event = p.upcalls.event(eventHandle);
        this.recvOv = overlapped(recvCount);
        this.sendOv = overlapped(sendCount);
        this.rdmaOv.hEvent = eventHandle;
        this.posted = new int[recvCount];
        this.stream = new int[recvCount + 1];
    }

    private WSAOVERLAPPED[] overlapped(final int n)
    {
        final WSAOVERLAPPED[] ov = new WSAOVERLAPPED[n];
        for (int i = 0; i < n; i++)
        {
            ov[i] = new WSAOVERLAPPED();
            ov[i].hEvent = eventHandle;
        }
        return ov;
    }

    private static long allocate(final SimProcess process, final long bytes)
    {
        final long va = process.allocate(bytes, PageSize.SIZE_4K, Access.READ_WRITE);
        if (va == SimProcess.NO_MEMORY)
        {
            throw new IllegalStateException("no memory for " + bytes + " bytes of control buffers in " + process);
        }
        return va;
    }

    long recvSlot(final int slot)
    {
        return recvBase + (long)slot * slotBytes;
    }

    long sendSlot(final int slot)
    {
        return sendBase + (long)slot * slotBytes;
    }

    /**
     * Registers both regions ({@code WSPRegisterMemory}, through the provider's cache) and posts
     * every receive buffer.
     *
     * @return 0 or the provider's error
     */
    int start()
    {
        p.stats.registrations.add(2);
        if (p.registerMemory.WSPRegisterMemory(san, recvBase, slotBytes * recvCount, Winsock.MEM_READWRITE, err) == 0
            || p.registerMemory.WSPRegisterMemory(san, sendBase, slotBytes * sendCount, Winsock.MEM_READWRITE,
                err) == 0)
        {
            return err.value;
        }
        for (int i = 0; i < recvCount; i++)
        {
            postRecv(i);
        }
        advertisedTotal = recvCount;
        return error;
    }

    // ---------------------------------------------------------------------------------------------
    // Negotiation and duplication

    /**
     * Session negotiation: the connecting side sends its HELLO first, the accepting side replies
     * once it has the connecting side's; each tells the other how many receive buffers it posted,
     * its buffer size and whether its provider offers {@code WSPRdmaRead}.
     *
     * @param connecting whether this is the connecting side
     * @return 0 or the error that ended the session
     */
    int negotiate(final boolean connecting)
    {
        if (connecting)
        {
            sendAbsolute(ControlMessage.HELLO);
        }
        if (!waitFor(READY_HELLO))
        {
            return error;
        }
        if (!connecting)
        {
            sendAbsolute(ControlMessage.HELLO);
        }
        return error;
    }

    /** HELLO or RESUME: buffers free now, buffer size, capabilities, and how many messages were seen. */
    private void sendAbsolute(final int type)
    {
        final int slot = sendNext;
        final long va = sendSlot(slot);
        p.cpu(p.params.messagePs());
        // Every posted buffer is free: the peer sends nothing while it waits for this message.
        final int free = postedCount;
        ControlMessage.write(p.memory, va, type, p.rdmaRead != null ? ControlMessage.FLAG_RDMA_READ : 0, free, 0,
            slotBytes, 0, (int)receivedTotal);
        unadvertised = 0;
        usefulUnadvertised = 0;
        advertisedTotal = receivedTotal + free;
        post(slot, ControlMessage.HEADER_BYTES);
    }

    /**
     * The duplicating side: waits for its sends, asks the peer to suspend, waits for its answer,
     * then keeps what the application has not read (copied out of the control buffers) for the
     * process that takes the socket over.
     *
     * @return 0, {@code WSAEINPROGRESS} if a block announced for RDMA is still unread, or the
     *     session's error
     */
    int suspend()
    {
        if (!waitFor(READY_CONTROL_SLOT))
        {
            return error;
        }
        sendControl(ControlMessage.SUSPEND, 0, 0, 0);
        if (!waitFor(READY_SUSPEND_ACK) || !waitFor(READY_SENDS_DRAINED))
        {
            return error;
        }
        int bytes = carry.length - carryOffset;
        for (int i = 0; i < streamCount; i++)
        {
            final int slot = stream[(streamHead + i) % stream.length];
            if (slot >= 0)
            {
                final int type = ControlMessage.type(p.memory, recvSlot(slot));
                if (type != ControlMessage.DATA)
                {
                    return WinsockError.WSAEINPROGRESS;
                }
                bytes += ControlMessage.payloadBytes(p.memory, recvSlot(slot)) - (i == 0 ? consumed : 0);
            }
        }
        final byte[] kept = new byte[bytes];
        int at = carry.length - carryOffset;
        System.arraycopy(carry, carryOffset, kept, 0, at);
        while (streamCount > 0)
        {
            final int slot = stream[streamHead];
            if (slot < 0)
            {
                carryShutdown = true;
            }
            else
            {
                final long va = recvSlot(slot);
                final int n = ControlMessage.payloadBytes(p.memory, va) - consumed;
                p.copyOut(ControlMessage.payload(va) + consumed, kept, at, n);
                at += n;
            }
            streamHead = (streamHead + 1) % stream.length;
            streamCount--;
            consumed = 0;
        }
        carry = kept;
        carryOffset = 0;
        duplicated = true;
        cache.clear(san);
        return 0;
    }

    /**
     * The process taking a duplicated socket over: posts its own receive buffers and resumes the
     * session with a RESUME, which the peer answers with its own.
     *
     * @param from the session of the old process (its carried-over data and negotiated state)
     * @return 0 or the error
     */
    int resume(final Session from)
    {
        carry = from.carry;
        carryOffset = from.carryOffset;
        carryShutdown = from.carryShutdown;
        shutdownSent = from.shutdownSent;
        descBytes = from.descBytes;
        thresholdBytes = from.thresholdBytes;
        maxRdmaBytes = from.maxRdmaBytes;
        final int rc = start();
        if (rc != 0)
        {
            return rc;
        }
        resuming = true;
        sendAbsolute(ControlMessage.RESUME);
        if (!waitFor(READY_HELLO))
        {
            return error;
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Progress

    /** Reaps finished sends and processes every control message received, in posting order. */
    void progress()
    {
        while (sendInFlight > 0)
        {
            final WSAOVERLAPPED ov = sendOv[(sendNext - sendInFlight + sendCount) % sendCount];
            if (ov.Internal == Winsock.WSS_OPERATION_IN_PROGRESS)
            {
                break;
            }
            sendInFlight--;
            if (ov.Internal != 0 && !duplicated)
            {
                latch(ov.Internal);
            }
        }
        while (postedCount > 0)
        {
            final int slot = posted[postedHead];
            final WSAOVERLAPPED ov = recvOv[slot];
            if (ov.Internal == Winsock.WSS_OPERATION_IN_PROGRESS)
            {
                break;
            }
            postedHead = (postedHead + 1) % recvCount;
            postedCount--;
            handle(slot, ov.Internal, ov.InternalHigh);
        }
    }

    private void handle(final int slot, final int status, final int bytes)
    {
        if (duplicated)
        {
            return;
        }
        if (status != 0 || bytes < ControlMessage.HEADER_BYTES)
        {
            latch(status != 0 ? status : WinsockError.WSAECONNABORTED);
            return;
        }
        p.cpu(p.params.messagePs());
        p.stats.controlMessagesReceived.increment();
        receivedTotal++;
        final long va = recvSlot(slot);
        final int type = ControlMessage.type(p.memory, va);
        final int c = ControlMessage.credits(p.memory, va);
        if (type == ControlMessage.HELLO || type == ControlMessage.RESUME)
        {
            credits = c - (int)(sentTotal - ControlMessage.offset(p.memory, va));
            peerRdmaRead = (ControlMessage.flags(p.memory, va) & ControlMessage.FLAG_RDMA_READ) != 0;
            peerSlotBytes = ControlMessage.totalBytes(p.memory, va);
            helloReceived = true;
            if (type == ControlMessage.RESUME && !resuming)
            {
                resumeRequested = true;
            }
            resuming = false;
            release(slot, false);
            return;
        }
        credits += c;
        switch (type)
        {
            case ControlMessage.DATA:
            case ControlMessage.SRC_AVAIL:
            case ControlMessage.WRITE_REQ:
                enqueue(slot);
                break;
            case ControlMessage.URGENT:
            {
                final int n = Math.min(ControlMessage.payloadBytes(p.memory, va), oob.length - oobCount);
                p.copyOut(ControlMessage.payload(va), oob, oobCount, n);
                oobCount += n;
                release(slot, true);
                break;
            }
            case ControlMessage.SHUTDOWN:
                enqueue(-1);
                release(slot, true);
                break;
            case ControlMessage.RDMA_DONE:
                rdmaDoneBytes += ControlMessage.totalBytes(p.memory, va);
                release(slot, true);
                break;
            case ControlMessage.SINK_AVAIL:
                sinkSlot = slot;
                break;
            case ControlMessage.WRITE_DONE:
                writeDoneBytes = ControlMessage.totalBytes(p.memory, va);
                release(slot, true);
                break;
            case ControlMessage.CREDIT:
                release(slot, false);
                break;
            case ControlMessage.SUSPEND:
                peerSuspendRequested = true;
                release(slot, true);
                break;
            case ControlMessage.SUSPEND_ACK:
                suspendAcked = true;
                release(slot, true);
                break;
            default:
                latch(WinsockError.WSAECONNABORTED);
        }
    }

    private void latch(final int status)
    {
        if (error == 0)
        {
            error = status == WinsockError.WSA_OPERATION_ABORTED ? WinsockError.WSAECONNRESET : status;
        }
    }

    private void enqueue(final int slot)
    {
        stream[(streamHead + streamCount) % stream.length] = slot;
        streamCount++;
    }

    /** @return the stream's first held message's buffer, -1 for the end of the stream, -2 for none */
    int streamHead()
    {
        return streamCount == 0 ? -2 : stream[streamHead];
    }

    /** Drops the stream's first message (fully consumed) and re-posts its buffer. */
    void popStream()
    {
        final int slot = stream[streamHead];
        streamHead = (streamHead + 1) % stream.length;
        streamCount--;
        consumed = 0;
        if (slot >= 0)
        {
            release(slot, true);
        }
    }

    /** @return whether the stream's first message is the end of the stream */
    boolean atEnd()
    {
        return streamCount > 0 && stream[streamHead] < 0;
    }

    /**
     * Re-posts a receive buffer, owing the peer a credit for it.
     *
     * @param slot the buffer
     * @param useful whether it held more than a credit message
     */
    void release(final int slot, final boolean useful)
    {
        unadvertised++;
        if (useful)
        {
            usefulUnadvertised++;
        }
        postRecv(slot);
    }

    private void postRecv(final int slot)
    {
        posted[(postedHead + postedCount) % recvCount] = slot;
        postedCount++;
        buf1[0].buf = recvSlot(slot);
        buf1[0].len = slotBytes;
        final int rc = p.procs.lpWSPRecv.WSPRecv(san, buf1, 1, ignored, flagsHolder, recvOv[slot], null, null, err);
        if (rc != 0 && err.value != WinsockError.WSA_IO_PENDING)
        {
            latch(err.value);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Sending

    /** @return the send buffer the next message goes into (after {@link #waitFor} a slot) */
    int nextSlot()
    {
        return sendNext;
    }

    /**
     * @return the most payload one message may carry: what fits the smaller of this side's send
     *     buffers and the peer's receive buffers
     */
    int maxPayload()
    {
        return Math.min(slotBytes, peerSlotBytes) - ControlMessage.HEADER_BYTES;
    }

    /**
     * Sends the message built in the next send buffer, returning every credit owed.
     *
     * @param type its type
     * @param payloadBytes payload already in place
     * @param totalBytes the type's size field
     * @param descBytesInMessage descriptor bytes after the payload
     * @param offset the type's offset field
     */
    void send(final int type, final int payloadBytes, final int totalBytes, final int descBytesInMessage,
        final int offset)
    {
        final int slot = sendNext;
        p.cpu(p.params.messagePs());
        ControlMessage.write(p.memory, sendSlot(slot), type, 0, unadvertised, payloadBytes, totalBytes,
            descBytesInMessage, offset);
        advertisedTotal += unadvertised;
        unadvertised = 0;
        usefulUnadvertised = 0;
        if (--credits < 0)
        {
            throw new IllegalStateException("credits went negative sending " + ControlMessage.name(type));
        }
        if (type == ControlMessage.CREDIT)
        {
            p.stats.creditUpdates.increment();
        }
        post(slot, ControlMessage.HEADER_BYTES + payloadBytes + descBytesInMessage);
    }

    /** Sends a message of a header only. */
    void sendControl(final int type, final int totalBytes, final int offset, final int payloadBytes)
    {
        send(type, payloadBytes, totalBytes, 0, offset);
    }

    private void post(final int slot, final int length)
    {
        sendNext = (sendNext + 1) % sendCount;
        sendInFlight++;
        sentTotal++;
        p.stats.controlMessagesSent.increment();
        buf1[0].buf = sendSlot(slot);
        buf1[0].len = length;
        final int rc = p.procs.lpWSPSend.WSPSend(san, buf1, 1, ignored, 0, sendOv[slot], null, null, err);
        if (rc != 0 && err.value != WinsockError.WSA_IO_PENDING)
        {
            sendOv[slot].Internal = err.value;
            latch(err.value);
        }
    }

    /**
     * Sends what the session owes the peer without being asked: the answer to a suspend request
     * (once this side has no transfer of its own under way), to a resume, and credits.
     */
    void service()
    {
        if (error != 0 || duplicated)
        {
            return;
        }
        if (resumeRequested && sendInFlight < sendCount)
        {
            resumeRequested = false;
            suspended = false;
            sendAbsolute(ControlMessage.RESUME);
        }
        if (peerSuspendRequested && !largeSendActive && credits >= 1 && sendInFlight < sendCount)
        {
            peerSuspendRequested = false;
            sendControl(ControlMessage.SUSPEND_ACK, 0, 0, 0);
            suspended = true;
            return;
        }
        if (suspended || unadvertised == 0 || credits < 1 || sendInFlight >= sendCount)
        {
            return;
        }
        final long peerBound = advertisedTotal - receivedTotal;
        if (unadvertised >= recvCount / 2 || (peerBound <= 1 && usefulUnadvertised > 0))
        {
            sendControl(ControlMessage.CREDIT, 0, 0, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Waiting

    private boolean ready(final int what)
    {
        return switch (what)
        {
            case READY_STREAM_SLOT -> !suspended && sendInFlight < sendCount && credits >= 2;
            case READY_CONTROL_SLOT -> !suspended && sendInFlight < sendCount && credits >= 1;
            case READY_DATA -> streamCount > 0 || carryOffset < carry.length || carryShutdown;
            case READY_SINK -> sinkSlot >= 0;
            case READY_RDMA_DONE -> rdmaDoneBytes >= rdmaDoneTarget;
            case READY_WRITE_DONE -> writeDoneBytes >= 0;
            case READY_RDMA_OP -> rdmaOv.Internal != Winsock.WSS_OPERATION_IN_PROGRESS;
            case READY_SENDS_DRAINED -> sendInFlight == 0;
            case READY_HELLO -> helloReceived && !resuming;
            case READY_SUSPEND_ACK -> suspendAcked;
            default -> throw new IllegalArgumentException("no condition " + what);
        };
    }


    /**
     * Blocks the calling simulated thread until a condition holds or the session fails, making
     * progress and paying what it owes while it waits.
     *
     * @param what one of the {@code READY_*} conditions
     * @return whether the condition holds (false: {@link #error} is set)
     */
    boolean waitFor(final int what)
    {
        final boolean forCredit = what == READY_STREAM_SLOT || what == READY_CONTROL_SLOT;
        long waitedFromPs = -1;
        while (true)
        {
            event.reset();
            progress();
            if (ready(what))
            {
                break;
            }
            if (error != 0 && what != READY_RDMA_OP)
            {
                return false;
            }
            service();
            if (ready(what))
            {
                break;
            }
            final SimThread self = SimThread.current();
            if (forCredit && waitedFromPs < 0 && credits < (what == READY_STREAM_SLOT ? 2 : 1))
            {
                p.stats.creditWaits.increment();
                waitedFromPs = self.nowPs();
            }
            event.await(self);
        }
        if (waitedFromPs >= 0)
        {
            p.stats.creditWaitPs.add(SimThread.current().nowPs() - waitedFromPs);
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Closing

    /**
     * Graceful close: the end of the stream goes after everything sent, the sends finish, cached
     * registrations are dropped, then the provider's socket closes and the control regions go.
     */
    void close()
    {
        if (!duplicated && error == 0 && !shutdownSent && waitFor(READY_CONTROL_SLOT))
        {
            shutdownSent = true;
            sendControl(ControlMessage.SHUTDOWN, 0, 0, 0);
        }
        if (!duplicated && error == 0)
        {
            waitFor(READY_SENDS_DRAINED);
        }
        if (!duplicated)
        {
            cache.clear(san);
        }
        p.procs.lpWSPCloseSocket.WSPCloseSocket(san, ignored);
        p.evict(recvBase, (long)slotBytes * recvCount);
        p.evict(sendBase, (long)slotBytes * sendCount);
        p.upcalls.closeEvent(eventHandle);
    }

    /** @return receive buffers posted now */
    int postedReceives()
    {
        return postedCount;
    }

    /** @return whether this side is held by the peer's duplication */
    boolean suspended()
    {
        return suspended;
    }
}
