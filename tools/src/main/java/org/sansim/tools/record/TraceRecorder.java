package org.sansim.tools.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.provider.sockets.WinsockSwitch;
import org.sansim.provider.verbs.VerbsTap;
import org.sansim.provider.wsp.WsdProvider;
import org.sansim.provider.wsp.WspTap;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.traces.format.BinaryTraceWriter;
import org.sansim.traces.format.JsonLinesTraceWriter;
import org.sansim.traces.format.TraceCall;
import org.sansim.traces.format.TraceEvent;
import org.sansim.traces.format.TraceFiles;
import org.sansim.traces.format.TraceHeader;
import org.sansim.traces.format.TraceWriter;

/**
 * Records a run as a SanSim trace in picoseconds: every verbs post, receive, completion polled and pause
 * before a post (the conventions of {@link RecordedVerbs}) and every connection the system sets up; or, for a
 * WSP workload, its connections and every data-path WSP call after them with the time between calls (the
 * conventions of {@link RecordedWsp}, through {@link WspRecording}); and every stream-socket call on the Windows
 * Sockets switch (the conventions of {@link RecordedSockets}); each with its host, process and simulated thread.
 *
 * <p>{@link #install()} taps every device, provider and switch of the JVM; {@link #close()} removes the taps and writes
 * the file, JSON lines if its name ends in {@code .jsonl} or {@code .json}, else the binary form. Events are
 * kept per host while the run goes on (a host's calls arrive on its partition's thread) and written after the
 * connections, ordered by time, then host, then the order they were made in: the file is the same for any
 * number of runner threads. One recording at a time per JVM.
 */
public final class TraceRecorder implements VerbsTap, WspTap, AutoCloseable
{
    /** The thread name of events no simulated thread made (connections). */
    static final String NO_THREAD = "events";
    private static final Comparator<String> HOST_ORDER = Comparator.comparingInt(String::length)
        .thenComparing(Comparator.naturalOrder());

    private final Path file;
    private final List<TraceEvent> connections = new ArrayList<>();
    private final Map<String, List<TraceEvent>> byHost = new ConcurrentHashMap<>();
    private final Map<String, ThreadState> threads = new ConcurrentHashMap<>();
    private final SocketRecorder sockets = new SocketRecorder(this::addEvent);
    private volatile long connectedPs = -1;
    private boolean installed;
    private final WspRecording wsp = new WspRecording((host, e) ->
        byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(e));

    /** @param file where {@link #close()} writes the trace */
    public TraceRecorder(final Path file)
    {
        this.file = file;
    }

    /**
     * Taps every verbs device, WSD provider and Windows Sockets switch.
     *
     * @return this
     * @throws IllegalStateException if another recording is installed
     */
    public TraceRecorder install()
    {
        if (Device.tap() != null)
        {
            throw new IllegalStateException("another recording is running");
        }
        Device.tap(this);
        WsdProvider.tap(this);
        WinsockSwitch.tap(sockets);
        installed = true;
        return this;
    }

    @Override
    public void postSend(final Device device, final QueuePair qp, final SendRequest r, final long entryPs,
        final int status)
    {
        if (status != 0)
        {
            return;
        }
        final ThreadState t = computeBefore(device, entryPs);
        add(device.name(), entryPs, new TraceCall.VerbsPost(qp.qpn(), RecordedVerbs.opcodeName(r.opcode()),
            r.lengthBytes(), r.firstAddress(), r.firstLkey(), r.remoteAddress(), r.rkey(), r.signalled(),
            RecordedVerbs.hasImmediate(r.opcode()) ? Integer.valueOf(r.immediate()) : null));
        t.exit(callerNowPs(entryPs));
    }

    @Override
    public void postRecv(final Device device, final QueuePair qp, final RecvRequest r, final long entryPs,
        final int status)
    {
        if (status != 0)
        {
            return;
        }
        final ThreadState t = computeBefore(device, entryPs);
        add(device.name(), entryPs, new TraceCall.VerbsPost(qp.qpn(), RecordedVerbs.RECV, r.lengthBytes(),
            r.firstAddress(), r.firstLkey(), 0, 0, true, null));
        t.exit(callerNowPs(entryPs));
    }

    @Override
    public void polled(final Device device, final CompletionQueue cq, final WorkCompletion[] wcs, final int found,
        final int max, final long entryPs, final long exitPs)
    {
        final ThreadState t = state();
        final long skipped = skippedSteps();
        final long gapPs = t.lastExitPs < 0 ? 0 : pollGapPs(entryPs - t.lastExitPs, skipped - t.skippedAtLastExit,
            exitPs - entryPs);
        for (int i = 0; i < found; i++)
        {
            final WorkCompletion wc = wcs[i];
            final boolean receive = wc.opcode() == WcOpcode.RECV || wc.opcode() == WcOpcode.RECV_RDMA_WITH_IMM;
            add(device.name(), entryPs, new TraceCall.VerbsPost(wc.qpn(), RecordedVerbs.POLL_CQ, wc.byteLength(),
                cq.cqn(), max, gapPs, t.armed ? 1 : 0, !receive, wc.hasImmediate() ? Integer.valueOf(wc.immediate())
                : null));
        }
        if (found > 0)
        {
            t.armed = false;
        }
        t.exit(exitPs);
    }

    /**
     * The pause between a thread's polls as the trace gives it. A thread whose idle polls the model skipped
     * ({@link org.sansim.host.thread.SpinWait}, as perf's busy-polling threads) made {@code skippedSteps} polls
     * that did not reach the tap since its previous call, each a poll of about {@code pollPs} and a pause: the
     * gap is shared out over them, so the trace shows the pause of one step, as for a thread that really spun.
     */
    private static long pollGapPs(final long sincePreviousPs, final long skippedSteps, final long pollPs)
    {
        if (skippedSteps <= 0)
        {
            return Math.max(0, sincePreviousPs);
        }
        return Math.max(0, (sincePreviousPs - skippedSteps * pollPs) / (skippedSteps + 1));
    }

    private static long skippedSteps()
    {
        final SimThread t = SimThread.current();
        return t == null ? 0 : t.spinWait().skippedSteps();
    }

    @Override
    public void armed(final Device device, final CompletionQueue cq, final long nowPs)
    {
        final ThreadState t = state();
        t.armed = true;
        t.exit(nowPs);
    }

    @Override
    public void connected(final Device active, final QueuePair activeQp, final Device passive,
        final QueuePair passiveQp, final long nowPs)
    {
        synchronized (connections)
        {
            connections.add(new TraceEvent(nowPs, host(active.name()), 0, NO_THREAD, new TraceCall.Socket(
                RecordedVerbs.CONNECT, activeQp.qpn(), host(passive.name()), 0, 0)));
            connections.add(new TraceEvent(nowPs, host(passive.name()), 0, NO_THREAD, new TraceCall.Socket(
                RecordedVerbs.ACCEPT, passiveQp.qpn(), host(active.name()), 0, 0)));
        }
        connectedPs = Math.max(connectedPs, nowPs);
    }

    @Override
    public void entered()
    {
        wsp.entered();
    }

    @Override
    public void call(final String providerName, final int pid, final String function, final long socket,
        final WSABUF[] buffers, final int count, final WSAOVERLAPPED overlapped, final int result, final long nowPs)
    {
        final List<Long> sizes = new ArrayList<>();
        final List<Long> addresses = new ArrayList<>();
        for (int i = 0; buffers != null && i < Math.min(count, buffers.length); i++)
        {
            if (buffers[i] != null)
            {
                sizes.add((long)buffers[i].len);
                addresses.add(buffers[i].buf);
            }
        }
        wsp.call(providerName, pid, function, socket, sizes, addresses, overlapped, result);
    }

    @Override
    public void rdmaCall(final String providerName, final int pid, final String function, final long socket,
        final WSABUFEX[] buffers, final int count, final long target, final int targetOffset,
        final WSAOVERLAPPED overlapped, final int result, final long nowPs)
    {
        final List<Long> sizes = new ArrayList<>();
        final List<Long> addresses = new ArrayList<>();
        for (int i = 0; buffers != null && i < Math.min(count, buffers.length); i++)
        {
            if (buffers[i] != null)
            {
                sizes.add((long)buffers[i].len);
                addresses.add(buffers[i].buf);
            }
        }
        sizes.add((long)targetOffset);
        addresses.add(target);
        wsp.call(providerName, pid, function, socket, sizes, addresses, overlapped, result);
    }

    @Override
    public void overlappedResult(final String providerName, final int pid, final long socket,
        final WSAOVERLAPPED overlapped, final boolean result, final int bytesTransferred, final long nowPs)
    {
        wsp.overlappedResult(providerName, pid, socket, overlapped, result, bytesTransferred);
    }

    @Override
    public void connected(final String activeProvider, final int activePid, final long activeSocket,
        final long activeBuffer, final long activeBytes, final String passiveProvider, final int passivePid,
        final long passiveSocket, final long passiveBuffer, final long passiveBytes, final long nowPs)
    {
        wsp.connected(host(activeProvider), activePid, activeSocket, activeBuffer, activeBytes, host(passiveProvider),
            passivePid, passiveSocket, passiveBuffer, passiveBytes, nowPs);
    }

    /** @return events recorded so far, connections included */
    public int size()
    {
        int n = connections.size();
        for (final List<TraceEvent> l : byHost.values())
        {
            n += l.size();
        }
        return n;
    }

    /**
     * Removes the taps and writes the trace.
     *
     * @throws IOException if it cannot be written
     */
    @Override
    public void close() throws IOException
    {
        if (installed)
        {
            Device.tap(null);
            WsdProvider.tap(null);
            WinsockSwitch.tap(null);
            installed = false;
        }
        sockets.flushAll();
        try (OutputStream out = Files.newOutputStream(file);
             TraceWriter w = TraceFiles.isJsonLinesName(file) ? new JsonLinesTraceWriter(out, TraceHeader.picoseconds())
                 : new BinaryTraceWriter(out, TraceHeader.picoseconds()))
        {
            for (final TraceEvent e : events())
            {
                w.write(e);
            }
        }
    }

    /**
     * Every event in the order the file lists them. In a recording of WSP connections (see {@link RecordedWsp})
     * these are the connections and the WSP calls made after them: the calls of the set-up and the provider's
     * own verbs activity are left out.
     *
     * @return the events
     */
    public List<TraceEvent> events()
    {
        wsp.finish();
        final boolean wspOnly = wsp.any();
        final List<TraceEvent> all = new ArrayList<>(connections);
        all.addAll(wsp.connections());
        final List<String> hosts = new ArrayList<>(byHost.keySet());
        hosts.sort(HOST_ORDER);
        final List<TraceEvent> rest = new ArrayList<>();
        for (final String h : hosts)
        {
            for (final TraceEvent e : byHost.get(h))
            {
                if (!wspOnly || e.call() instanceof TraceCall.Wsp && e.time() >= wsp.connectedPs())
                {
                    rest.add(e);
                }
            }
        }
        // Stable: within one time, host order, then the order each host made its calls in.
        rest.sort(Comparator.comparingLong(TraceEvent::time).thenComparing(TraceEvent::host, HOST_ORDER));
        all.addAll(rest);
        return all;
    }

    private ThreadState computeBefore(final Device device, final long entryPs)
    {
        final ThreadState t = state();
        final long fromPs = t.lastExitPs >= 0 ? t.lastExitPs : connectedPs;
        if (fromPs >= 0 && entryPs > fromPs)
        {
            add(device.name(), fromPs, new TraceCall.VerbsPost(0, RecordedVerbs.COMPUTE, entryPs - fromPs, 0, 0, 0, 0,
                false, null));
        }
        return t;
    }

    private void add(final String componentName, final long timePs, final TraceCall call)
    {
        final String host = host(componentName);
        byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new TraceEvent(timePs, host, 0, threadName(), call));
    }

    private void addEvent(final String host, final TraceEvent event)
    {
        byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(event);
    }

    private void addWsp(final String providerName, final int pid, final long nowPs, final TraceCall.Wsp call)
    {
        final String host = host(providerName);
        byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new TraceEvent(nowPs, host, pid, threadName(), call));
    }

    private ThreadState state()
    {
        final SimThread t = SimThread.current();
        return threads.computeIfAbsent(t == null ? NO_THREAD : t.name(), n -> new ThreadState());
    }

    private static long callerNowPs(final long fallbackPs)
    {
        final SimThread t = SimThread.current();
        return t == null ? fallbackPs : t.nowPs();
    }

    private static String threadName()
    {
        final SimThread t = SimThread.current();
        return t == null ? NO_THREAD : t.name().substring(t.name().lastIndexOf('.') + 1);
    }

    static String host(final String componentName)
    {
        final int dot = componentName.indexOf('.');
        return dot < 0 ? componentName : componentName.substring(0, dot);
    }

    /** What the recorder remembers of one simulated thread between its calls. */
    private static final class ThreadState
    {
        long lastExitPs = -1;
        long skippedAtLastExit;
        boolean armed;

        /** The thread's call returned at {@code ps}. */
        void exit(final long ps)
        {
            lastExitPs = ps;
            skippedAtLastExit = skippedSteps();
        }
    }
}
