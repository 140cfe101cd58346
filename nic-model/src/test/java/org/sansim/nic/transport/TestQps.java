package org.sansim.nic.transport;

import org.sansim.hw.PathMtu;
import org.sansim.hw.QpState;

/** QP attributes set directly by a test, as the command processor would after the QP's transitions. */
final class TestQps implements QpContextView
{
    private static final int N = 64;
    final boolean[] valid = new boolean[N];
    final QpState[] state = new QpState[N];
    final PathMtu[] mtu = new PathMtu[N];
    final int[] access = new int[N];
    final int[] pd = new int[N];
    final int[] remoteQpn = new int[N];
    final int[] sendPsn = new int[N];
    final int[] recvPsn = new int[N];
    final int[] sendCqn = new int[N];
    final int[] recvCqn = new int[N];
    final int[] logRqSize = new int[N];
    final int[] logRqStride = new int[N];
    final long[] rqAddress = new long[N];
    final long[] dbrAddress = new long[N];
    final long[] destMac = new long[N];
    final int[] destIpv4 = new int[N];
    final int[] retryCount = new int[N];
    final int[] rnrRetry = new int[N];
    final int[] minRnrTimer = new int[N];
    final int[] timeout = new int[N];
    final int[] maxRdAtomic = new int[N];
    final int[] maxDestRdAtomic = new int[N];

    @Override
    public boolean valid(final int qpn)
    {
        return qpn >= 0 && qpn < N && valid[qpn];
    }

    @Override
    public QpState state(final int qpn)
    {
        return state[qpn];
    }

    @Override
    public void state(final int qpn, final QpState newState)
    {
        state[qpn] = newState;
    }

    @Override
    public PathMtu pathMtu(final int qpn)
    {
        return mtu[qpn];
    }

    @Override
    public int access(final int qpn)
    {
        return access[qpn];
    }

    @Override
    public int pd(final int qpn)
    {
        return pd[qpn];
    }

    @Override
    public int remoteQpn(final int qpn)
    {
        return remoteQpn[qpn];
    }

    @Override
    public int sendPsn(final int qpn)
    {
        return sendPsn[qpn];
    }

    @Override
    public int recvPsn(final int qpn)
    {
        return recvPsn[qpn];
    }

    @Override
    public boolean signalAll(final int qpn)
    {
        return false;
    }

    @Override
    public int sendCqn(final int qpn)
    {
        return sendCqn[qpn];
    }

    @Override
    public int recvCqn(final int qpn)
    {
        return recvCqn[qpn];
    }

    @Override
    public int logRqSize(final int qpn)
    {
        return logRqSize[qpn];
    }

    @Override
    public int logRqStride(final int qpn)
    {
        return logRqStride[qpn];
    }

    @Override
    public long rqAddress(final int qpn)
    {
        return rqAddress[qpn];
    }

    @Override
    public long dbrAddress(final int qpn)
    {
        return dbrAddress[qpn];
    }

    @Override
    public long destMac(final int qpn)
    {
        return destMac[qpn];
    }

    @Override
    public int destIpv4(final int qpn)
    {
        return destIpv4[qpn];
    }

    @Override
    public int udpSourcePort(final int qpn)
    {
        return 0xC000 + qpn;
    }

    @Override
    public int ttl(final int qpn)
    {
        return 64;
    }

    @Override
    public int trafficClass(final int qpn)
    {
        return 26 << 2;
    }

    @Override
    public int retryCount(final int qpn)
    {
        return retryCount[qpn];
    }

    @Override
    public int rnrRetry(final int qpn)
    {
        return rnrRetry[qpn];
    }

    @Override
    public int minRnrTimer(final int qpn)
    {
        return minRnrTimer[qpn];
    }

    @Override
    public int timeout(final int qpn)
    {
        return timeout[qpn];
    }

    @Override
    public int maxRdAtomic(final int qpn)
    {
        return maxRdAtomic[qpn];
    }

    @Override
    public int maxDestRdAtomic(final int qpn)
    {
        return maxDestRdAtomic[qpn];
    }
}
