package org.sansim.provider.wsp;

import org.sansim.host.AddressSpace;
import org.sansim.provider.wsp.api.Guid;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.SocketAddressList;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.provider.wsp.api.WsaExtensions;
import org.sansim.provider.wsp.api.WsaGuids;

/**
 * The extension functions of {@link WsdProvider} and the ioctls that reach them: {@code WSPIoctl}
 * ({@code SIO_GET_EXTENSION_FUNCTION_POINTER} by the real GUIDs, {@code SIO_ADDRESS_LIST_QUERY}, the QoS codes)
 * and the resolution of the function handles it hands out. A handle is {@code EXTENSION_TAG | index}:
 *
 * <pre>
 *  63            48 47                                   4 3     0
 * +----------------+--------------------------------------+-------+
 * |     0x0E47     |                  0                   | index |
 * +----------------+--------------------------------------+-------+
 * </pre>
 *
 * where the index picks {@code WSPRegisterMemory}, {@code WSPDeregisterMemory}, {@code WSPRegisterRdmaMemory},
 * {@code WSPDeregisterRdmaMemory}, {@code WSPRdmaWrite}, {@code WSPRdmaRead} or
 * {@code WSPMemoryRegistrationCacheCallback}, in that order.
 */
final class ExtensionFunctions
{
    private static final long EXTENSION_TAG = 0x0E47_0000_0000_0000L;
    private static final int RDMA_READ = 5;
    private static final int CACHE_CALLBACK = 6;

    private final WsdProvider p;
    private final Object[] extensions = new Object[7];
    private final Guid[] extensionGuids = {WsaGuids.WSAID_REGISTERMEMORY, WsaGuids.WSAID_DEREGISTERMEMORY,
        WsaGuids.WSAID_REGISTERRDMAMEMORY, WsaGuids.WSAID_DEREGISTERRDMAMEMORY, WsaGuids.WSAID_RDMAWRITE,
        WsaGuids.WSAID_RDMAREAD, WsaGuids.WSAID_MEMORYREGISTRATIONCACHECALLBACK};
    private final byte[] bytes16 = new byte[Guid.SIZE_BYTES];

    ExtensionFunctions(final WsdProvider p)
    {
        this.p = p;
        extensions[0] = (WsaExtensions.LPFN_WSPREGISTERMEMORY)p::WSPRegisterMemory;
        extensions[1] = (WsaExtensions.LPFN_WSPDEREGISTERMEMORY)p::WSPDeregisterMemory;
        extensions[2] = (WsaExtensions.LPFN_WSPREGISTERRDMAMEMORY)p::WSPRegisterRdmaMemory;
        extensions[3] = (WsaExtensions.LPFN_WSPDEREGISTERRDMAMEMORY)p::WSPDeregisterRdmaMemory;
        extensions[4] = (WsaExtensions.LPFN_WSPRDMAWRITE)p::WSPRdmaWrite;
        extensions[RDMA_READ] = (WsaExtensions.LPFN_WSPRDMAREAD)p::WSPRdmaRead;
        extensions[CACHE_CALLBACK] =
            (WsaExtensions.LPFN_WSPMEMORYREGISTRATIONCACHECALLBACK)p::WSPMemoryRegistrationCacheCallback;
    }

    /** {@code WSPIoctl}; see {@link WsdProvider#WSPIoctl}. */
    int ioctl(final long s, final int dwIoControlCode, final long lpvInBuffer, final int cbInBuffer,
        final long lpvOutBuffer, final int cbOutBuffer, final IntHolder lpcbBytesReturned, final IntHolder lpErrno)
        {
        if (p.lifecycle().startups() == 0)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSANOTINITIALISED);
        }
        p.cpu(p.params.controlCallPs());
        final AddressSpace space = p.process.addressSpace();
        switch (dwIoControlCode)
        {
            case Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER:
            {
                if (cbInBuffer < Guid.SIZE_BYTES || space.read(lpvInBuffer, bytes16, 0, Guid.SIZE_BYTES)
                    != AddressSpace.OK)
                {
                    return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
                }
                final Guid guid = Guid.readFrom(bytes16, 0);
                int which = -1;
                for (int i = 0; i < extensionGuids.length; i++)
                {
                    if (extensionGuids[i].equals(guid))
                    {
                        which = i;
                    }
                }
                if (which < 0)
                {
                    return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
                }
                if ((which == RDMA_READ && !p.params.rdmaReadEnabled()) || (which == CACHE_CALLBACK && !p.params.cacheCallbackEnabled()))
                {
                    return WsdProvider.fail(lpErrno, WinsockError.WSAEOPNOTSUPP);
                }
                if (cbOutBuffer < Long.BYTES || space.putLongLE(lpvOutBuffer, EXTENSION_TAG | which) != AddressSpace.OK)
                {
                    return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
                }
                if (lpcbBytesReturned != null)
                {
                    lpcbBytesReturned.value = Long.BYTES;
                }
                return 0;
            }
            case Winsock.SIO_ADDRESS_LIST_QUERY:
            {
                if (p.socket(s) == null)
                {
                    return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
                }
                final java.util.List<SOCKADDR_IN> list = java.util.List.of(SOCKADDR_IN.of(p.host.ipv4(), 0));
                final int needed = SocketAddressList.sizeBytes(list.size());
                if (lpcbBytesReturned != null)
                {
                    lpcbBytesReturned.value = needed;
                }
                if (cbOutBuffer < needed)
                {
                    return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
                }
                final byte[] out = new byte[needed];
                SocketAddressList.encode(lpvOutBuffer, list, out);
                if (space.write(lpvOutBuffer, out, 0, needed) != AddressSpace.OK)
                {
                    return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
                }
                return 0;
            }
            case Winsock.SIO_GET_QOS:
            case Winsock.SIO_SET_QOS:
            case Winsock.SIO_GET_GROUP_QOS:
            case Winsock.SIO_SET_GROUP_QOS:
                if (p.socket(s) == null)
                {
                    return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
                }
                if (!p.params.qosEnabled())
                {
                    return WsdProvider.fail(lpErrno, WinsockError.WSAEOPNOTSUPP);
                }
                if (lpcbBytesReturned != null)
                {
                    lpcbBytesReturned.value = 0;
                }
                return 0;
            default:
                return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
    }

    /** Resolves a handle {@link #ioctl} stored; see {@link WsdProvider#resolve}. */
    Object resolve(final long functionHandle)
        {
        if ((functionHandle & ~0xFL) != EXTENSION_TAG)
        {
            return null;
        }
        final int which = (int)(functionHandle & 0xF);
        return which < extensions.length ? extensions[which] : null;
    }
}
