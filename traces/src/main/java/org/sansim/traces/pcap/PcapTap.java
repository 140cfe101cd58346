package org.sansim.traces.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.nic.port.FrameTap;
import org.sansim.nic.port.NicPort;
import org.sansim.sim.Partition;

/**
 * Captures the frames NIC ports transmit into one pcapng file: one interface per port (named as given to
 * {@link #attach}, for example {@code node0.port}), in time order across all ports, each frame with its
 * exact simulated time by default ({@link TimestampResolution#PICOSECONDS}).
 *
 * <p>Only {@link FrameTap#TX} frames are written: with every port of a topology tapped, each frame on a
 * link appears exactly once (as sent by its source port, at the time its first bit left), so both
 * directions are visible without duplicates. Frames a port received are not written.
 *
 * <p><b>Time order.</b> Ports in different partitions are run in turn, each up to its own safe time, so
 * one port may report a frame before another port reports an earlier one (by up to a link's lookahead).
 * Frames therefore wait in a merge buffer ({@link FrameMergeBuffer}) and are written, earliest first (the
 * lower interface id first on a tie), once every attached port's partition has passed their time: its
 * {@link Partition#lowerBoundPs()}, before which it will send nothing more. What is left is written by
 * {@link #nextSegment()} and {@link #commit()}. The order depends only on simulated times, never on how
 * the partitions were scheduled, and the file's timestamps never decrease (checked as they are written).
 *
 * <p>Several simulations may be captured one after another into the same file (a sweep builds a new
 * testbed per message size, each starting at time 0): call {@link #nextSegment()} before attaching the
 * next simulation's ports; its times are then shifted to start {@link #SEGMENT_GAP_PS} after the last
 * frame written. Attaching a port under a name used before reuses that interface.
 *
 * <p><b>All or nothing.</b> The capture is written to a temporary file beside the target and moved over
 * it by {@link #commit()}; {@link #close()} without a commit (the run failed) deletes it, so a failed run
 * leaves no partial capture behind.
 *
 * <p>Not thread-safe: the tapped ports must all run on one thread (the simulation driven by a
 * single-thread runner). The first frame seen on a second thread throws {@link IllegalStateException}.
 */
public final class PcapTap implements Closeable
{
    /** Gap between the last frame of one segment and time 0 of the next. */
    public static final long SEGMENT_GAP_PS = 1_000_000_000L;

    private final Path file;
    private final Path partial;
    private final TimestampResolution resolution;
    private final PcapngWriter writer;
    private final Map<String, Integer> interfaces = new LinkedHashMap<>();
    private final FrameMergeBuffer pending = new FrameMergeBuffer();
    private final List<Partition> partitions = new ArrayList<>();
    private Partition[] partitionArray = new Partition[0];
    private Thread owner;
    private long offsetPs;
    private long lastPs;
    private long frames;
    private boolean committed;
    private boolean closed;

    /**
     * Starts a capture with exact (picosecond) timestamps.
     *
     * @param file the capture file, created or replaced by {@link #commit()}
     * @throws IOException if the temporary file cannot be written
     */
    public PcapTap(final Path file) throws IOException
    {
        this(file, TimestampResolution.PICOSECONDS);
    }

    /**
     * Starts a capture: creates a temporary file beside {@code file} and writes the pcapng section header.
     *
     * @param file the capture file, created or replaced by {@link #commit()}
     * @param resolution the timestamps' unit
     * @throws IOException if the temporary file cannot be written
     */
    public PcapTap(final Path file, final TimestampResolution resolution) throws IOException
    {
        this.file = file;
        this.resolution = resolution;
        final Path absolute = file.toAbsolutePath();
        final Path dir = absolute.getParent();
        partial = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".part");
        PcapngWriter w = null;
        try
        {
            readableByAll(partial);
            w = new PcapngWriter(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16));
        }
        finally
        {
            if (w == null)
            {
                Files.deleteIfExists(partial);
            }
        }
        writer = w;
    }

    /** A temporary file is private to its owner; the capture it becomes is not. */
    private static void readableByAll(final Path path) throws IOException
    {
        try
        {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        }
        catch (final UnsupportedOperationException e)
        {
            // not a POSIX file system: its default permissions stand
        }
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
            id = writer.addInterface(name, 0, resolution);
            interfaces.put(name, id);
        }
        final Partition partition = port.framePort().partition();
        if (!partitions.contains(partition))
        {
            partitions.add(partition);
            partitionArray = partitions.toArray(new Partition[0]);
        }
        final int ifId = id;
        port.tap((direction, timePs, buf, off, len, priorityClass) ->
        {
            if (direction == FrameTap.TX)
            {
                add(ifId, timePs, buf, off, len);
            }
        });
    }

    /**
     * Starts a new segment: writes every frame still waiting (the previous simulation is over), then shifts
     * later frames to follow the last one written. The ports attached so far no longer hold frames back.
     */
    public void nextSegment()
    {
        drain(Long.MAX_VALUE);
        partitions.clear();
        partitionArray = new Partition[0];
        if (frames > 0)
        {
            offsetPs = lastPs + SEGMENT_GAP_PS;
        }
    }

    private void add(final int ifId, final long timePs, final byte[] buf, final int off, final int len)
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
        pending.add(ifId, offsetPs + timePs, buf, off, len);
        drain(offsetPs + safePs());
    }

    /** @return a simulated time before which no attached port will send another frame */
    private long safePs()
    {
        long safe = Long.MAX_VALUE;
        for (final Partition p : partitionArray)
        {
            safe = Math.min(safe, p.lowerBoundPs());
        }
        return safe;
    }

    /** Writes the waiting frames earlier than {@code limitPs} (file time), earliest first. */
    private void drain(final long limitPs)
    {
        for (int s = pending.earliestBefore(limitPs); s >= 0; s = pending.earliestBefore(limitPs))
        {
            final long t = pending.headTimePs(s);
            if (t < lastPs)
            {
                throw new IllegalStateException("PcapTap: a frame at " + t + " ps would follow one at " + lastPs
                    + " ps: time would go backwards");
            }
            try
            {
                writer.writePacket(s, t, pending.headBuffer(s), pending.headOffset(s), pending.headLength(s));
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
            pending.remove(s);
            lastPs = t;
            frames++;
        }
    }

    /** @return frames written */
    public long frames()
    {
        return frames;
    }

    /** @return frames tapped and not yet written, waiting for the other ports to pass their time */
    public int framesWaiting()
    {
        return pending.frames();
    }

    /**
     * Writes every frame still waiting, closes the file and moves it to its name: the capture is complete.
     *
     * @throws IOException if writing or moving fails (the temporary file is then deleted)
     * @throws IllegalStateException if the capture was closed already
     */
    public void commit() throws IOException
    {
        if (closed)
        {
            throw new IllegalStateException("PcapTap: commit after close");
        }
        try
        {
            drain(Long.MAX_VALUE);
            closed = true;
            writer.close();
            try
            {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final AtomicMoveNotSupportedException e)
            {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                closed = true;
                Files.deleteIfExists(partial);
            }
        }
    }

    /**
     * Ends the capture: after {@link #commit()} does nothing; otherwise (the run failed) closes and deletes
     * the temporary file, leaving no capture behind (and any earlier file of that name untouched).
     *
     * @throws IOException if the temporary file cannot be deleted
     */
    @Override
    public void close() throws IOException
    {
        if (committed)
        {
            return;
        }
        try
        {
            if (!closed)
            {
                closed = true;
                writer.close();
            }
        }
        finally
        {
            Files.deleteIfExists(partial);
        }
    }
}
