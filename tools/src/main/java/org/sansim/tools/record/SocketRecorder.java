package org.sansim.tools.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.sockets.SocketTap;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;

/**
 * The socket part of a recording: turns the calls every Windows Sockets switch reports into socket events by
 * the conventions of {@link RecordedSockets} (think time and CPU time between calls, a receive split by the
 * stream merged into one) and hands them to the recording. Keeps per simulated thread what it needs between
 * two calls; a thread's calls arrive on its host's partition thread, in order.
 */
final class SocketRecorder implements SocketTap
{
    /** Where the events go: the recording's list of the host's events, in the order the host made them. */
    @FunctionalInterface
    interface Sink
    {
        void add(String host, TraceEvent event);
    }

    private final Sink sink;
    private final Map<SimThread, ThreadState> threads = new ConcurrentHashMap<>();

    /** @param sink where events go */
    SocketRecorder(final Sink sink)
    {
        this.sink = sink;
    }

    @Override
    public void call(final String switchName, final int pid, final Call call, final long socket, final long buffer,
        final long sizeBytes, final SOCKADDR_IN address, final long result, final long entryPs,
        final long entryCpuPs, final long exitPs)
    {
        final SimThread self = SimThread.current();
        if (self == null || result < 0)
        {
            return;
        }
        final String host = host(switchName);
        final ThreadState t = threads.computeIfAbsent(self, k -> new ThreadState(host, pid, shortName(k)));
        if (t.lastExitPs < 0)
        {
            // The first call: what the thread did before it counts from its start, with no CPU time yet.
            t.lastExitPs = self.startPs() < 0 ? entryPs : self.startPs();
            t.lastExitCpuPs = 0;
        }
        final long cpuPs = Math.max(0, entryCpuPs - t.lastExitCpuPs);
        final long thinkPs = Math.max(0, entryPs - t.lastExitPs - cpuPs);
        if (call == Call.RECV && t.continues(socket, buffer, sizeBytes, thinkPs + cpuPs))
        {
            t.pendingRecvBytes += result;
            t.expectRecv(socket, buffer, sizeBytes, result);
            t.lastExitPs = exitPs;
            t.lastExitCpuPs = self.cpuPs();
            return;
        }
        t.flush(sink);
        if (cpuPs > 0)
        {
            t.add(sink, t.lastExitPs, RecordedSockets.COMPUTE, 0, "", 0, cpuPs);
        }
        switch (call)
        {
            case SOCKET -> t.add(sink, entryPs, RecordedSockets.SOCKET, result, "", 0, thinkPs);
            case BIND -> t.add(sink, entryPs, RecordedSockets.BIND, socket, text(address), 0, thinkPs);
            case LISTEN -> t.add(sink, entryPs, RecordedSockets.LISTEN, socket, "", sizeBytes, thinkPs);
            case ACCEPT -> t.add(sink, entryPs, RecordedSockets.ACCEPT, result, text(address), socket, thinkPs);
            case CONNECT -> t.add(sink, entryPs, RecordedSockets.CONNECT, socket, text(address), 0, thinkPs);
            case SEND -> t.add(sink, entryPs, RecordedSockets.SEND, socket, "", result, thinkPs);
            case RECV ->
            {
                // Held until the thread's next call: the stream may split it over several.
                t.pendingRecv = new PendingRecv(entryPs, socket, thinkPs);
                t.pendingRecvBytes = result;
                t.expectRecv(socket, buffer, sizeBytes, result);
            }
            case SHUTDOWN -> t.add(sink, entryPs, RecordedSockets.SHUTDOWN, socket, "", sizeBytes, thinkPs);
            case CLOSE -> t.add(sink, entryPs, RecordedSockets.CLOSE, socket, "", 0, thinkPs);
        }
        t.lastExitPs = exitPs;
        t.lastExitCpuPs = self.cpuPs();
    }

    /** Writes the receives still held (each thread's last call): the recording ends. */
    void flushAll()
    {
        final List<ThreadState> all = new ArrayList<>(threads.values());
        for (final ThreadState t : all)
        {
            t.flush(sink);
        }
    }

    private static String text(final SOCKADDR_IN a)
    {
        return a == null ? "" : RecordedSockets.address(a.sin_addr, a.sin_port);
    }

    private static String shortName(final SimThread t)
    {
        return t.name().substring(t.name().lastIndexOf('.') + 1);
    }

    private static String host(final String componentName)
    {
        final int dot = componentName.indexOf('.');
        return dot < 0 ? componentName : componentName.substring(0, dot);
    }

    /** A receive being recorded, its bytes growing while the stream continues it. */
    private record PendingRecv(long entryPs, long socket, long thinkPs)
    {
    }

    /** What the recorder remembers of one simulated thread between its calls. */
    private static final class ThreadState
    {
        final String host;
        final int pid;
        final String name;
        long lastExitPs = -1;
        long lastExitCpuPs;
        PendingRecv pendingRecv;
        long pendingRecvBytes;
        /** The receive that would continue the pending one: its socket, address and size. */
        long nextSocket;
        long nextBuffer;
        long nextSizeBytes = -1;

        ThreadState(final String host, final int pid, final String name)
        {
            this.host = host;
            this.pid = pid;
            this.name = name;
        }

        boolean continues(final long socket, final long buffer, final long sizeBytes, final long gapPs)
        {
            return pendingRecv != null && gapPs == 0 && socket == nextSocket && buffer == nextBuffer
                && sizeBytes == nextSizeBytes;
        }

        void expectRecv(final long socket, final long buffer, final long sizeBytes, final long got)
        {
            nextSocket = socket;
            nextBuffer = buffer + got;
            nextSizeBytes = got > 0 && got < sizeBytes ? sizeBytes - got : -1;
        }

        void flush(final Sink sink)
        {
            if (pendingRecv != null)
            {
                final PendingRecv r = pendingRecv;
                pendingRecv = null;
                nextSizeBytes = -1;
                add(sink, r.entryPs(), RecordedSockets.RECV, r.socket(), "", pendingRecvBytes, r.thinkPs());
            }
        }

        void add(final Sink sink, final long timePs, final String op, final long socket, final String peer,
            final long sizeBytes, final long thinkPs)
        {
            sink.add(host, new TraceEvent(timePs, host, pid, name, new TraceCall.Socket(op, socket, peer, sizeBytes,
                thinkPs)));
        }
    }
}
