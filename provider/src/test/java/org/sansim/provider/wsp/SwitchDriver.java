package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.Guid;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WSPDATA;
import org.sansim.provider.wsp.api.WSPPROC_TABLE;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.provider.wsp.api.WsaExtensions;
import org.sansim.provider.wsp.api.WsaGuids;

/**
 * Drives a provider the way the Windows Sockets switch does (wsd-spi.md §1.3-§1.5), from a simulated
 * thread: start-up, companion sockets, event selection, non-blocking connect, accept, extension
 * functions. Each helper asserts the calls the switch expects to succeed; tests call the provider
 * directly for the error cases.
 */
final class SwitchDriver
{
    final WsdTestbed.Process process;
    final WsdProvider p;
    final WSPPROC_TABLE procs = new WSPPROC_TABLE();
    final WSPDATA data = new WSPDATA();
    final IntHolder err = new IntHolder();
    WsaExtensions.LPFN_WSPREGISTERMEMORY registerMemory;
    WsaExtensions.LPFN_WSPDEREGISTERMEMORY deregisterMemory;
    WsaExtensions.LPFN_WSPREGISTERRDMAMEMORY registerRdmaMemory;
    WsaExtensions.LPFN_WSPDEREGISTERRDMAMEMORY deregisterRdmaMemory;
    WsaExtensions.LPFN_WSPRDMAWRITE rdmaWrite;
    WsaExtensions.LPFN_WSPRDMAREAD rdmaRead;
    private long scratch;

    SwitchDriver(final WsdTestbed.Process process)
    {
        this.process = process;
        this.p = process.provider();
    }

    /** {@code WSPStartupEx} with TCP/IP's protocol info, then the extension functions by GUID. */
    SwitchDriver startup()
    {
        final WSAPROTOCOL_INFOW tcp = new WSAPROTOCOL_INFOW();
        tcp.iAddressFamily = Winsock.AF_INET;
        tcp.iSocketType = Winsock.SOCK_STREAM;
        tcp.iProtocol = Winsock.IPPROTO_TCP;
        assertEquals(0, p.WSPStartupEx(Winsock.makeWord(2, 2), data, tcp, process.upcalls().table(), procs));
        scratch = process.allocate(4096);
        final long s = socket();
        registerMemory = extension(s, WsaGuids.WSAID_REGISTERMEMORY);
        deregisterMemory = extension(s, WsaGuids.WSAID_DEREGISTERMEMORY);
        registerRdmaMemory = extension(s, WsaGuids.WSAID_REGISTERRDMAMEMORY);
        deregisterRdmaMemory = extension(s, WsaGuids.WSAID_DEREGISTERRDMAMEMORY);
        rdmaWrite = extension(s, WsaGuids.WSAID_RDMAWRITE);
        if (p.params.rdmaReadEnabled())
        {
            rdmaRead = extension(s, WsaGuids.WSAID_RDMAREAD);
        }
        assertEquals(0, procs.lpWSPCloseSocket.WSPCloseSocket(s, err));
        return this;
    }

    /**
     * @param <T> the function's type
     * @param s any socket
     * @param guid the extension's GUID
     * @return the function, through {@code SIO_GET_EXTENSION_FUNCTION_POINTER}
     */
    <T> T extension(final long s, final Guid guid)
    {
        final IntHolder returned = new IntHolder();
        final int rc = ioctlGuid(s, guid, 8, returned);
        assertEquals(0, rc, () -> "ioctl for " + guid + ": " + WinsockError.name(err.value));
        assertEquals(8, returned.value);
        @SuppressWarnings("unchecked")
        final T f = (T)p.resolve(process.process().addressSpace().getLongLE(scratch + 16));
        assertNotEquals(null, f);
        return f;
    }

    int ioctlGuid(final long s, final Guid guid, final int outBytes, final IntHolder returned)
    {
        process.write(scratch, guid.toBytes());
        return procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER, scratch, 16, scratch + 16,
            outBytes, returned, null, null, null, err);
    }

    long socket()
    {
        final long s = procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, null, 0,
            Winsock.WSA_FLAG_OVERLAPPED, err);
        assertNotEquals(Winsock.INVALID_SOCKET, s, () -> WinsockError.name(err.value));
        return s;
    }

    int ip()
    {
        return p.host.ipv4();
    }

    /** Socket, bind, listen, event select for {@code FD_ACCEPT}; returns the socket and its event. */
    long[] listen(final int port, final int backlog)
    {
        final long s = socket();
        assertEquals(0, procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(0, port), 16, err));
        final long event = process.upcalls().WPUCreateEvent(err);
        assertEquals(0, procs.lpWSPEventSelect.WSPEventSelect(s, event, Winsock.FD_ACCEPT, err));
        assertEquals(0, procs.lpWSPListen.WSPListen(s, backlog, err), () -> WinsockError.name(err.value));
        return new long[] {s, event};
    }

    /**
     * Socket, bind, event select for {@code FD_CONNECT}, non-blocking connect, wait for the event.
     *
     * @return {socket, FD_CONNECT error}
     */
    long[] connect(final SimThread self, final int ip, final int port, final WSABUF callerData,
        final WSABUF calleeData)
    {
        final long s = socket();
        assertEquals(0, procs.lpWSPBind.WSPBind(s, SOCKADDR_IN.of(ip(), 0), 16, err));
        final long event = process.upcalls().WPUCreateEvent(err);
        assertEquals(0, procs.lpWSPEventSelect.WSPEventSelect(s, event, Winsock.FD_CONNECT, err));
        final int rc = procs.lpWSPConnect.WSPConnect(s, SOCKADDR_IN.of(ip, port), 16, callerData, calleeData, null,
            null, err);
        if (rc == 0)
        {
            return new long[] {s, 0};
        }
        if (err.value != WinsockError.WSAEWOULDBLOCK)
        {
            return new long[] {s, err.value};
        }
        process.upcalls().event(event).await(self);
        final WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
        assertEquals(0, procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(s, event, ne, err));
        assertEquals(Winsock.FD_CONNECT, ne.lNetworkEvents & Winsock.FD_CONNECT);
        return new long[] {s, ne.iErrorCode[Winsock.FD_CONNECT_BIT]};
    }

    long connectOk(final SimThread self, final int ip, final int port)
    {
        final long[] r = connect(self, ip, port, null, null);
        assertEquals(0, r[1], () -> "FD_CONNECT " + WinsockError.name((int)r[1]));
        return r[0];
    }

    /** Waits for {@code FD_ACCEPT}, enumerates, accepts (condition function optional). */
    long acceptOk(final SimThread self, final long[] listener)
    {
        awaitAccept(self, listener);
        final long a = procs.lpWSPAccept.WSPAccept(listener[0], new SOCKADDR_IN(), new IntHolder(16), null, 0, err);
        assertNotEquals(Winsock.INVALID_SOCKET, a, () -> WinsockError.name(err.value));
        return a;
    }

    void awaitAccept(final SimThread self, final long[] listener)
    {
        process.upcalls().event(listener[1]).await(self);
        final WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
        assertEquals(0, procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(listener[0], listener[1], ne, err));
        assertEquals(Winsock.FD_ACCEPT, ne.lNetworkEvents);
    }

    long register(final long s, final long va, final int length, final int flags)
    {
        final long h = registerMemory.WSPRegisterMemory(s, va, length, flags, err);
        assertNotEquals(0L, h, () -> WinsockError.name(err.value));
        return h;
    }

    /** A polling overlapped structure: low bit of hEvent set, no completion upcall. */
    static WSAOVERLAPPED polled()
    {
        final WSAOVERLAPPED ov = new WSAOVERLAPPED();
        ov.hEvent = 1;
        return ov;
    }

    int send(final long s, final long va, final int length, final WSAOVERLAPPED ov)
    {
        return procs.lpWSPSend.WSPSend(s, new WSABUF[] {new WSABUF(va, length)}, 1, new IntHolder(), 0, ov, null,
            null, err);
    }

    int recv(final long s, final long va, final int length, final WSAOVERLAPPED ov)
    {
        return procs.lpWSPRecv.WSPRecv(s, new WSABUF[] {new WSABUF(va, length)}, 1, new IntHolder(), new IntHolder(),
            ov, null, null, err);
    }

    int rdmaWrite(final long s, final long va, final int length, final long handle, final long descriptor,
        final int offset, final WSAOVERLAPPED ov)
    {
        return rdmaWrite.WSPRdmaWrite(s, new WSABUFEX[] {new WSABUFEX(va, length, handle)}, 1, descriptor,
            RdmaDescriptor.LENGTH_BYTES, offset, new IntHolder(), 0, ov, null, null, err);
    }

    int rdmaRead(final long s, final long va, final int length, final long handle, final long descriptor,
        final int offset, final WSAOVERLAPPED ov)
    {
        return rdmaRead.WSPRdmaRead(s, new WSABUFEX[] {new WSABUFEX(va, length, handle)}, 1, descriptor,
            RdmaDescriptor.LENGTH_BYTES, offset, new IntHolder(), 0, ov, null, null, err);
    }

    /** Blocks until the request completes ({@code fWait}); returns its error (0 for success) and bytes. */
    int[] result(final long s, final WSAOVERLAPPED ov)
    {
        final IntHolder bytes = new IntHolder();
        final IntHolder flags = new IntHolder();
        final IntHolder e = new IntHolder();
        final boolean ok = procs.lpWSPGetOverlappedResult.WSPGetOverlappedResult(s, ov, bytes, true, flags, e);
        return new int[] {ok ? 0 : e.value, bytes.value};
    }

    void expectPending(final int rc)
    {
        assertEquals(Winsock.SOCKET_ERROR, rc);
        assertEquals(WinsockError.WSA_IO_PENDING, err.value, () -> WinsockError.name(err.value));
    }

    void expectError(final int rc, final int code)
    {
        assertEquals(Winsock.SOCKET_ERROR, rc);
        assertEquals(code, err.value, () -> "expected " + WinsockError.name(code) + ", got "
            + WinsockError.name(err.value));
    }
}
