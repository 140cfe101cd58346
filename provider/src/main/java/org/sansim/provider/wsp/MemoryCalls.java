package org.sansim.provider.wsp;

import java.util.List;
import org.sansim.host.AddressSpace;
import org.sansim.hw.AccessFlags;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The memory-registration extensions of {@link WsdProvider}: {@code WSPRegisterMemory},
 * {@code WSPDeregisterMemory}, {@code WSPRegisterRdmaMemory}, {@code WSPDeregisterRdmaMemory} and
 * {@code WSPMemoryRegistrationCacheCallback}, over the process's {@link Registrations}.
 *
 * <p>Access (as the OpenFabrics provider maps it, wsd-spi.md §2.6): local {@code MEM_READ} lets the
 * NIC read the buffer (a send source, an RDMA WRITE source); {@code MEM_WRITE} and
 * {@code MEM_READWRITE} let it write too. An RDMA registration adds remote read for
 * {@code MEM_READ}, remote write for {@code MEM_WRITE}, both for {@code MEM_READWRITE}.
 *
 * <p>Registering with the NIC blocks the calling thread for what the kernel driver and the NIC take
 * (system call, pinning per page, MTT writes, {@code CREATE_MKEY}); a cache hit costs only the
 * provider's lookup.
 */
final class MemoryCalls
{
    private MemoryCalls()
    {
    }

    static long register(final WsdProvider p, final long s, final long buffer, final int length, final int flags,
        final IntHolder lpErrno)
    {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            lpErrno.value = WinsockError.WSAENOTSOCK;
            return 0;
        }
        p.cpu(p.params.controlCallPs());
        final int err = check(p, buffer, length, flags);
        if (err != 0)
        {
            lpErrno.value = err;
            return 0;
        }
        final int access = (flags & Winsock.MEM_WRITE) != 0 ? AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE
            : AccessFlags.LOCAL_READ;
        final Registrations.Entry entry = entry(p, buffer, length, access, lpErrno);
        if (entry == null)
        {
            return 0;
        }
        return p.registrations.attach(sock, buffer, Integer.toUnsignedLong(length), access, entry).handle;
    }

    static int deregister(final WsdProvider p, final long s, final long handle, final IntHolder lpErrno)
    {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        final Registrations.Node n = p.registrations.node(sock, handle);
        if (n == null || n.entry.remote() || n.inUse > 0)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        drop(p, n);
        return 0;
    }

    static int registerRdma(final WsdProvider p, final long s, final long buffer, final int length, final int flags,
        final long descriptor, final IntHolder descriptorLength, final IntHolder lpErrno)
    {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if (descriptorLength == null || descriptorLength.value < RdmaDescriptor.LENGTH_BYTES)
        {
            if (descriptorLength != null)
            {
                descriptorLength.value = RdmaDescriptor.LENGTH_BYTES;
            }
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        final int err = check(p, buffer, length, flags);
        if (err != 0)
        {
            return WsdProvider.fail(lpErrno, err);
        }
        int access = AccessFlags.LOCAL_READ;
        if ((flags & Winsock.MEM_READ) != 0)
        {
            access |= AccessFlags.REMOTE_READ;
        }
        if ((flags & Winsock.MEM_WRITE) != 0)
        {
            access |= AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_WRITE;
        }
        final Registrations.Entry entry = entry(p, buffer, length, access, lpErrno);
        if (entry == null)
        {
            return Winsock.SOCKET_ERROR;
        }
        final Registrations.Node n = p.registrations.attach(sock, buffer, Integer.toUnsignedLong(length), access,
            entry);
        if (RdmaDescriptor.write(p.process.addressSpace(), descriptor, buffer, entry.region.rkey(), length, n.handle)
            != AddressSpace.OK)
        {
            drop(p, n);
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        descriptorLength.value = RdmaDescriptor.LENGTH_BYTES;
        return 0;
    }

    static int deregisterRdma(final WsdProvider p, final long s, final long descriptor, final int length,
        final IntHolder lpErrno)
    {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if (length < RdmaDescriptor.LENGTH_BYTES)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        final AddressSpace space = p.process.addressSpace();
        final long handle = space.getLongLE(descriptor + RdmaDescriptor.HANDLE_OFFSET);
        if (space.faulted())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        final Registrations.Node n = p.registrations.node(sock, handle);
        if (n == null || !n.entry.remote() || n.inUse > 0)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        drop(p, n);
        return 0;
    }

    /**
     * {@code WSPMemoryRegistrationCacheCallback}: {@code WSAEOPNOTSUPP} unless
     * {@link WsdParams#cacheCallbackEnabled()}; else evicts the cached registrations inside the range.
     *
     * @return 0 or {@code SOCKET_ERROR}, with {@code WSAEFAULT} (one is in use) or {@code WSAEINVAL}
     *     (none cached there)
     */
    static int evict(final WsdProvider p, final long va, final long size, final IntHolder lpErrno)
    {
        if (!p.params.cacheCallbackEnabled())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEOPNOTSUPP);
        }
        p.cpu(p.params.controlCallPs());
        final List<Registrations.Entry> cached = p.registrations.cachedInside(va, size);
        if (p.registrations.referencedInside(va, size))
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (cached.isEmpty())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        for (final Registrations.Entry e : cached)
        {
            p.stats.evictions.increment();
            unregister(p, e);
        }
        return 0;
    }

    /** Removes a socket's registration; a remote entry left without references is revoked. */
    static void drop(final WsdProvider p, final Registrations.Node n)
    {
        if (p.registrations.detach(n))
        {
            unregister(p, n.entry);
        }
    }

    private static void unregister(final WsdProvider p, final Registrations.Entry e)
    {
        p.registrations.forget(e);
        final int key = e.region.lkey();
        WsdProvider.self().<DriverStatus>await(done ->
            p.host.device().kernel().deregisterMemory(key, (status, cs, v) -> done.accept(status)));
    }

    private static int check(final WsdProvider p, final long buffer, final int length, final int flags)
    {
        if (flags != Winsock.MEM_READ && flags != Winsock.MEM_WRITE && flags != Winsock.MEM_READWRITE)
        {
            return WinsockError.WSAEINVAL;
        }
        if (buffer == 0 || length == 0 || Integer.toUnsignedLong(length) > p.params.maxMessageBytes())
        {
            return WinsockError.WSAEFAULT;
        }
        return 0;
    }

    private static Registrations.Entry entry(final WsdProvider p, final long buffer, final int length,
        final int access, final IntHolder lpErrno)
    {
        final long bytes = Integer.toUnsignedLong(length);
        final Registrations.Entry cached = p.registrations.find(buffer, bytes, access);
        if (cached != null)
        {
            p.stats.cacheHits.increment();
            return cached;
        }
        p.stats.cacheMisses.increment();
        final Object[] result = WsdProvider.self().await(done ->
            p.host.device().regMr(p.process, buffer, bytes, access, (status, mr) -> done.accept(new Object[] {status, mr})));
        final DriverStatus status = (DriverStatus)result[0];
        if (status != DriverStatus.OK)
        {
            lpErrno.value = status == DriverStatus.PAGE_FAULT || status == DriverStatus.BAD_ARGUMENT
                ? WinsockError.WSAEFAULT : WinsockError.WSAENOBUFS;
            return null;
        }
        return p.registrations.add(buffer, bytes, access, (MemoryRegion)result[1]);
    }
}
