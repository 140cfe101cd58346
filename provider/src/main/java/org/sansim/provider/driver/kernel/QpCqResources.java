package org.sansim.provider.driver.kernel;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.sansim.host.PageSize;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.CreateCqInputFlyweight;
import org.sansim.hw.ModifyQpInputDescriptor;
import org.sansim.hw.ModifyQpInputFlyweight;
import org.sansim.hw.QpContextFlyweight;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeLayout;

/**
 * The CQs and QPs the driver creates for its consumers, with their host memory (HARDWARE.md 5, 6, 7):
 * a CQ's ring (every CQE's owner bit 1, opcode {@code INVALID}) and doorbell record; a QP's zeroed SQ,
 * RQ and doorbell record. The {@code CREATE}, {@code MODIFY}, {@code QUERY} and {@code DESTROY}
 * commands of both.
 *
 * <p>Invariants: an object is known ({@link #cq}, {@link #qp}) iff the NIC created it for this driver
 * and has not destroyed it; its memory is allocated exactly while it is known or its {@code CREATE} is
 * in flight, and is freed when {@code CREATE} fails or {@code DESTROY} succeeds.
 */
final class QpCqResources
{
    /** The largest log2 of a CQ's entries the driver allocates (a 2 MiB frame bounds it further). */
    private static final int MAX_LOG_CQ_SIZE = 23;

    private final DeviceMemory deviceMemory;
    private final CommandInterface commands;
    private final DeferredCallbacks callbacks;
    private final Map<Integer, QueueMemory> cqs = new HashMap<>();
    private final Map<Integer, QueueMemory> qps = new HashMap<>();
    private final Map<Integer, Long> qpRqBytes = new HashMap<>();

    /**
     * @param deviceMemory where rings and doorbell records come from
     * @param commands the command interface
     * @param callbacks delivers outcomes
     */
    QpCqResources(final DeviceMemory deviceMemory, final CommandInterface commands, final DeferredCallbacks callbacks)
    {
        this.deviceMemory = deviceMemory;
        this.commands = commands;
        this.callbacks = callbacks;
    }

    /** See {@link KernelDriver#createCq}. */
    void createCq(final int logSize, final int eqn, final int uarIndex, final DriverCallback callback)
    {
        final long bytes = (long)CqeDescriptor.LENGTH_BYTES << logSize;
        final long ring = logSize < 0 || logSize > MAX_LOG_CQ_SIZE ? -1 : deviceMemory.allocate(bytes);
        final long dbr = ring < 0 ? -1 : deviceMemory.doorbellRecord();
        if (ring < 0 || dbr < 0)
        {
            deviceMemory.free(ring, bytes);
            callbacks.after(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        final CqeFlyweight cqe = new CqeFlyweight();
        for (long i = 0; i < 1L << logSize; i++)
        {
            cqe.wrap(deviceMemory.memory(), ring + i * CqeDescriptor.LENGTH_BYTES).initialise();
        }
        commands.command(CommandOpcode.CREATE_CQ, (m, pa) -> new CreateCqInputFlyweight().wrap(m, pa)
            .address(ring).dbrAddress(dbr).logSize(logSize).eqn(eqn).uarIndex(uarIndex),
            commands.handleOutput(), (status, commandStatus, cqn) ->
            {
                if (status == DriverStatus.OK)
                {
                    cqs.put(cqn, new QueueMemory(cqn, ring, logSize, -1, dbr));
                }
                else
                {
                    deviceMemory.free(ring, bytes);
                    deviceMemory.freeDoorbellRecord(dbr);
                }
                callback.onDone(status, commandStatus, cqn);
            });
    }

    /** See {@link KernelDriver#destroyCq}. */
    void destroyCq(final int cqn, final DriverCallback callback)
    {
        destroy(cqs, CommandOpcode.DESTROY_CQ, cqn, q ->
        {
            deviceMemory.free(q.ringPa(), (long)CqeDescriptor.LENGTH_BYTES << q.logRingEntries());
            deviceMemory.freeDoorbellRecord(q.doorbellRecordPa());
        }, callback);
    }

    /** See {@link KernelDriver#createQp}. */
    void createQp(final QpAttributes a, final DriverCallback callback)
    {
        if (a.logSqSize < 0 || a.logSqSize > WqeLayout.MAX_LOG_RING_SIZE || a.logRqSize < 0
            || a.logRqStride < 0 || a.logRqSize + a.logRqStride > PageSize.SIZE_2M.shift())
        {
            callbacks.after(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        final long sqBytes = (long)WqeLayout.BASIC_BLOCK_BYTES << a.logSqSize;
        final long rqBytes = 1L << (a.logRqSize + a.logRqStride);
        final long sq = deviceMemory.allocate(sqBytes);
        final long rq = sq < 0 ? -1 : deviceMemory.allocate(rqBytes);
        final long dbr = rq < 0 ? -1 : deviceMemory.doorbellRecord();
        if (dbr < 0)
        {
            deviceMemory.free(sq, sqBytes);
            deviceMemory.free(rq, rqBytes);
            callbacks.after(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        final int pd = a.pd;
        final int sendCqn = a.sendCqn;
        final int recvCqn = a.recvCqn;
        final int logSq = a.logSqSize;
        final int logRq = a.logRqSize;
        final int stride = a.logRqStride;
        final boolean signalAll = a.signalAll;
        final int uar = a.uarIndex;
        commands.command(CommandOpcode.CREATE_QP, (m, pa) -> new QpContextFlyweight().wrap(m, pa)
            .pd(pd).sendCqn(sendCqn).recvCqn(recvCqn).logSqSize(logSq).logRqSize(logRq).logRqStride(stride)
            .signalAll(signalAll).uarIndex(uar).sqAddress(sq).rqAddress(rq).dbrAddress(dbr),
            commands.handleOutput(), (status, commandStatus, qpn) ->
            {
                if (status == DriverStatus.OK)
                {
                    qps.put(qpn, new QueueMemory(qpn, sq, logSq, rq, dbr));
                    qpRqBytes.put(qpn, rqBytes);
                }
                else
                {
                    deviceMemory.free(sq, sqBytes);
                    deviceMemory.free(rq, rqBytes);
                    deviceMemory.freeDoorbellRecord(dbr);
                }
                callback.onDone(status, commandStatus, qpn);
            });
    }

    /** See {@link KernelDriver#modifyQp}. */
    void modifyQp(final int qpn, final QpState from, final QpState to, final QpAttributes a,
        final DriverCallback callback)
    {
        final QpAttributes copy = copy(a);
        commands.command(CommandOpcode.MODIFY_QP, (m, pa) ->
        {
            final ModifyQpInputFlyweight in = new ModifyQpInputFlyweight().wrap(m, pa).qpn(qpn)
                .fromState(from == null ? ModifyQpInputDescriptor.FROM_ANY_STATE : from.code()).toState(to.code());
            writeContext(in.context(), copy);
        }, MailboxReader.NONE, callback);
    }

    /** See {@link KernelDriver#queryQp}. */
    void queryQp(final int qpn, final QpAttributes out, final DriverCallback callback)
    {
        commands.command(CommandOpcode.QUERY_QP, CommandInterface.handleInput(qpn), (m, pa) ->
        {
            final QpContextFlyweight c = new QpContextFlyweight().wrap(m, pa);
            out.state = c.state();
            out.port = c.port();
            out.pathMtu = c.pathMtu();
            out.access = c.access();
            out.pd = c.pd();
            out.remoteQpn = c.remoteQpn();
            out.sendPsn = c.sendPsn();
            out.recvPsn = c.recvPsn();
            out.retryCount = c.retryCount();
            out.rnrRetry = c.rnrRetry();
            out.minRnrTimer = c.minRnrTimer();
            out.timeout = c.timeout();
            out.maxRdAtomic = c.maxRdAtomic();
            out.maxDestRdAtomic = c.maxDestRdAtomic();
            out.signalAll = c.signalAll();
            out.sendCqn = c.sendCqn();
            out.recvCqn = c.recvCqn();
            out.logSqSize = c.logSqSize();
            out.logRqSize = c.logRqSize();
            out.logRqStride = c.logRqStride();
            out.uarIndex = c.uarIndex();
            out.destMac = c.destMac();
            out.destIpv4 = c.destIpv4();
            out.udpSourcePort = c.udpSourcePort();
            out.ttl = c.ttl();
            out.trafficClass = c.trafficClass();
            return c.state();
        }, callback);
    }

    /** See {@link KernelDriver#destroyQp}. */
    void destroyQp(final int qpn, final DriverCallback callback)
    {
        destroy(qps, CommandOpcode.DESTROY_QP, qpn, q ->
        {
            deviceMemory.free(q.ringPa(), (long)WqeLayout.BASIC_BLOCK_BYTES << q.logRingEntries());
            deviceMemory.free(q.rqPa(), qpRqBytes.remove(qpn));
            deviceMemory.freeDoorbellRecord(q.doorbellRecordPa());
        }, callback);
    }

    /**
     * Destroys an object of {@code known} with {@code opcode}; once the NIC has, forgets it and
     * {@code release}s its memory. An object not in {@code known} is refused with
     * {@link DriverStatus#BAD_ARGUMENT} and no command.
     */
    private void destroy(final Map<Integer, QueueMemory> known, final CommandOpcode opcode, final int object,
        final Consumer<QueueMemory> release, final DriverCallback callback)
    {
        final QueueMemory q = known.get(object);
        if (q == null)
        {
            callbacks.after(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        commands.command(opcode, CommandInterface.handleInput(object), MailboxReader.NONE,
            (status, commandStatus, v) ->
            {
                if (status == DriverStatus.OK)
                {
                    known.remove(object);
                    release.accept(q);
                }
                callback.onDone(status, commandStatus, v);
            });
    }

    /** @return the memory of a CQ of this driver, or {@code null} */
    QueueMemory cq(final int cqn)
    {
        return cqs.get(cqn);
    }

    /** @return the memory of a QP of this driver, or {@code null} */
    QueueMemory qp(final int qpn)
    {
        return qps.get(qpn);
    }

    /** The attributes a {@code MODIFY_QP} reads, copied when it is asked for: the caller may reuse its own. */
    private static QpAttributes copy(final QpAttributes a)
    {
        final QpAttributes c = new QpAttributes();
        c.port = a.port;
        c.access = a.access;
        c.pathMtu = a.pathMtu;
        c.remoteQpn = a.remoteQpn;
        c.recvPsn = a.recvPsn;
        c.maxDestRdAtomic = a.maxDestRdAtomic;
        c.minRnrTimer = a.minRnrTimer;
        c.destMac = a.destMac;
        c.destIpv4 = a.destIpv4;
        c.udpSourcePort = a.udpSourcePort;
        c.ttl = a.ttl;
        c.trafficClass = a.trafficClass;
        c.sendPsn = a.sendPsn;
        c.retryCount = a.retryCount;
        c.rnrRetry = a.rnrRetry;
        c.timeout = a.timeout;
        c.maxRdAtomic = a.maxRdAtomic;
        return c;
    }

    private static void writeContext(final QpContextFlyweight c, final QpAttributes a)
    {
        c.port(a.port).access(a.access).pathMtu(a.pathMtu).remoteQpn(a.remoteQpn).recvPsn(a.recvPsn)
            .maxDestRdAtomic(a.maxDestRdAtomic).minRnrTimer(a.minRnrTimer).destMac(a.destMac).destIpv4(a.destIpv4)
            .udpSourcePort(a.udpSourcePort).ttl(a.ttl).trafficClass(a.trafficClass).sendPsn(a.sendPsn)
            .retryCount(a.retryCount).rnrRetry(a.rnrRetry).timeout(a.timeout).maxRdAtomic(a.maxRdAtomic);
    }
}
