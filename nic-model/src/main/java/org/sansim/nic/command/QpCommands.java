package org.sansim.nic.command;

import org.sansim.hw.CommandStatus;
import org.sansim.hw.ModifyQpInputDescriptor;
import org.sansim.hw.ModifyQpInputFlyweight;
import org.sansim.hw.PathMtu;
import org.sansim.hw.QpContextDescriptor;
import org.sansim.hw.QpContextFlyweight;
import org.sansim.hw.QpDoorbellRecordDescriptor;
import org.sansim.hw.QpState;
import org.sansim.hw.QpTransition;
import org.sansim.hw.WqeLayout;
import org.sansim.nic.wqe.SendQueueState;
import org.sansim.nic.wqe.WqeFetcher;

/**
 * The QP commands {@code CREATE_QP}, {@code MODIFY_QP}, {@code QUERY_QP} and {@code DESTROY_QP}
 * (HARDWARE.md 5): they check the input against the device's limits, then change the firmware's
 * {@link QpTable}, the {@link WqeFetcher}'s send queue, the CQs' QP references and the QP context
 * table in host memory, and tell the {@link QpStateListener} of state changes.
 *
 * <p>Invariants: QPNs below {@link #FIRST_QPN} are never handed out; QPNs are handed out next-fit
 * from the last one, skipping live QPs, send queues the fetcher reports {@code ACTIVE} and, once the
 * fetcher holds as many send queues as it can, QPNs it has no queue for (it cannot drop one); each live QP counts once in the
 * references of its send and of its receive CQ; a failed command changes nothing.
 * {@code TO_RESET} re-arms the fetcher's send queue only when the fetcher has put it in error.
 */
final class QpCommands
{
    /** The first QPN handed out: 0 and 1 are reserved. */
    static final int FIRST_QPN = 2;
    private static final int MIN_LOG_RQ_STRIDE = 4;
    private static final int MAX_LOG_RQ_STRIDE = 10;

    private final CommandProcessorParams params;
    private final FirmwareMemory memory;
    private final HostResources host;
    private final QpTable qps;
    private final CqTable cqs;
    private final WqeFetcher fetcher;
    private final QpContextTableWriter contextTable;
    private final QpContextFlyweight qpIn = new QpContextFlyweight();
    private final QpContextFlyweight qpOut = new QpContextFlyweight();
    private final ModifyQpInputFlyweight modifyIn = new ModifyQpInputFlyweight();
    private QpStateListener listener;
    private int nextQpn = FIRST_QPN;
    /** Send queues the fetcher has been given: it cannot drop one, so they count against its limit for good. */
    private int fetcherQueues;

    /**
     * @param params the device's limits
     * @param memory the firmware memory holding the command's mailboxes
     * @param host the host resources a command's addresses and UAR index are checked against
     * @param qps the firmware's QP contexts
     * @param cqs the CQs a QP may use
     * @param fetcher the WQE fetcher, told each QP's send queue
     * @param contextTable the QP context table, written after every change
     */
    QpCommands(final CommandProcessorParams params, final FirmwareMemory memory, final HostResources host,
        final QpTable qps, final CqTable cqs, final WqeFetcher fetcher, final QpContextTableWriter contextTable)
    {
        this.params = params;
        this.memory = memory;
        this.host = host;
        this.qps = qps;
        this.cqs = cqs;
        this.fetcher = fetcher;
        this.contextTable = contextTable;
    }

    /** @param listener who learns of the state changes {@code MODIFY_QP} makes, or {@code null} */
    void listener(final QpStateListener listener)
    {
        this.listener = listener;
    }

    /** @return the status of {@code CREATE_QP} on the input mailbox; on success the output names the QPN */
    CommandStatus create()
    {
        final QpContextFlyweight in = qpIn.wrap(memory.sram, FirmwareMemory.INPUT_OFFSET);
        if (in.logSqSize() > WqeLayout.MAX_LOG_RING_SIZE)
        {
            return memory.badParam(QpContextDescriptor.LOG_SQ_SIZE_OFFSET);
        }
        if (in.logRqSize() > WqeLayout.MAX_LOG_RING_SIZE)
        {
            return memory.badParam(QpContextDescriptor.LOG_RQ_SIZE_OFFSET);
        }
        if (in.logRqStride() < MIN_LOG_RQ_STRIDE || in.logRqStride() > MAX_LOG_RQ_STRIDE)
        {
            return memory.badParam(QpContextDescriptor.LOG_RQ_STRIDE_OFFSET);
        }
        if (in.sqAddress() % HostResources.PAGE_BYTES != 0
            || !host.inHostMemory(in.sqAddress(), (long)WqeLayout.BASIC_BLOCK_BYTES << in.logSqSize()))
        {
            return memory.badParam(QpContextDescriptor.SQ_ADDRESS_OFFSET);
        }
        if (in.rqAddress() % HostResources.PAGE_BYTES != 0
            || !host.inHostMemory(in.rqAddress(), 1L << (in.logRqSize() + in.logRqStride())))
        {
            return memory.badParam(QpContextDescriptor.RQ_ADDRESS_OFFSET);
        }
        if (in.dbrAddress() % QpDoorbellRecordDescriptor.LENGTH_BYTES != 0
            || !host.inHostMemory(in.dbrAddress(), QpDoorbellRecordDescriptor.LENGTH_BYTES))
        {
            return memory.badParam(QpContextDescriptor.DBR_ADDRESS_OFFSET);
        }
        if (!cqs.exists(in.sendCqn()) || !cqs.exists(in.recvCqn()) || !host.uarExists(in.uarIndex()))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        final int qpn = freeQpn();
        if (qpn < 0)
        {
            return CommandStatus.EXCEED_LIMIT;
        }
        if (fetcher.sendQueueState(qpn) == SendQueueState.UNCONFIGURED)
        {
            fetcherQueues++;
        }
        fetcher.configureSendQueue(qpn, in.sqAddress(), in.logSqSize(), in.dbrAddress());
        qps.create(qpn, in);
        contextTable.store(qpn);
        cqs.addQp(in.sendCqn());
        cqs.addQp(in.recvCqn());
        nextQpn = qpn + 1 < qps.capacity() ? qpn + 1 : FIRST_QPN;
        return memory.created(qpn);
    }

    /** Next-fit from the last QPN handed out, skipping live QPs and send queues the fetcher cannot reset. */
    private int freeQpn()
    {
        final int span = qps.capacity() - FIRST_QPN;
        for (int i = 0; i < span; i++)
        {
            final int qpn = FIRST_QPN + (nextQpn - FIRST_QPN + i) % span;
            if (qps.valid(qpn))
            {
                continue;
            }
            final SendQueueState s = fetcher.sendQueueState(qpn);
            if (s == SendQueueState.ACTIVE
                || s == SendQueueState.UNCONFIGURED && fetcherQueues == fetcher.params().maxSendQueues())
            {
                continue;
            }
            return qpn;
        }
        return -1;
    }

    /** @return the status of {@code MODIFY_QP} on the input mailbox */
    CommandStatus modify()
    {
        final ModifyQpInputFlyweight in = modifyIn.wrap(memory.sram, FirmwareMemory.INPUT_OFFSET);
        final int qpn = in.qpn();
        if (!qps.valid(qpn))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        final QpTransition t = QpTransition.of(qps.state(qpn), in.fromState(), in.toState());
        if (t == null)
        {
            return CommandStatus.BAD_RESOURCE_STATE;
        }
        final QpContextFlyweight c = in.context();
        final int ctx = ModifyQpInputDescriptor.CONTEXT_OFFSET;
        switch (t)
        {
            case RESET_TO_INIT ->
            {
                if (c.port() < 1 || c.port() > DeviceCapabilities.PORT_COUNT)
                {
                    return memory.badParam(ctx + QpContextDescriptor.PORT_OFFSET);
                }
                qps.init(qpn, c);
            }
            case INIT_TO_RTR ->
            {
                final PathMtu mtu = PathMtu.of(c.pathMtu());
                if (mtu == null || mtu.code() > params.maxPathMtu().code())
                {
                    return memory.badParam(ctx + QpContextDescriptor.PATH_MTU_OFFSET);
                }
                if (c.maxDestRdAtomic() > params.maxDestRdAtomic())
                {
                    return memory.badParam(ctx + QpContextDescriptor.MAX_DEST_RD_ATOMIC_OFFSET);
                }
                qps.readyToReceive(qpn, c);
            }
            case RTR_TO_RTS ->
            {
                if (c.maxRdAtomic() > params.maxRdAtomic())
                {
                    return memory.badParam(ctx + QpContextDescriptor.MAX_RD_ATOMIC_OFFSET);
                }
                qps.readyToSend(qpn, c);
            }
            case TO_RESET ->
            {
                if (fetcher.sendQueueState(qpn) == SendQueueState.ERROR)
                {
                    fetcher.configureSendQueue(qpn, qps.sqAddress(qpn), qps.logSqSize(qpn), qps.dbrAddress(qpn));
                }
            }
            default ->
            {
                // TO_ERROR reads no attributes
            }
        }
        final QpState from = qps.state(qpn);
        qps.state(qpn, t.to());
        contextTable.store(qpn);
        if (listener != null)
        {
            listener.onQpStateChange(qpn, from, t.to());
        }
        return CommandStatus.OK;
    }

    /** @return the status of {@code QUERY_QP} on the input mailbox's handle; on success the output holds the context */
    CommandStatus query()
    {
        final int qpn = memory.handle();
        if (!qps.valid(qpn))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        qps.query(qpn, qpOut.wrap(memory.sram, FirmwareMemory.OUTPUT_OFFSET));
        return CommandStatus.OK;
    }

    /** @return the status of {@code DESTROY_QP} on the input mailbox's handle */
    CommandStatus destroy()
    {
        final int qpn = memory.handle();
        if (!qps.valid(qpn))
        {
            return CommandStatus.BAD_RESOURCE;
        }
        cqs.removeQp(qps.sendCqn(qpn));
        cqs.removeQp(qps.recvCqn(qpn));
        qps.destroy(qpn);
        contextTable.invalidate(qpn);
        return CommandStatus.OK;
    }
}
