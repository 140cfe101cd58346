package org.sansim.provider.wsp;

import org.sansim.provider.wsp.api.SOCKADDR_IN;

/**
 * The sockets of one {@link WsdProvider} instance: a table of {@link WsdParams#maxSockets()} slots, each socket's
 * descriptor naming its slot and the slot's generation, so a descriptor of a closed socket never names the next
 * socket in its slot:
 *
 * <pre>
 *  63            48 47           32 31           16 15            0
 * +----------------+---------------+---------------+---------------+
 * |     0x5A4E     |       0       |  generation   |     slot      |
 * +----------------+---------------+---------------+---------------+
 * </pre>
 */
final class SocketTable
{
    private static final long DESCRIPTOR_TAG = 0x5A4E_0000_0000_0000L;

    private final WsdParams params;
    private final SanSocket[] sockets;
    private final int[] generations;
    private final java.util.ArrayList<SanSocket> withQp = new java.util.ArrayList<>();

    SocketTable(final WsdParams params)
    {
        this.params = params;
        this.sockets = new SanSocket[params.maxSockets()];
        this.generations = new int[params.maxSockets()];
    }

    /** @return a new socket in the first free slot, or {@code null} if none is free */
    SanSocket newSocket()
        {
        for (int i = 0; i < sockets.length; i++)
        {
            if (sockets[i] == null)
            {
                final int gen = ++generations[i] & 0xFFFF;
                final SanSocket s = new SanSocket(i, gen, DESCRIPTOR_TAG | ((long)gen << 16) | i, params);
                sockets[i] = s;
                return s;
            }
        }
        return null;
    }

    /** Closes a socket and frees its slot. */
    void release(final SanSocket s)
        {
        s.state = SanSocket.State.CLOSED;
        sockets[s.index] = null;
    }

    /**
     * @param s a descriptor
     * @return its open socket, or {@code null}
     */
    SanSocket socket(final long s)
        {
        if ((s & 0xFFFF_0000_0000_0000L) != DESCRIPTOR_TAG || (s & 0x0000_FFFF_0000_0000L) != 0)
        {
            return null;
        }
        final int index = (int)(s & 0xFFFF);
        if (index >= sockets.length)
        {
            return null;
        }
        final SanSocket sock = sockets[index];
        return sock != null && sock.descriptor == s && sock.state != SanSocket.State.CLOSED ? sock : null;
    }

    /** @return the slots */
    int capacity()
    {
        return sockets.length;
    }

    /**
     * @param index a slot
     * @return its socket, or {@code null}
     */
    SanSocket at(final int index)
    {
        return sockets[index];
    }

    /** @return the sockets with a QP, in table order; the list is reused by the next call */
    java.util.List<SanSocket> connected()
        {
        withQp.clear();
        for (final SanSocket s : sockets)
        {
            if (s != null && s.qp != null)
            {
                withQp.add(s);
            }
        }
        return withQp;
    }

    /**
     * @param local a socket's own address
     * @param remote its peer's address
     * @return the socket with those addresses that waits to be reconnected, or {@code null}
     */
    SanSocket reconnecting(final SOCKADDR_IN local, final SOCKADDR_IN remote)
        {
        for (final SanSocket s : sockets)
        {
            if (s != null && s.reconnecting && s.local != null && s.remote != null && s.remote.equals(remote)
                && s.local.sin_port == local.sin_port)
            {
                return s;
            }
        }
        return null;
    }

    /** @return the number of sockets open */
    int open()
        {
        int n = 0;
        for (final SanSocket s : sockets)
        {
            if (s != null)
            {
                n++;
            }
        }
        return n;
    }
}
