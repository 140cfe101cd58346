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
public final class WspSocket
{
    /** Busy-poll interval of a thread waiting for an overlapped result. */
    public static final long POLL_PS = 10_000;
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

    /** @return the process's provider, loaded */
    public WspProcess process()
    {
        return process;
    }

    /** @return the socket's handle */
    public long socket()
    {
        return socket;
    }

    /** @return the data-path buffer's address, registered and exposed to the peer */
    public long buffer()
    {
        return buffer;
    }

    /** @return the buffer's {@code WSPRegisterMemory} handle */
    public long handle()
    {
        return handle;
    }

    /** @return the address of the peer's RDMA descriptor, in this process's memory */
    public long peerDescriptor()
    {
        return peerDescriptor;
    }

    /** @return the holder of the last call's error: the socket's own (threads may interleave) */
    public IntHolder err()
    {
        return err;
    }

    /** @return a holder for out-arguments the socket's caller ignores */
    public IntHolder ignored()
    {
        return ignored;
    }

    /** @return the holder of a receive's flags */
    public IntHolder flags()
    {
        return flags;
    }

    void check(final boolean ok, final String what)
    {
        if (!ok)
        {
            throw new IllegalStateException(process + ": " + what + " failed: " + WinsockError.name(err.value));
        }
    }

    /**
     * Checks that an overlapped request started.
     *
     * @param rc what the call returned
     * @param what the call, for the message
     * @throws IllegalStateException naming the call and its error if it did not start
     */
    public void pending(final int rc, final String what)
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
    public boolean done(final WSAOVERLAPPED ov)
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
    public static WSAOVERLAPPED polled()
    {
        final WSAOVERLAPPED ov = new WSAOVERLAPPED();
        ov.hEvent = 1;
        return ov;
    }
}
