package org.sansim.traces.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sansim.nic.port.FrameTap;
import org.sansim.nic.port.NicPort;

/**
 * Captures the frames NIC ports transmit into one pcapng file: one interface per port (named as given to
 * {@link #attach}, for example {@code node0.port}), timestamps in nanoseconds.
 *
 * <p>Only {@link FrameTap#TX} frames are written: with every port of a topology tapped, each frame on a
 * link appears exactly once (as sent by its source port, at the time its first bit left), so both
 * directions are visible without duplicates. Frames a port received are not written.
 *
 * <p>Several simulations may be captured one after another into the same file (a sweep builds a new
 * testbed per message size, each starting at time 0): call {@link #nextSegment()} before attaching the
 * next simulation's ports; its times are then shifted to start {@link #SEGMENT_GAP_PS} after the last
 * frame written, so the file's timestamps never go backwards. Attaching a port under a name used before
 * reuses that interface.
 *
 * <p>Not thread-safe, and writes in call order: the tapped ports must all run on one thread (the
 * simulation driven by a single-thread runner). The first frame seen on a second thread throws
 * {@link IllegalStateException}.
 */
public final class PcapTap implements Closeable
{
    /** Gap between the last frame of one segment and time 0 of the next. */
    public static final long SEGMENT_GAP_PS = 1_000_000_000L;

    private final PcapngWriter writer;
    private final Map<String, Integer> interfaces = new LinkedHashMap<>();
    private Thread owner;
    private long offsetPs;
    private long lastPs;
    private long frames;

    /**
     * Creates (or truncates) {@code file} and writes the pcapng section header.
     *
     * @param file the capture file
     * @throws IOException if it cannot be written
     */
    public PcapTap(final Path file) throws IOException
    {
        writer = new PcapngWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /**
     * Taps {@code port}'s transmitted frames, replacing any tap it had.
     *
     * @param name the pcapng interface name
     * @param port the port
     * @throws IOException if the interface block cannot be written
     */
    public void attach(final String name, final NicPort port) throws IOException
    {
        Integer id = interfaces.get(name);
        if (id == null)
        {
            id = writer.addInterface(name, 0);
            interfaces.put(name, id);
        }
        final int ifId = id;
        port.tap((direction, timePs, buf, off, len, priorityClass) ->
        {
            if (direction == FrameTap.TX)
            {
                write(ifId, timePs, buf, off, len);
            }
        });
    }

    /** Starts a new segment: later frames are shifted to follow the last one written. */
    public void nextSegment()
    {
        if (frames > 0)
        {
            offsetPs = lastPs + SEGMENT_GAP_PS;
        }
    }

    private void write(final int ifId, final long timePs, final byte[] buf, final int off, final int len)
    {
        final Thread current = Thread.currentThread();
        if (owner == null)
        {
            owner = current;
        }
        else if (owner != current)
        {
            throw new IllegalStateException("PcapTap: frames from two threads; capture needs a single-thread run");
        }
        final long t = offsetPs + timePs;
        try
        {
            writer.writePacket(ifId, t, buf, off, len);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        lastPs = Math.max(lastPs, t);
        frames++;
    }

    /** @return frames written */
    public long frames()
    {
        return frames;
    }

    /**
     * Flushes and closes the file.
     *
     * @throws IOException if that fails
     */
    @Override
    public void close() throws IOException
    {
        writer.close();
    }
}
