package org.sansim.traces.timeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.sansim.host.thread.SimThread;
import org.sansim.jfr.SimJfr;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.provider.verbs.VerbsTap;

/**
 * Collects a run's per-work-request timeline and writes it in the Chrome/Perfetto trace-event JSON format
 * ({@code {"traceEvents":[...]}}), which Perfetto and {@code chrome://tracing} open.
 *
 * <p><b>Tracks.</b> One process ({@code pid}) per host, named after it, and one thread ({@code tid}) per
 * component of that host (its verbs device, doorbell unit, WQE fetcher, translation unit, DMA engines, port,
 * completion unit, RC transport), named after the component. Events of a track are written in time order.
 *
 * <p><b>Events.</b> Verbs calls ({@code post}, {@code recv}, {@code poll} returning completions) and DMA
 * transfers are complete events ({@code "ph":"X"}, with {@code dur}); doorbells, WQE fetches, translation
 * misses, frames sent ({@code wire TX}) and received ({@code wire RX}, {@code ACK}), CQEs and retransmissions are
 * instants ({@code "ph":"i"}). Times are in microseconds with the picoseconds as six decimals, exact. A work
 * request is named by {@code args.qpn} and {@code args.wqe} (its index, the send producer counter when it was
 * posted) on its post, its WQE fetch and the poll that returned its completion; a doorbell lists the indices it
 * covers ({@code wqe} to {@code wqeEnd}, exclusive).
 *
 * <p>Fed through {@link SimJfr#sink} and {@link Device#tap}; thread-safe for components of different
 * partitions (each component's events come from its own partition's thread). One timeline at a time per JVM.
 */
public final class TimelineRecorder implements SimJfr.Sink, VerbsTap
{
    private static final Comparator<String> HOST_ORDER = Comparator.comparingInt(String::length)
        .thenComparing(Comparator.naturalOrder());
    private static final long PS_PER_US = 1_000_000L;
    private static final int OPCODE_ACK = 0x11;
    private static final int COUNTER_MASK = 0xFFFF;

    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Map<String, int[]> sendCounters = new ConcurrentHashMap<>();
    private final Map<String, int[]> doorbells = new ConcurrentHashMap<>();
    private VerbsTap previousTap;

    /**
     * Starts feeding this timeline: the model's emission points and every verbs device.
     *
     * @return this
     */
    public TimelineRecorder install()
    {
        SimJfr.sink(this);
        previousTap = Device.tap();
        Device.tap(previousTap == null ? this : new TeeTap(previousTap, this));
        return this;
    }

    /**
     * Stops feeding it (restoring a recording's tap installed before) and writes the file.
     *
     * @param file where to write
     * @throws IOException if it cannot be written
     */
    public void close(final Path file) throws IOException
    {
        SimJfr.sink(null);
        Device.tap(previousTap);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8)))
        {
            write(w);
        }
    }

    /**
     * Writes the timeline.
     *
     * @param out receives the JSON
     * @throws IOException if writing fails
     */
    public void write(final Writer out) throws IOException
    {
        final Map<String, Map<String, Track>> byHost = new TreeMap<>(HOST_ORDER);
        for (final Track t : tracks.values())
        {
            byHost.computeIfAbsent(t.host, h -> new TreeMap<>()).put(t.component, t);
        }
        out.write("{\"traceEvents\":[\n");
        boolean first = true;
        int pid = 0;
        for (final Map.Entry<String, Map<String, Track>> h : byHost.entrySet())
        {
            first = line(out, first, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + pid
                + ",\"args\":{\"name\":\"" + h.getKey() + "\"}}");
            int tid = 0;
            for (final Track t : h.getValue().values())
            {
                first = line(out, first, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + pid + ",\"tid\":" + tid
                    + ",\"args\":{\"name\":\"" + t.component + "\"}}");
                final List<Event> events = new ArrayList<>(t.events);
                events.sort(Comparator.comparingLong(e -> e.tsPs));
                for (final Event e : events)
                {
                    final StringBuilder b = new StringBuilder(128).append("{\"ph\":\"")
                        .append(e.durPs < 0 ? "i" : "X").append("\",\"name\":\"").append(e.name)
                        .append("\",\"pid\":").append(pid).append(",\"tid\":").append(tid).append(",\"ts\":");
                    micros(b, e.tsPs);
                    if (e.durPs < 0)
                    {
                        b.append(",\"s\":\"t\"");
                    }
                    else
                    {
                        b.append(",\"dur\":");
                        micros(b, e.durPs);
                    }
                    b.append(",\"args\":{").append(e.args).append("}}");
                    first = line(out, first, b.toString());
                }
                tid++;
            }
            pid++;
        }
        out.write("\n]}\n");
    }

    /** @return events collected so far */
    public int size()
    {
        int n = 0;
        for (final Track t : tracks.values())
        {
            n += t.events.size();
        }
        return n;
    }

    private static boolean line(final Writer out, final boolean first, final String text) throws IOException
    {
        if (!first)
        {
            out.write(",\n");
        }
        out.write(text);
        return false;
    }

    /** Appends picoseconds as microseconds with six decimals. */
    static void micros(final StringBuilder b, final long ps)
    {
        final String frac = Long.toString(ps % PS_PER_US);
        b.append(ps / PS_PER_US).append('.');
        for (int i = frac.length(); i < 6; i++)
        {
            b.append('0');
        }
        b.append(frac);
    }

    private void add(final String component, final long tsPs, final long durPs, final String name, final String args)
    {
        tracks.computeIfAbsent(component, Track::new).events.add(new Event(tsPs, durPs, name, args));
    }

    private static String host(final String component)
    {
        final int dot = component.indexOf('.');
        return dot < 0 ? component : component.substring(0, dot);
    }

    // SimJfr.Sink

    @Override
    public void doorbell(final long simTimePs, final String component, final int qpn, final int wqeCounter)
    {
        final int[] last = doorbells.computeIfAbsent(host(component) + "/" + qpn, k -> new int[1]);
        add(component, simTimePs, -1, "doorbell", "\"qpn\":" + qpn + ",\"wqe\":" + last[0] + ",\"wqeEnd\":"
            + wqeCounter);
        last[0] = wqeCounter;
    }

    @Override
    public void wqeFetch(final long simTimePs, final String component, final int qpn, final int wqeIndex,
        final boolean cacheHit, final boolean blueFlame)
    {
        add(component, simTimePs, -1, "WQE fetch", "\"qpn\":" + qpn + ",\"wqe\":" + wqeIndex + ",\"cacheHit\":"
            + cacheHit + ",\"blueFlame\":" + blueFlame);
    }

    @Override
    public void translationMiss(final long simTimePs, final String component, final boolean mpt, final long line)
    {
        add(component, simTimePs, -1, mpt ? "translation MPT miss" : "translation MTT miss", "\"line\":" + line);
    }

    @Override
    public void dmaTransfer(final long simTimePs, final String component, final boolean gather, final long bytes,
        final long latencyPs)
    {
        add(component, simTimePs - latencyPs, latencyPs, gather ? "DMA read" : "DMA write", "\"bytes\":" + bytes);
    }

    @Override
    public void packet(final long simTimePs, final String component, final boolean sent, final int opcode,
        final int destQp, final int psn, final int lengthBytes)
    {
        add(component, simTimePs, -1, sent ? "wire TX" : opcode == OPCODE_ACK ? "ACK" : "wire RX", "\"opcode\":"
            + opcode + ",\"destQp\":" + destQp + ",\"psn\":" + psn + ",\"bytes\":" + lengthBytes);
    }

    @Override
    public void cqe(final long simTimePs, final String component, final int cqn, final int index)
    {
        add(component, simTimePs, -1, "CQE", "\"cqn\":" + cqn + ",\"index\":" + index);
    }

    @Override
    public void retransmission(final long simTimePs, final String component, final int qpn, final int psn)
    {
        add(component, simTimePs, -1, "retransmission", "\"qpn\":" + qpn + ",\"psn\":" + psn);
    }

    // VerbsTap

    @Override
    public void postSend(final Device device, final QueuePair qp, final SendRequest request, final long entryPs,
        final int status)
    {
        final int[] counter = sendCounters.computeIfAbsent(host(device.name()) + "/" + qp.qpn(), k -> new int[1]);
        final int wqe = counter[0];
        counter[0] = qp.user().sendCounter() & COUNTER_MASK;
        final SimThread t = SimThread.current();
        add(device.name(), entryPs, t == null ? 0 : Math.max(0, t.nowPs() - entryPs), "post",
            "\"qpn\":" + qp.qpn() + ",\"wqe\":" + wqe + ",\"op\":\"" + request.opcode() + "\",\"bytes\":"
                + request.lengthBytes() + ",\"status\":" + status);
    }

    @Override
    public void postRecv(final Device device, final QueuePair qp, final RecvRequest request, final long entryPs,
        final int status)
    {
        add(device.name(), entryPs, 0, "recv", "\"qpn\":" + qp.qpn() + ",\"bytes\":" + request.lengthBytes()
            + ",\"status\":" + status);
    }

    @Override
    public void polled(final Device device, final CompletionQueue cq, final WorkCompletion[] wcs, final int found,
        final int max, final long entryPs, final long exitPs)
    {
        for (int i = 0; i < found; i++)
        {
            add(device.name(), entryPs, exitPs - entryPs, "poll", "\"qpn\":" + wcs[i].qpn() + ",\"wqe\":"
                + wcs[i].wqeCounter() + ",\"op\":\"" + wcs[i].opcode() + "\",\"cqn\":" + cq.cqn());
        }
    }

    @Override
    public void armed(final Device device, final CompletionQueue cq, final long nowPs)
    {
    }

    @Override
    public void connected(final Device active, final QueuePair activeQp, final Device passive,
        final QueuePair passiveQp, final long nowPs)
    {
    }

    /** One component's events, appended by its partition's thread only. */
    private static final class Track
    {
        final String component;
        final String host;
        final List<Event> events = new ArrayList<>();

        Track(final String component)
        {
            this.component = component;
            this.host = host(component);
        }
    }

    /** One event; {@code durPs} is -1 for an instant. */
    private record Event(long tsPs, long durPs, String name, String args)
    {
    }
}
