package org.sansim.nic.transport;

import org.sansim.hw.PathMtu;
import org.sansim.hw.QpState;
import org.sansim.nic.command.QpTable;

/** The command processor's {@link QpTable} as the transport sees it. */
public final class QpTableView implements QpContextView
{
    private final QpTable table;

    /** @param table the QP table the command processor writes */
    public QpTableView(final QpTable table)
    {
        this.table = table;
    }

    @Override
    public boolean valid(final int qpn)
    {
        return table.valid(qpn);
    }

    @Override
    public QpState state(final int qpn)
    {
        return table.state(qpn);
    }

    @Override
    public void state(final int qpn, final QpState newState)
    {
        table.state(qpn, newState);
    }

    @Override
    public PathMtu pathMtu(final int qpn)
    {
        return table.pathMtu(qpn);
    }

    @Override
    public int access(final int qpn)
    {
        return table.access(qpn);
    }

    @Override
    public int pd(final int qpn)
    {
        return table.pd(qpn);
    }

    @Override
    public int remoteQpn(final int qpn)
    {
        return table.remoteQpn(qpn);
    }

    @Override
    public int sendPsn(final int qpn)
    {
        return table.sendPsn(qpn);
    }

    @Override
    public int recvPsn(final int qpn)
    {
        return table.recvPsn(qpn);
    }

    @Override
    public boolean signalAll(final int qpn)
    {
        return table.signalAll(qpn);
    }

    @Override
    public int sendCqn(final int qpn)
    {
        return table.sendCqn(qpn);
    }

    @Override
    public int recvCqn(final int qpn)
    {
        return table.recvCqn(qpn);
    }

    @Override
    public int logRqSize(final int qpn)
    {
        return table.logRqSize(qpn);
    }

    @Override
    public int logRqStride(final int qpn)
    {
        return table.logRqStride(qpn);
    }

    @Override
    public long rqAddress(final int qpn)
    {
        return table.rqAddress(qpn);
    }

    @Override
    public long dbrAddress(final int qpn)
    {
        return table.dbrAddress(qpn);
    }

    @Override
    public long destMac(final int qpn)
    {
        return table.destMac(qpn);
    }

    @Override
    public int destIpv4(final int qpn)
    {
        return table.destIpv4(qpn);
    }

    @Override
    public int udpSourcePort(final int qpn)
    {
        return table.udpSourcePort(qpn);
    }

    @Override
    public int ttl(final int qpn)
    {
        return table.ttl(qpn);
    }

    @Override
    public int trafficClass(final int qpn)
    {
        return table.trafficClass(qpn);
    }

    @Override
    public int retryCount(final int qpn)
    {
        return table.retryCount(qpn);
    }

    @Override
    public int rnrRetry(final int qpn)
    {
        return table.rnrRetry(qpn);
    }

    @Override
    public int minRnrTimer(final int qpn)
    {
        return table.minRnrTimer(qpn);
    }

    @Override
    public int timeout(final int qpn)
    {
        return table.timeout(qpn);
    }

    @Override
    public int maxRdAtomic(final int qpn)
    {
        return table.maxRdAtomic(qpn);
    }

    @Override
    public int maxDestRdAtomic(final int qpn)
    {
        return table.maxDestRdAtomic(qpn);
    }
}
