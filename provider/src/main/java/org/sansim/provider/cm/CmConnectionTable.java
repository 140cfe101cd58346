package org.sansim.provider.cm;

import java.util.HashMap;
import java.util.Map;

/**
 * The connections of one {@link ConnectionManager} that are not closed, found by this side's
 * communication ID, and (passive side) by the peer's address and communication ID; and the
 * identifiers this side gives out.
 *
 * <p>Invariants: every connection in the table is under its local ID; a passive one also under
 * {@code (peer IPv4, remote ID)}, so that a duplicate REQ is recognised; a local ID is never 0 and never
 * that of a connection in the table. Transaction IDs carry this node's IPv4 address in their high half.
 */
final class CmConnectionTable
{
    private final int localIpv4;
    private final Map<Integer, CmConnection> byLocalId = new HashMap<>();
    private final Map<Long, CmConnection> byRemote = new HashMap<>();
    private int nextCommId;
    private int nextTid;

    /** @param localIpv4 this node's IPv4 address, which seeds the IDs */
    CmConnectionTable(final int localIpv4)
    {
        this.localIpv4 = localIpv4;
        this.nextCommId = localIpv4 * 0x9E37_79B1 | 1;
    }

    /** @return a local communication ID that is not 0 and not in use */
    int newCommId()
    {
        int id;
        do
        {
            id = nextCommId++;
        }
        while (id == 0 || byLocalId.containsKey(id));
        return id;
    }

    /** @return a new transaction ID: this node's address, then a counter */
    long newTid()
    {
        return (long)localIpv4 << 32 | (nextTid++ & 0xFFFF_FFFFL);
    }

    /** Adds an active connection (under its local ID only). */
    void addActive(final CmConnection c)
    {
        byLocalId.put(c.localCommId, c);
    }

    /** Adds a passive connection, under its local ID and under the requester's address and ID. */
    void addPassive(final CmConnection c)
    {
        byLocalId.put(c.localCommId, c);
        byRemote.put(remoteKey(c.peerIpv4, c.remoteCommId), c);
    }

    /** Removes a connection from every index it is in. */
    void remove(final CmConnection c)
    {
        byLocalId.remove(c.localCommId);
        if (!c.active)
        {
            byRemote.remove(remoteKey(c.peerIpv4, c.remoteCommId));
        }
    }

    /** @return the connection of a local communication ID, or {@code null} */
    CmConnection byLocalId(final int localCommId)
    {
        return byLocalId.get(localCommId);
    }

    /** @return the passive connection a requester at {@code ipv4} calls {@code remoteCommId}, or {@code null} */
    CmConnection byRemote(final int ipv4, final int remoteCommId)
    {
        return byRemote.get(remoteKey(ipv4, remoteCommId));
    }

    /** @return connections in the table, both sides */
    int size()
    {
        return byLocalId.size();
    }

    private static long remoteKey(final int ipv4, final int commId)
    {
        return (long)ipv4 << 32 | (commId & 0xFFFF_FFFFL);
    }
}
