package org.sansim.tools.scenario.system;

import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.QueuePair;

/**
 * One reliable connection between two hosts, set up through their connection managers over the
 * fabric by {@link RcConnections}: a QP on each side, each attached to a CQ of its host. The active
 * side sent the REQ; either side may send once both are {@link #established()}.
 */
public final class RcConnection
{
    private final int id;
    private final SanHost active;
    private final SanHost passive;
    private final int activeCqSlot;
    private final int passiveCqSlot;
    QueuePair activeQp;
    QueuePair passiveQp;
    CompletionQueue activeCq;
    CompletionQueue passiveCq;
    boolean activeReady;
    boolean passiveReady;
    String failure;

    RcConnection(final int id, final SanHost active, final SanHost passive, final int activeCqSlot,
        final int passiveCqSlot)
    {
        this.id = id;
        this.active = active;
        this.passive = passive;
        this.activeCqSlot = activeCqSlot;
        this.passiveCqSlot = passiveCqSlot;
    }

    /** @return its number, from 0, in the order the pairs were given */
    public int id()
    {
        return id;
    }

    /** @return the host that asked for the connection */
    public SanHost active()
    {
        return active;
    }

    /** @return the host that accepted it */
    public SanHost passive()
    {
        return passive;
    }

    /** @return the active side's QP */
    public QueuePair activeQp()
    {
        return activeQp;
    }

    /** @return the passive side's QP */
    public QueuePair passiveQp()
    {
        return passiveQp;
    }

    /** @return the CQ of the active side's QP (sends and receives) */
    public CompletionQueue activeCq()
    {
        return activeCq;
    }

    /** @return the CQ of the passive side's QP (sends and receives) */
    public CompletionQueue passiveCq()
    {
        return passiveCq;
    }

    /** @return whether both QPs are in RTS and the passive side has the RTU */
    public boolean established()
    {
        return activeReady && passiveReady;
    }

    int activeCqSlot()
    {
        return activeCqSlot;
    }

    int passiveCqSlot()
    {
        return passiveCqSlot;
    }

    @Override
    public String toString()
    {
        return "connection " + id + " " + active + "->" + passive;
    }
}
