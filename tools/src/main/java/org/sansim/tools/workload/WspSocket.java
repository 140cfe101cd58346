package org.sansim.tools.workload;

import org.sansim.host.AddressSpace;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.RdmaDescriptor;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * One connected SAN socket of a WSP workload with what its thread needs: its own error and result
 * holders (calls of other threads of the host may interleave when one blocks), its buffer registered
 * with {@code WSPRegisterMemory} and exposed with {@code WSPRegisterRdmaMemory}, and the peer's RDMA
 * descriptor (swapped in a {@code WSPSend} once connected). Requests are overlapped with {@code hEvent}'s
 * low bit set, reaped with {@code WSPGetOverlappedResult(fWait=FALSE)} as the switch polls.
 */
final class WspSocket
{
    /** Busy-poll interval of a thread waiting for an overlapped result. */
    static final long POLL_PS = 10_000;
    private static final int CONTROL_BYTES = 4096;

    final WspProcess process;
    final IntHolder err = new IntHolder();
    final IntHolder bytes = new IntHolder();
    final IntHolder flags = new IntHolder();
    final IntHolder ignored = new IntHolder();
    long socket;
    long buffer;
    long handle;
    /** The peer's descriptor, in this process's memory. */
    long peerDescriptor;
    private long control;

    /**
     * @param process the host's process with the provider loaded
     * @param bufferBytes the buffer to allocate
     */
    WspSocket(final WspProcess process, final long bufferBytes)
    {
        this.process = process;
        this.buffer = process.allocate(bufferBytes);
        this.control = process.allocate(CONTROL_BYTES);
    }

    AddressSpace memory()
    {
        return process.memory();
    }

    void check(final boolean ok, final String what)
    {
        if (!ok)
        {
            throw new IllegalStateException(process + ": " + what + " failed: " + WinsockError.name(err.value));
        }
    }

    void pending(final int rc, final String what)
    {
        check(rc == Winsock.SOCKET_ERROR && err.value == WinsockError.WSA_IO_PENDING, what);
    }

    /**
     * Registers the buffer and the control page, exposes the buffer and swaps descriptors with the peer.
     *
     * @param self the thread
     * @param bufferBytes the buffer's size
     */
    void exchange(final SimThread self, final long bufferBytes)
    {
        final WspProcess p = process;
        handle = p.registerMemory.WSPRegisterMemory(socket, buffer, (int)bufferBytes, Winsock.MEM_READWRITE, err);
        check(handle != 0, "WSPRegisterMemory");
        check(p.registerMemory.WSPRegisterMemory(socket, control, CONTROL_BYTES, Winsock.MEM_READWRITE, err) != 0,
            "WSPRegisterMemory");
        final IntHolder length = new IntHolder(RdmaDescriptor.LENGTH_BYTES);
        check(p.registerRdmaMemory.WSPRegisterRdmaMemory(socket, buffer, (int)bufferBytes, Winsock.MEM_READWRITE,
            control + 64, length, err) == 0, "WSPRegisterRdmaMemory");
        peerDescriptor = control + 128;
        final WSAOVERLAPPED r = polled();
        pending(p.procs.lpWSPRecv.WSPRecv(socket, new WSABUF[] {new WSABUF(peerDescriptor, 64)}, 1, ignored, flags, r,
            null, null, err), "WSPRecv");
        final WSAOVERLAPPED w = polled();
        pending(p.procs.lpWSPSend.WSPSend(socket, new WSABUF[] {new WSABUF(control + 64, RdmaDescriptor.LENGTH_BYTES)},
            1, ignored, 0, w, null, null, err), "WSPSend");
        await(self, w);
        await(self, r);
    }

    /**
     * One {@code WSPGetOverlappedResult(fWait=FALSE)}.
     *
     * @param ov the request
     * @return whether it is done (and successful)
     */
    boolean done(final WSAOVERLAPPED ov)
    {
        if (process.procs.lpWSPGetOverlappedResult.WSPGetOverlappedResult(socket, ov, bytes, false, flags, err))
        {
            return true;
        }
        check(err.value == WinsockError.WSA_IO_INCOMPLETE, "overlapped request");
        return false;
    }

    /**
     * Polls until a request is done.
     *
     * @param self the thread
     * @param ov the request
     */
    void await(final SimThread self, final WSAOVERLAPPED ov)
    {
        while (!done(ov))
        {
            self.compute(POLL_PS);
            self.sync();
        }
    }

    /** @return an overlapped structure the provider completes without an upcall */
    static WSAOVERLAPPED polled()
    {
        final WSAOVERLAPPED ov = new WSAOVERLAPPED();
        ov.hEvent = 1;
        return ov;
    }
}
