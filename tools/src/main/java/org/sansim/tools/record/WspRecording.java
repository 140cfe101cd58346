package org.sansim.tools.record;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;

/**
 * The WSP half of a recording ({@link TraceRecorder} forwards the provider's tap to it): turns each simulated
 * thread's data-path calls into events by the conventions of {@link RecordedWsp}, measuring the time between
 * calls (CPU and otherwise) and folding repeated unsuccessful polls of one request into one event. Per thread
 * and per process state is touched only from the thread's own host partition; events go to a sink by host.
 */
final class WspRecording
{
    /** Where events go: per host, in the order made. */
    interface Sink
    {
        void add(String host, TraceEvent event);
    }

    private final Sink sink;
    private final Map<SimThread, ThreadState> threads = new ConcurrentHashMap<>();
    private final Map<String, Map<WSAOVERLAPPED, Long>> overlappedIds = new ConcurrentHashMap<>();
    private final List<TraceEvent> connections = new ArrayList<>();
    private volatile long connectedPs = -1;

    WspRecording(final Sink sink)
    {
        this.sink = sink;
    }

    /** @return whether connections were recorded: then this is a WSP recording */
    boolean any()
    {
        return connectedPs >= 0;
    }

    /** @return when the last connection was set up: earlier calls belong to the set-up */
    long connectedPs()
    {
        return connectedPs;
    }

    /** @return the connection events, in set-up order */
    List<TraceEvent> connections()
    {
        synchronized (connections)
        {
            return new ArrayList<>(connections);
        }
    }

    void entered()
    {
        final SimThread t = SimThread.current();
        if (t != null)
        {
            final ThreadState s = threads.computeIfAbsent(t, k -> new ThreadState());
            s.entryPs = t.nowPs();
            s.entryCpuPs = t.cpuPs();
        }
    }

    void call(final String providerName, final int pid, final String function, final long socket,
        final List<Long> sizes, final List<Long> addresses, final WSAOVERLAPPED overlapped, final int result)
    {
        final SimThread t = SimThread.current();
        if (t == null)
        {
            return;
        }
        final ThreadState s = threads.get(t);
        if (s == null)
        {
            // The recording started during this call: it has no entry.
            return;
        }
        final List<Long> named = new ArrayList<>(addresses);
        named.add(overlappedId(providerName, overlapped));
        flushAndCompute(s, t, providerName, pid);
        emit(s, t, providerName, pid, s.entryPs, new TraceCall.Wsp(function, socket, sizes, named, 0, result));
    }

    void overlappedResult(final String providerName, final int pid, final long socket,
        final WSAOVERLAPPED overlapped, final boolean result, final int bytes)
    {
        final SimThread t = SimThread.current();
        if (t == null)
        {
            return;
        }
        final ThreadState s = threads.get(t);
        if (s == null)
        {
            return;
        }
        final long id = overlappedId(providerName, overlapped);
        final long cpuGapPs = s.entryCpuPs - s.exitCpuPs;
        final boolean cpuOnly = s.exitPs >= 0 && s.entryPs - s.exitPs == cpuGapPs;
        if (!result && s.run != null && s.run.overlapped == id && cpuOnly
            && (s.run.polls == 1 || s.run.gapPs == cpuGapPs))
        {
            s.run.polls++;
            s.run.gapPs = cpuGapPs;
            s.exitPs = t.nowPs();
            s.exitCpuPs = t.cpuPs();
            return;
        }
        flushAndCompute(s, t, providerName, pid);
        if (result)
        {
            emit(s, t, providerName, pid, s.entryPs, new TraceCall.Wsp(RecordedWsp.GET_OVERLAPPED_RESULT, socket,
                List.of((long)bytes), List.of(id), 0, 1));
        }
        else
        {
            s.run = new FailedRun(s.entryPs, socket, id, providerName, pid);
            s.exitPs = t.nowPs();
            s.exitCpuPs = t.cpuPs();
        }
    }

    void connected(final String activeHost, final int activePid, final long activeSocket, final long activeBuffer,
        final long activeBytes, final String passiveHost, final int passivePid, final long passiveSocket,
        final long passiveBuffer, final long passiveBytes, final long nowPs)
    {
        synchronized (connections)
        {
            connections.add(new TraceEvent(nowPs, activeHost, activePid, TraceRecorder.NO_THREAD,
                new TraceCall.Socket(RecordedVerbs.CONNECT, activeSocket, passiveHost, activeBytes, 0)));
            connections.add(new TraceEvent(nowPs, activeHost, activePid, TraceRecorder.NO_THREAD, new TraceCall.Wsp(
                RecordedWsp.REGISTER_MEMORY, activeSocket, List.of(activeBytes), List.of(activeBuffer), 0, 0)));
            connections.add(new TraceEvent(nowPs, passiveHost, passivePid, TraceRecorder.NO_THREAD,
                new TraceCall.Socket(RecordedVerbs.ACCEPT, passiveSocket, activeHost, passiveBytes, 0)));
            connections.add(new TraceEvent(nowPs, passiveHost, passivePid, TraceRecorder.NO_THREAD, new TraceCall.Wsp(
                RecordedWsp.REGISTER_MEMORY, passiveSocket, List.of(passiveBytes), List.of(passiveBuffer), 0, 0)));
        }
        connectedPs = Math.max(connectedPs, nowPs);
    }

    /** Writes every thread's pending run of polls: the recording is over. */
    void finish()
    {
        final List<SimThread> all = new ArrayList<>(threads.keySet());
        all.sort(java.util.Comparator.comparing(SimThread::name));
        for (final SimThread t : all)
        {
            flush(threads.get(t), t);
        }
    }

    private long overlappedId(final String providerName, final WSAOVERLAPPED overlapped)
    {
        if (overlapped == null)
        {
            return 0;
        }
        final Map<WSAOVERLAPPED, Long> ids = overlappedIds.computeIfAbsent(providerName,
            k -> new IdentityHashMap<>());
        return ids.computeIfAbsent(overlapped, k -> (long)ids.size() + 1);
    }

    /** Writes the thread's pending run, then the time between its last return and this call, if any. */
    private void flushAndCompute(final ThreadState s, final SimThread t, final String providerName, final int pid)
    {
        flush(s, t);
        final long fromPs = s.exitPs >= 0 ? s.exitPs : connectedPs;
        if (fromPs < 0 || s.entryPs <= fromPs)
        {
            return;
        }
        final long cpuPs = s.entryCpuPs - s.exitCpuPs;
        sink.add(TraceRecorder.host(providerName), new TraceEvent(fromPs, TraceRecorder.host(providerName), pid,
            threadName(t), new TraceCall.Wsp(RecordedWsp.COMPUTE, 0, List.of(cpuPs, s.entryPs - fromPs - cpuPs),
                List.of(), 0, 0)));
    }

    private void flush(final ThreadState s, final SimThread t)
    {
        final FailedRun r = s.run;
        if (r == null)
        {
            return;
        }
        s.run = null;
        sink.add(TraceRecorder.host(r.providerName), new TraceEvent(r.entryPs, TraceRecorder.host(r.providerName),
            r.pid, threadName(t), new TraceCall.Wsp(RecordedWsp.GET_OVERLAPPED_RESULT, r.socket,
                List.of((long)r.polls, r.gapPs), List.of(r.overlapped), 0, 0)));
    }

    private void emit(final ThreadState s, final SimThread t, final String providerName, final int pid,
        final long timePs, final TraceCall call)
    {
        sink.add(TraceRecorder.host(providerName), new TraceEvent(timePs, TraceRecorder.host(providerName), pid,
            threadName(t), call));
        s.exitPs = t.nowPs();
        s.exitCpuPs = t.cpuPs();
    }

    private static String threadName(final SimThread t)
    {
        return t.name().substring(t.name().lastIndexOf('.') + 1);
    }

    /** What the recording keeps of one simulated thread between its calls. */
    private static final class ThreadState
    {
        long entryPs;
        long entryCpuPs;
        long exitPs = -1;
        long exitCpuPs;
        FailedRun run;
    }

    /** Unsuccessful polls of one request, one after another, not yet written. */
    private static final class FailedRun
    {
        final long entryPs;
        final long socket;
        final long overlapped;
        final String providerName;
        final int pid;
        int polls = 1;
        long gapPs;

        FailedRun(final long entryPs, final long socket, final long overlapped, final String providerName,
            final int pid)
        {
            this.entryPs = entryPs;
            this.socket = socket;
            this.overlapped = overlapped;
            this.providerName = providerName;
            this.pid = pid;
        }
    }
}
