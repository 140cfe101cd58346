package org.sansim.provider.wsp;

import java.util.ArrayList;
import java.util.List;
import org.sansim.hw.AccessFlags;
import org.sansim.provider.verbs.MemoryRegion;

/**
 * One process's memory registrations with the NIC, and the registration cache the WSD documents
 * ask for (wsd-spi.md §2.6).
 *
 * <p>An {@link Entry} is one NIC registration (a memory key over pinned pages). A socket's
 * registration is a {@link Node}: a handle, the range and access the caller asked for, and a
 * reference to the entry that covers it. Registering a range an entry already covers with enough
 * access takes a reference instead of asking the NIC again. When the last node of a local entry
 * goes, the entry stays pinned and registered: it is <i>cached</i> until the cache callback evicts
 * it. An entry with remote access is not cached: when its last node goes, the provider revokes
 * remote access by deregistering it, as the documents require for RDMA-exposed memory.
 *
 * <p>Not thread-safe; used by the process's simulated threads, one at a time.
 */
final class Registrations
{
    /** One NIC registration. */
    static final class Entry
    {
        final long va;
        final long lengthBytes;
        final int access;
        final MemoryRegion region;
        int references;
        boolean registered = true;

        Entry(final long va, final long lengthBytes, final int access, final MemoryRegion region)
        {
            this.va = va;
            this.lengthBytes = lengthBytes;
            this.access = access;
            this.region = region;
        }

        boolean covers(final long start, final long bytes, final int needed)
        {
            return registered && start >= va && bytes >= 0 && start - va <= lengthBytes - bytes
                && (access & needed) == needed;
        }

        boolean remote()
        {
            return (access & (AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE)) != 0;
        }
    }

    /** One socket's registration: what a handle or an RDMA descriptor names. */
    static final class Node
    {
        final long handle;
        final SanSocket socket;
        final long va;
        final long lengthBytes;
        final int access;
        final Entry entry;
        /** Work requests in flight that use this registration. */
        int inUse;

        Node(final long handle, final SanSocket socket, final long va, final long lengthBytes, final int access,
            final Entry entry)
        {
            this.handle = handle;
            this.socket = socket;
            this.va = va;
            this.lengthBytes = lengthBytes;
            this.access = access;
            this.entry = entry;
        }

        boolean covers(final long start, final long bytes, final int needed)
        {
            return start >= va && bytes >= 0 && start - va <= lengthBytes - bytes && (access & needed) == needed;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private long nextHandle = 0x5A_0000_0001L;

    /**
     * @param va first byte
     * @param lengthBytes bytes
     * @param access {@code AccessFlags} needed
     * @return a registered entry covering the range with that access, or {@code null}
     */
    Entry find(final long va, final long lengthBytes, final int access)
    {
        for (int i = 0; i < entries.size(); i++)
        {
            final Entry e = entries.get(i);
            if (e.covers(va, lengthBytes, access) && e.remote() == isRemote(access))
            {
                return e;
            }
        }
        return null;
    }

    /**
     * Records a new NIC registration.
     *
     * @param va first byte
     * @param lengthBytes bytes
     * @param access {@code AccessFlags} granted
     * @param region the NIC registration
     * @return the entry, with no references yet
     */
    Entry add(final long va, final long lengthBytes, final int access, final MemoryRegion region)
    {
        final Entry e = new Entry(va, lengthBytes, access, region);
        entries.add(e);
        return e;
    }

    /**
     * Adds a socket's registration of an entry.
     *
     * @param socket the socket
     * @param va first byte asked for
     * @param lengthBytes bytes asked for
     * @param access {@code AccessFlags} asked for
     * @param entry the covering entry, which gains a reference
     * @return the node, with a fresh handle
     */
    Node attach(final SanSocket socket, final long va, final long lengthBytes, final int access, final Entry entry)
    {
        final Node n = new Node(nextHandle++, socket, va, lengthBytes, access, entry);
        entry.references++;
        nodes.add(n);
        return n;
    }

    /**
     * @param socket the socket
     * @param handle a handle
     * @return the socket's node of that handle, or {@code null}
     */
    Node node(final SanSocket socket, final long handle)
    {
        for (int i = 0; i < nodes.size(); i++)
        {
            final Node n = nodes.get(i);
            if (n.handle == handle && n.socket == socket)
            {
                return n;
            }
        }
        return null;
    }

    /**
     * Finds the socket's registration covering a buffer with the access needed (no allocation).
     *
     * @param socket the socket
     * @param va first byte
     * @param lengthBytes bytes
     * @param access {@code AccessFlags} needed
     * @return the node, or {@code null}
     */
    Node covering(final SanSocket socket, final long va, final long lengthBytes, final int access)
    {
        for (int i = 0; i < nodes.size(); i++)
        {
            final Node n = nodes.get(i);
            if (n.socket == socket && n.covers(va, lengthBytes, access))
            {
                return n;
            }
        }
        return null;
    }

    /**
     * Removes a node; its entry loses a reference.
     *
     * @param n the node
     * @return whether the entry should now be deregistered from the NIC (a remote entry with no
     *     references left); a local entry with none left stays cached
     */
    boolean detach(final Node n)
    {
        nodes.remove(n);
        n.entry.references--;
        return n.entry.references == 0 && n.entry.remote();
    }

    /** @param e an entry deregistered from the NIC */
    void forget(final Entry e)
    {
        e.registered = false;
        entries.remove(e);
    }

    /**
     * @param socket a socket
     * @return its nodes, in registration order
     */
    List<Node> nodesOf(final SanSocket socket)
    {
        final List<Node> out = new ArrayList<>();
        for (final Node n : nodes)
        {
            if (n.socket == socket)
            {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * @param va first byte of a range
     * @param sizeBytes bytes of the range
     * @return the cached entries (no references) lying wholly inside the range
     */
    List<Entry> cachedInside(final long va, final long sizeBytes)
    {
        final List<Entry> out = new ArrayList<>();
        for (final Entry e : entries)
        {
            if (e.references == 0 && inside(e, va, sizeBytes))
            {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * @param va first byte of a range
     * @param sizeBytes bytes of the range
     * @return whether an entry still referenced by a socket lies wholly inside the range
     */
    boolean referencedInside(final long va, final long sizeBytes)
    {
        for (final Entry e : entries)
        {
            if (e.references > 0 && inside(e, va, sizeBytes))
            {
                return true;
            }
        }
        return false;
    }

    /** @return the cached entries: registered with the NIC, referenced by no socket */
    int cachedEntries()
    {
        int n = 0;
        for (final Entry e : entries)
        {
            if (e.references == 0)
            {
                n++;
            }
        }
        return n;
    }

    /** @return every entry registered with the NIC */
    List<Entry> entries()
    {
        return List.copyOf(entries);
    }



    private static boolean inside(final Entry e, final long va, final long sizeBytes)
    {
        return e.va >= va && e.va - va <= sizeBytes - e.lengthBytes;
    }

    private static boolean isRemote(final int access)
    {
        return (access & (AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE)) != 0;
    }
}
