package org.sansim.provider.wsp;

import org.sansim.host.AddressSpace;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.QOS;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The socket options and QoS calls of {@link WsdProvider}: {@code WSPGetSockOpt}, {@code WSPSetSockOpt} and
 * {@code WSPGetQOSByName}, with the contracts documented there. Each charges {@link WsdParams#controlCallPs()}
 * once the socket is known; a caller's mistake returns its {@code WSAE*} code and changes nothing.
 */
final class SocketOptions
{
    private final WsdProvider p;

    SocketOptions(final WsdProvider p)
    {
        this.p = p;
    }

    /** {@code WSPGetSockOpt}; see {@link WsdProvider#WSPGetSockOpt}. */
    int getSockOpt(final long s, final int level, final int optname, final long optval, final IntHolder optlen,
        final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        final int value;
        if (level == Winsock.SOL_SOCKET)
        {
            switch (optname)
            {
                case Winsock.SO_DEBUG:
                    value = sock.debug ? 1 : 0;
                    break;
                case Winsock.SO_MAX_MSG_SIZE:
                    value = (int)p.params.maxMessageBytes();
                    break;
                case Winsock.SO_MAX_RDMA_SIZE:
                    value = (int)p.params.maxRdmaBytes();
                    break;
                case Winsock.SO_RDMA_THRESHOLD_SIZE:
                    value = p.params.rdmaThresholdBytes();
                    break;
                case Winsock.SO_GROUP_ID:
                    if (!p.params.qosEnabled())
                    {
                        return WsdProvider.fail(lpErrno, WinsockError.WSAENOPROTOOPT);
                    }
                    value = 0;
                    break;
                case Winsock.SO_GROUP_PRIORITY:
                    if (!p.params.qosEnabled())
                    {
                        return WsdProvider.fail(lpErrno, WinsockError.WSAENOPROTOOPT);
                    }
                    value = sock.groupPriority;
                    break;
                default:
                    return WsdProvider.fail(lpErrno, WinsockError.WSAENOPROTOOPT);
            }
        }
        else if (level == Winsock.IPPROTO_TCP)
        {
            if (optname != Winsock.TCP_NODELAY)
            {
                return WsdProvider.fail(lpErrno, WinsockError.WSAENOPROTOOPT);
            }
            value = 1;
        }
        else
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEINVAL);
        }
        if (optlen == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (optlen.value < Integer.BYTES)
        {
            optlen.value = Integer.BYTES;
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (p.process.addressSpace().putIntLE(optval, value) != AddressSpace.OK)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        optlen.value = Integer.BYTES;
        return 0;
    }

    /** {@code WSPSetSockOpt}; see {@link WsdProvider#WSPSetSockOpt}. */
    int setSockOpt(final long s, final int level, final int optname, final long optval, final int optlen,
        final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOTSOCK);
        }
        p.cpu(p.params.controlCallPs());
        if (level != Winsock.SOL_SOCKET)
        {
            return WsdProvider.fail(lpErrno, level == Winsock.IPPROTO_TCP ? WinsockError.WSAENOPROTOOPT : WinsockError.WSAEINVAL);
        }
        if (optname != Winsock.SO_DEBUG && !(optname == Winsock.SO_GROUP_PRIORITY && p.params.qosEnabled()))
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAENOPROTOOPT);
        }
        if (optlen != Integer.BYTES)
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        final AddressSpace space = p.process.addressSpace();
        final int value = space.getIntLE(optval);
        if (space.faulted())
        {
            return WsdProvider.fail(lpErrno, WinsockError.WSAEFAULT);
        }
        if (optname == Winsock.SO_DEBUG)
        {
            sock.debug = value != 0;
        }
        else
        {
            sock.groupPriority = value;
        }
        return 0;
    }

    /** {@code WSPGetQOSByName}; see {@link WsdProvider#WSPGetQOSByName}. */
    boolean qosByName(final long s, final WSABUF lpQOSName, final QOS lpQOS, final IntHolder lpErrno)
        {
        final SanSocket sock = p.socket(s);
        if (sock == null)
        {
            lpErrno.value = WinsockError.WSAENOTSOCK;
            return false;
        }
        p.cpu(p.params.controlCallPs());
        if (!p.params.qosEnabled())
        {
            lpErrno.value = WinsockError.WSAEOPNOTSUPP;
            return false;
        }
        if (lpQOSName == null || lpQOS == null)
        {
            lpErrno.value = WinsockError.WSAEFAULT;
            return false;
        }
        final byte[] text = new byte[Math.max(0, Math.min(lpQOSName.len, 64))];
        if (p.process.addressSpace().read(lpQOSName.buf, text, 0, text.length) != AddressSpace.OK)
        {
            lpErrno.value = WinsockError.WSAEFAULT;
            return false;
        }
        final String templ = new String(text, java.nio.charset.StandardCharsets.US_ASCII).trim();
        if (!QosTemplates.fill(templ, lpQOS))
        {
            lpErrno.value = WinsockError.WSAEINVAL;
            return false;
        }
        return true;
    }
}
