package org.sansim.provider.wsp;

import org.sansim.host.thread.SimThread;
import org.sansim.jfr.SimJfr;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;

/**
 * What a {@link WsdProvider}'s data-path calls tell observers: the recording tap ({@link WspTap}, one for every
 * provider of the JVM, installed with {@link WsdProvider#tap(WspTap)}) and SanSim's {@code WspCall} JFR event.
 * With neither on, a call pays one volatile load and one flag test and allocates nothing.
 */
final class CallTracing
{
    /** The recording tap of every provider, or null (the default). */
    private static volatile WspTap tap;

    private final WsdProvider p;

    CallTracing(final WsdProvider p)
    {
        this.p = p;
    }

    static void install(final WspTap value)
    {
        tap = value;
    }

    static WspTap installed()
    {
        return tap;
    }

    /**
     * {@code WSPGetOverlappedResult} with the tap told of its start and its outcome.
     *
     * @return whether the request completed successfully
     */
    boolean overlappedResult(final long s, final WSAOVERLAPPED lpOverlapped, final IntHolder lpcbTransfer,
        final boolean fWait, final IntHolder lpdwFlags, final IntHolder lpErrno)
    {
        final WspTap t = tap;
        if (t == null)
        {
            return p.data.overlappedResult(s, lpOverlapped, lpcbTransfer, fWait, lpdwFlags, lpErrno);
        }
        t.entered();
        final boolean done = p.data.overlappedResult(s, lpOverlapped, lpcbTransfer, fWait, lpdwFlags, lpErrno);
        t.overlappedResult(p.name, p.process.pid(), s, lpOverlapped, done, done ? lpcbTransfer.value : 0,
            callerNowPs());
        return done;
    }

    /**
     * Emits a {@code WspCall} JFR event for a data-path call when SanSim's events are on (the buffers are summed
     * only then).
     *
     * @return {@code result}
     */
    int traced(final String call, final long s, final WSABUF[] buffers, final int count,
        final WSAOVERLAPPED overlapped, final int result)
    {
        final WspTap t = tap;
        if (t != null)
        {
            t.call(p.name, p.process.pid(), call, s, buffers, count, overlapped, result, callerNowPs());
        }
        if (SimJfr.enabled())
        {
            long n = 0;
            for (int i = 0; buffers != null && i < Math.min(count, buffers.length); i++)
            {
                n += buffers[i] == null ? 0 : buffers[i].len;
            }
            emit(call, s, n, result);
        }
        return result;
    }

    /** As {@link #traced(String, long, WSABUF[], int, WSAOVERLAPPED, int)} for RDMA buffers and the target. */
    int traced(final String call, final long s, final WSABUFEX[] buffers, final int count, final long target,
        final int targetOffset, final WSAOVERLAPPED overlapped, final int result)
    {
        final WspTap t = tap;
        if (t != null)
        {
            t.rdmaCall(p.name, p.process.pid(), call, s, buffers, count, target, targetOffset, overlapped, result,
                callerNowPs());
        }
        if (SimJfr.enabled())
        {
            long n = 0;
            for (int i = 0; buffers != null && i < Math.min(count, buffers.length); i++)
            {
                n += buffers[i] == null ? 0 : buffers[i].len;
            }
            emit(call, s, n, result);
        }
        return result;
    }

    /** Tells the tap, if any, that a data-path call starts. */
    static void entered()
    {
        final WspTap t = tap;
        if (t != null)
        {
            t.entered();
        }
    }

    private void emit(final String call, final long s, final long bytes, final int result)
    {
        final SimThread t = SimThread.current();
        SimJfr.wspCall(t == null ? -1 : t.nowPs(), p.name, call, s, bytes, result);
    }

    private static long callerNowPs()
    {
        final SimThread t = SimThread.current();
        return t == null ? -1 : t.nowPs();
    }
}
