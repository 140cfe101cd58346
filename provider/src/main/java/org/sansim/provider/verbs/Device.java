package org.sansim.provider.verbs;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.sansim.host.FrameAllocator;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.SimThread;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
import org.sansim.hw.EqeType;
import org.sansim.hw.QpState;
import org.sansim.hw.UarLayout;
import org.sansim.pcie.PcieRootComplex;
import org.sansim.provider.driver.kernel.DeviceCapabilities;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.driver.kernel.KernelDriver;
import org.sansim.provider.driver.kernel.KernelDriverParams;
import org.sansim.provider.driver.kernel.QpAttributes;
import org.sansim.provider.driver.kernel.QueueMemory;
import org.sansim.provider.driver.user.CpuMeter;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.driver.user.QueuePairLayout;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.UserCompletionQueue;
import org.sansim.provider.driver.user.UserQueuePair;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.sim.EventLoop;
import org.sansim.stats.StatsRegistry;

/**
 * An opened RDMA device ({@code ibv_context} with one protection domain): the kernel-mode driver for
 * the control path (bring-up, CQs, QPs, their transitions, registration) and the user-mode driver
 * for the data path (post, poll, arm). It reaches the NIC only through host memory and MMIO.
 *
 * <p><b>Events.</b> The device's one EQ has an MSI-X vector of its own
 * ({@link KernelDriver#allocateVector}) and is armed once it is created. Its interrupt handler, run
 * by the host's interrupt controller on the host's event loop, drains the EQ: for each COMPLETION EQE
 * the CQ's arm sequence advances and the handler given to {@link #reqNotifyCq} runs once. It then
 * reports the EQ's consumer index and re-arms the EQ in one doorbell through the kernel's UAR page
 * (0). Nothing runs while no event arrives; an event reaches its handler the interrupt controller's
 * delivery latency after the MSI-X write arrives.
 *
 * <p>One user page (UAR {@value #UAR_INDEX}) serves every QP and CQ; every QP uses BlueFlame
 * register 0 when BlueFlame is enabled. Runs on the host's partition; callbacks run there.
 */
public final class Device
{
    /** The UAR page used by every queue. */
    public static final int UAR_INDEX = 1;
    private static final int LOG_MPT = 10;
    private static final int LOG_MTT = 16;
    private static final int LOG_EQ = 6;
    private static final int LOG_RQ_STRIDE = 6;
    private static final int MAX_QPS_PER_CQ = 16;

    private final String name;
    private final EventLoop loop;
    private final PcieRootComplex rc;
    private final long uarAddress;
    private final long mac;
    private final int ipv4;
    private final int pd;
    private final int maxSendWqeUnits;
    private final HostCpuCosts costs;
    private final CpuMeter meter = new CpuMeter();
    private final KernelDriver kernel;
    private final IntConsumer qpReady;
    private final Map<Integer, CompletionQueue> cqs = new HashMap<>();
    private final EqeFlyweight eqe = new EqeFlyweight();
    private int eqn = -1;
    private int vector = -1;
    private long eqRingPa;
    private int eqConsumer;
    private long interruptsHandled;
    private int nextPsnSeed;
    private int rdAtomic;
    private int retryCount = 7;
    private int rnrRetry = 7;
    private int timeoutCode = 14;
    /** The recording tap of every device, or null (the default): see {@link VerbsTap}. */
    private static volatile VerbsTap tap;

    /**
     * @param name component path, such as {@code "node0.verbs"}
     * @param loop the host partition's event loop
     * @param rc the host's end of the NIC's PCIe link
     * @param kernelFrames the host's frames for rings and tables
     * @param bar0Address bus address of the NIC's BAR 0
     * @param bar2Address bus address of the NIC's BAR 2
     * @param mac this port's MAC address, given to peers
     * @param ipv4 this port's IPv4 address, given to peers
     * @param pd the protection domain of every QP and region
     * @param maxSendWqeUnits the device's {@code MAX_SEND_WQE_UNITS}
     * @param costs the user-mode driver's CPU costs
     * @param qpReady told the QPN when a QP reaches RTS (the transport opens it), or {@code null}
     * @param stats where statistics go
     */
    public Device(final String name, final EventLoop loop, final PcieRootComplex rc, final FrameAllocator kernelFrames,
        final long bar0Address, final long bar2Address, final long mac, final int ipv4, final int pd,
        final int maxSendWqeUnits, final HostCpuCosts costs, final IntConsumer qpReady, final StatsRegistry stats)
    {
        this(name, loop, rc, kernelFrames, bar0Address, bar2Address, mac, ipv4, pd, maxSendWqeUnits, costs,
            KernelDriverParams.defaults(), qpReady, stats);
    }

    /**
     * @param name component path, such as {@code "node0.verbs"}
     * @param loop the host partition's event loop
     * @param rc the host's end of the NIC's PCIe link
     * @param kernelFrames the host's frames for rings and tables
     * @param bar0Address bus address of the NIC's BAR 0
     * @param bar2Address bus address of the NIC's BAR 2
     * @param mac this port's MAC address, given to peers
     * @param ipv4 this port's IPv4 address, given to peers
     * @param pd the protection domain of every QP and region
     * @param maxSendWqeUnits the device's {@code MAX_SEND_WQE_UNITS}
     * @param costs the user-mode driver's CPU costs
     * @param kernelParams the kernel-mode driver's parameters
     * @param qpReady told the QPN when a QP reaches RTS (the transport opens it), or {@code null}
     * @param stats where statistics go
     */
    public Device(final String name, final EventLoop loop, final PcieRootComplex rc, final FrameAllocator kernelFrames,
        final long bar0Address, final long bar2Address, final long mac, final int ipv4, final int pd,
        final int maxSendWqeUnits, final HostCpuCosts costs, final KernelDriverParams kernelParams,
        final IntConsumer qpReady, final StatsRegistry stats)
    {
        this.name = name;
        this.loop = loop;
        this.rc = rc;
        this.uarAddress = bar2Address + (long)UAR_INDEX * UarLayout.LENGTH_BYTES;
        this.mac = mac;
        this.ipv4 = ipv4;
        this.pd = pd;
        this.maxSendWqeUnits = maxSendWqeUnits;
        this.costs = costs;
        this.qpReady = qpReady;
        this.nextPsnSeed = ipv4 * 0x9E37_79B1;
        kernel = new KernelDriver(name + ".kdriver", kernelParams, loop, rc, kernelFrames,
            bar0Address, bar2Address, stats);
    }

    /**
     * Brings the device up, takes an MSI-X vector, creates its EQ on that vector and arms it.
     *
     * @param callback told this device
     */
    public void open(final VerbsCallback<Device> callback)
    {
        kernel.initialise(LOG_MPT, LOG_MTT, (status, cs, v) ->
        {
            if (status != DriverStatus.OK)
            {
                callback.onDone(status, null);
                return;
            }
            vector = kernel.allocateVector(this::onInterrupt);
            if (vector < 0)
            {
                callback.onDone(DriverStatus.OUT_OF_MEMORY, null);
                return;
            }
            kernel.createEq(LOG_EQ, vector, EqeType.COMPLETION.maskBit() | EqeType.QP_ERROR.maskBit()
                | EqeType.CQ_ERROR.maskBit(), (s, c, e) ->
            {
                if (s == DriverStatus.OK)
                {
                    eqn = e;
                    eqRingPa = kernel.eq(e).ringPa();
                    kernel.eqDoorbell(eqn, eqConsumer, true);
                }
                callback.onDone(s, s == DriverStatus.OK ? this : null);
            });
        });
    }

    /**
     * Creates a CQ ({@code ibv_create_cq}).
     *
     * @param logSize log2 of its CQEs
     * @param callback told the CQ
     */
    public void createCq(final int logSize, final VerbsCallback<CompletionQueue> callback)
    {
        kernel.createCq(logSize, eqn, UAR_INDEX, (status, cs, cqn) ->
        {
            if (status != DriverStatus.OK)
            {
                callback.onDone(status, null);
                return;
            }
            final QueueMemory q = kernel.cq(cqn);
            final CompletionQueue cq = new CompletionQueue(cqn, new UserCompletionQueue(rc.memory(), rc, cqn,
                q.ringPa(), logSize, q.doorbellRecordPa(), uarAddress, MAX_QPS_PER_CQ, costs, meter));
            cqs.put(cqn, cq);
            callback.onDone(status, cq);
        });
    }

    /**
     * Creates an RC QP in RESET ({@code ibv_create_qp}).
     *
     * @param sendCq the CQ of send completions
     * @param recvCq the CQ of receive completions
     * @param logSqBlocks log2 of the send ring's 64-byte blocks
     * @param logRqSize log2 of the receive ring's WQEs (of up to 4 SGEs)
     * @param callback told the QP
     */
    public void createQp(final CompletionQueue sendCq, final CompletionQueue recvCq, final int logSqBlocks,
        final int logRqSize, final VerbsCallback<QueuePair> callback)
    {
        final QpAttributes a = new QpAttributes();
        a.pd = pd;
        a.sendCqn = sendCq.cqn();
        a.recvCqn = recvCq.cqn();
        a.logSqSize = logSqBlocks;
        a.logRqSize = logRqSize;
        a.logRqStride = LOG_RQ_STRIDE;
        a.uarIndex = UAR_INDEX;
        kernel.createQp(a, (status, cs, qpn) ->
        {
            if (status != DriverStatus.OK)
            {
                callback.onDone(status, null);
                return;
            }
            final QueueMemory q = kernel.qp(qpn);
            final DeviceCapabilities caps = kernel.capabilities();
            final UserQueuePair user = new UserQueuePair(rc.memory(), rc, new QueuePairLayout(qpn, q.ringPa(),
                logSqBlocks, q.rqPa(), logRqSize, LOG_RQ_STRIDE, q.doorbellRecordPa(), uarAddress, 0,
                caps.maxInlineBytes(), maxSendWqeUnits), costs, meter);
            sendCq.user().attach(user);
            if (recvCq != sendCq)
            {
                recvCq.user().attach(user);
            }
            nextPsnSeed = nextPsnSeed * 1_103_515_245 + 12_345;
            callback.onDone(status, new QueuePair(qpn, user, sendCq, recvCq, (nextPsnSeed >>> 8) & 0xFF_FFFF));
        });
    }

    /**
     * Sets the initiator depth and responder resources later {@link #modifyQp} calls give a QP (READs
     * and atomics in flight), capped by the device's limits.
     *
     * @param depth at least 1; 0 restores the device's limits
     * @return this
     */
    public Device rdAtomic(final int depth)
    {
        if (depth < 0 || depth > 0xFF)
        {
            throw new IllegalArgumentException("rd_atomic " + depth);
        }
        rdAtomic = depth;
        return this;
    }

    /**
     * Sets the transport retry count later {@link #modifyQp} calls give a QP: retransmissions after
     * a timeout or a sequence NAK before the work request fails with {@code RETRY_EXCEEDED}. On this
     * NIC, as on Soft-RoCE, 7 retries without limit (the default).
     *
     * @param count 0 to 7
     * @return this
     */
    public Device retryCount(final int count)
    {
        if (count < 0 || count > 7)
        {
            throw new IllegalArgumentException("retry count " + count);
        }
        retryCount = count;
        return this;
    }

    /** @return the transport retry count {@link #modifyQp} gives QPs */
    public int retryCount()
    {
        return retryCount;
    }

    /** @return the RNR retry count {@link #modifyQp} gives QPs: 7, without limit */
    public int rnrRetry()
    {
        return rnrRetry;
    }

    /** @return the retransmission timeout code {@link #modifyQp} gives QPs: 4.096 µs × 2^14, about 67 ms */
    public int timeoutCode()
    {
        return timeoutCode;
    }

    /** @return what this side tells a peer about {@code qp}, its port's path MTU included */
    public QpEndpoint endpoint(final QueuePair qp)
    {
        return new QpEndpoint(qp.qpn(), qp.initialPsn(), mac, ipv4, pathMtu());
    }

    /**
     * @return the largest {@code PathMtu} code a QP of this device takes: {@code QUERY_DEVICE}'s
     *     {@code MAX_PATH_MTU}, which the NIC bounds by its port's MTU
     */
    public int pathMtu()
    {
        return kernel.capabilities().maxPathMtu();
    }

    /**
     * Moves a QP to {@code to} ({@code ibv_modify_qp}): INIT takes the remote access, RTR the peer's
     * QPN, PSN and addresses and the smaller of the peer's path MTU and this port's ({@link #pathMtu}),
     * RTS this side's initial PSN. The UDP source port is left 0: the NIC derives it from the two
     * QPNs (HARDWARE.md 5.8).
     *
     * @param qp the QP
     * @param to INIT, RTR or RTS (or ERROR)
     * @param remote the peer, needed from RTR on
     * @param access {@code AccessFlags} remote peers get on this QP
     * @param callback told the QP
     */
    public void modifyQp(final QueuePair qp, final QpState to, final QpEndpoint remote, final int access,
        final VerbsCallback<QueuePair> callback)
    {
        final DeviceCapabilities caps = kernel.capabilities();
        final QpAttributes a = new QpAttributes();
        a.port = 1;
        a.access = access;
        a.pathMtu = caps.maxPathMtu();
        if (remote != null)
        {
            a.pathMtu = Math.min(a.pathMtu, remote.pathMtu());
            a.remoteQpn = remote.qpn();
            a.recvPsn = remote.psn();
            a.destMac = remote.mac();
            a.destIpv4 = remote.ipv4();
        }
        a.retryCount = retryCount;
        a.rnrRetry = rnrRetry;
        a.timeout = timeoutCode;
        a.maxDestRdAtomic = rdAtomic > 0 ? Math.min(rdAtomic, caps.maxDestRdAtomic()) : caps.maxDestRdAtomic();
        a.maxRdAtomic = rdAtomic > 0 ? Math.min(rdAtomic, caps.maxRdAtomic()) : caps.maxRdAtomic();
        a.sendPsn = qp.initialPsn();
        a.minRnrTimer = 1;
        final QpState from = to == QpState.ERROR ? null : qp.state;
        kernel.modifyQp(qp.qpn(), from, to, a, (status, cs, v) ->
        {
            if (status == DriverStatus.OK)
            {
                qp.state = to;
                if (to == QpState.RTS && qpReady != null)
                {
                    qpReady.accept(qp.qpn());
                }
            }
            callback.onDone(status, status == DriverStatus.OK ? qp : null);
        });
    }

    /**
     * Takes a QP from RESET through INIT and RTR to RTS, connected to {@code remote}.
     *
     * @param qp the QP
     * @param remote the peer's QP
     * @param access {@code AccessFlags} the peer gets
     * @param callback told the QP
     */
    public void connect(final QueuePair qp, final QpEndpoint remote, final int access,
        final VerbsCallback<QueuePair> callback)
    {
        modifyQp(qp, QpState.INIT, null, access, (s1, q1) ->
        {
            if (s1 != DriverStatus.OK)
            {
                callback.onDone(s1, null);
                return;
            }
            modifyQp(qp, QpState.RTR, remote, access, (s2, q2) ->
            {
                if (s2 != DriverStatus.OK)
                {
                    callback.onDone(s2, null);
                    return;
                }
                modifyQp(qp, QpState.RTS, remote, access, callback);
            });
        });
    }

    /**
     * Registers a buffer of {@code process} ({@code ibv_reg_mr}) in this device's protection domain.
     *
     * @param process the owner
     * @param va the first byte
     * @param length bytes
     * @param access {@code AccessFlags}
     * @param callback told the region
     */
    public void regMr(final SimProcess process, final long va, final long length, final int access,
        final VerbsCallback<MemoryRegion> callback)
    {
        kernel.registerMemory(process, va, length, access, pd, (status, cs, key) ->
            callback.onDone(status, status == DriverStatus.OK ? new MemoryRegion(va, length, key, key, access) : null));
    }

    /**
     * Posts a send request ({@code ibv_post_send}).
     *
     * @param qp the QP
     * @param request the request
     * @return the user driver's status: 0, {@code ENOMEM} or {@code EINVAL}
     */
    public int postSend(final QueuePair qp, final SendRequest request)
    {
        final VerbsTap t = tap;
        if (t == null)
        {
            return qp.user().postSend(request);
        }
        final long entryPs = callerNowPs();
        final int status = qp.user().postSend(request);
        t.postSend(this, qp, request, entryPs, status);
        return status;
    }

    /**
     * Posts a receive request ({@code ibv_post_recv}).
     *
     * @param qp the QP
     * @param request the request
     * @return the user driver's status
     */
    public int postRecv(final QueuePair qp, final RecvRequest request)
    {
        final VerbsTap t = tap;
        if (t == null)
        {
            return qp.user().postRecv(request);
        }
        final long entryPs = callerNowPs();
        final int status = qp.user().postRecv(request);
        t.postRecv(this, qp, request, entryPs, status);
        return status;
    }

    /**
     * Polls a CQ ({@code ibv_poll_cq}).
     *
     * @param cq the CQ
     * @param wcs filled from 0
     * @param max most completions
     * @return completions filled
     */
    public int pollCq(final CompletionQueue cq, final WorkCompletion[] wcs, final int max)
    {
        final VerbsTap t = tap;
        if (t == null)
        {
            return cq.user().poll(wcs, max);
        }
        final long entryPs = callerNowPs();
        final int found = cq.user().poll(wcs, max);
        t.polled(this, cq, wcs, found, max, entryPs, callerNowPs());
        return found;
    }

    /**
     * Arms a CQ ({@code ibv_req_notify_cq}); {@code handler} runs once, on the next completion event
     * of the CQ (as {@code ibv_get_cq_event} would return).
     *
     * @param cq the CQ
     * @param solicitedOnly whether only solicited completions raise the event
     * @param handler run on the event
     */
    public void reqNotifyCq(final CompletionQueue cq, final boolean solicitedOnly, final Runnable handler)
    {
        cq.eventHandler = handler;
        cq.user().arm(solicitedOnly);
        final VerbsTap t = tap;
        if (t != null)
        {
            t.armed(this, cq, callerNowPs());
        }
    }

    /**
     * Installs the recording tap of every device, or removes it.
     *
     * @param value the tap, or null for none
     */
    public static void tap(final VerbsTap value)
    {
        tap = value;
    }

    /** @return the recording tap of every device, or null */
    public static VerbsTap tap()
    {
        return tap;
    }

    /** @return the calling simulated thread's clock, or the loop's time outside any thread */
    private long callerNowPs()
    {
        final SimThread t = SimThread.current();
        return t == null ? loop.nowPs() : t.nowPs();
    }

    /**
     * The EQ's interrupt handler: consumes every waiting EQE (a COMPLETION advances its CQ's arm
     * sequence and runs the CQ's pending {@link #reqNotifyCq} handler once), then reports the
     * consumer index and re-arms the EQ in one doorbell.
     */
    private void onInterrupt()
    {
        interruptsHandled++;
        while (true)
        {
            eqe.wrap(rc.memory(), eqRingPa + (long)(eqConsumer & ((1 << LOG_EQ) - 1)) * EqeDescriptor.LENGTH_BYTES);
            if (!eqe.softwareOwned(eqConsumer, LOG_EQ))
            {
                break;
            }
            final int type = eqe.eventType();
            final int object = eqe.object();
            eqConsumer++;
            final CompletionQueue cq = cqs.get(object);
            if (type == EqeType.COMPLETION.code() && cq != null)
            {
                cq.user().eventDelivered();
                final Runnable h = cq.eventHandler;
                if (h != null)
                {
                    cq.eventHandler = null;
                    h.run();
                }
            }
        }
        kernel.eqDoorbell(eqn, eqConsumer, true);
    }

    /** @return the component path, such as {@code "node0.verbs"} */
    public String name()
    {
        return name;
    }

    /** @return this port's MAC address */
    public long mac()
    {
        return mac;
    }

    /** @return this port's IPv4 address */
    public int ipv4()
    {
        return ipv4;
    }

    /** @return the MSI-X vector of the device's EQ, or -1 before {@link #open} */
    public int vector()
    {
        return vector;
    }

    /** @return interrupts of the device's EQ handled */
    public long interruptsHandled()
    {
        return interruptsHandled;
    }

    /** @return the CPU time charged by the user-mode driver */
    public CpuMeter meter()
    {
        return meter;
    }

    /** @return the kernel-mode driver */
    public KernelDriver kernel()
    {
        return kernel;
    }

    /** @return the host's event loop */
    public EventLoop loop()
    {
        return loop;
    }

    /** @return the protection domain */
    public int pd()
    {
        return pd;
    }
}
