package org.sansim.provider.verbs;

import org.sansim.hw.QpState;
import org.sansim.provider.driver.user.UserQueuePair;

/** A reliable-connected queue pair ({@code ibv_qp}). */
public final class QueuePair
{
    private final int qpn;
    private final UserQueuePair user;
    private final CompletionQueue sendCq;
    private final CompletionQueue recvCq;
    private final int initialPsn;
    QpState state = QpState.RESET;

    QueuePair(final int qpn, final UserQueuePair user, final CompletionQueue sendCq, final CompletionQueue recvCq,
        final int initialPsn)
    {
        this.qpn = qpn;
        this.user = user;
        this.sendCq = sendCq;
        this.recvCq = recvCq;
        this.initialPsn = initialPsn;
    }

    /** @return the QP number */
    public int qpn()
    {
        return qpn;
    }

    /** @return the first PSN this QP sends, to give the peer */
    public int initialPsn()
    {
        return initialPsn;
    }

    /** @return the state reached by the last successful {@code modifyQp} */
    public QpState state()
    {
        return state;
    }

    /** @return the user-mode driver's QP */
    public UserQueuePair user()
    {
        return user;
    }

    /** @return the CQ of its send completions */
    public CompletionQueue sendCq()
    {
        return sendCq;
    }

    /** @return the CQ of its receive completions */
    public CompletionQueue recvCq()
    {
        return recvCq;
    }
}
