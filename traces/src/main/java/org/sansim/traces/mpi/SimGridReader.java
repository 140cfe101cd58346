package org.sansim.traces.mpi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads SimGrid time-independent traces: text, one action per line, {@code RANK ACTION ARGS...}, all
 * ranks in one file or one file per rank listed in a file of paths (SimGrid's {@code split_traces}).
 * Both dialects are read:
 * <ul>
 *   <li>the current one, {@code send DST TAG BYTES}, {@code recv SRC TAG BYTES}, {@code wait SRC DST TAG};</li>
 *   <li>the older one, {@code Isend DST BYTES} (no tag, capitalised action; its tag is 0), {@code wait}
 *       without arguments (the last request started).</li>
 * </ul>
 * A point-to-point action with three or more arguments is read as the current dialect. Sizes are
 * bytes; a trailing datatype argument is ignored. {@code compute FLOPS} lasts FLOPS divided by the
 * rate given; {@code sleep SECONDS} lasts that long. {@code test} is ignored (a later {@code wait}
 * completes the request); {@code init}, {@code finalize}, {@code comm_size}, {@code comm_dup} and
 * {@code location} do nothing.
 */
public final class SimGridReader
{
    private static final List<String> ACTIONS = List.of("init", "finalize", "comm_size", "comm_dup", "comm_split",
        "location", "compute", "sleep", "send", "isend", "recv", "irecv", "wait", "waitall", "test", "barrier", "bcast",
        "reduce", "allreduce", "alltoall", "alltoallv", "gather", "allgather", "scatter", "reducescatter");

    private final double flopsPerSecond;
    private final TreeMap<Integer, ProgramBuilder> ranks = new TreeMap<>();
    private final List<Line> lines = new ArrayList<>();

    private SimGridReader(final double flopsPerSecond)
    {
        this.flopsPerSecond = flopsPerSecond;
    }

    /**
     * @param file the first line that is neither blank nor a comment
     * @return whether the file looks like a time-independent trace or a list of them
     * @throws IOException if it cannot be read
     */
    public static boolean looksLike(final Path file) throws IOException
    {
        final String first = firstLine(file);
        if (first == null)
        {
            return false;
        }
        final String[] t = first.trim().split("\\s+");
        if (t.length >= 2 && t[0].matches("\\d+") && ACTIONS.contains(t[1].toLowerCase(Locale.ROOT)))
        {
            return true;
        }
        return t.length == 1 && resolve(file, t[0]) != null && looksLike(resolve(file, t[0]));
    }

    /**
     * Reads a trace.
     *
     * @param file one file of actions, or a list of per-rank files
     * @param flopsPerSecond the rate {@code compute} actions run at, positive
     * @return the trace, one program per rank from 0 to the highest rank named
     * @throws MpiTraceException naming the file, the line and what was expected there
     * @throws IOException if a file cannot be read
     */
    public static MpiTrace read(final Path file, final double flopsPerSecond) throws IOException
    {
        final SimGridReader r = new SimGridReader(flopsPerSecond);
        final String first = firstLine(file);
        if (first == null)
        {
            throw new MpiTraceException(file + ": no actions; expected lines of RANK ACTION ARGS...");
        }
        final String[] t = first.trim().split("\\s+");
        if (t.length == 1 && resolve(file, t[0]) != null)
        {
            for (final String entry : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                if (!entry.isBlank())
                {
                    final Path part = resolve(file, entry.trim());
                    if (part == null)
                    {
                        throw new MpiTraceException(file + ": " + entry.trim() + ": no such trace file");
                    }
                    r.load(part);
                }
            }
        }
        else
        {
            r.load(file);
        }
        return r.build(file);
    }

    private void load(final Path file) throws IOException
    {
        final List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < text.size(); i++)
        {
            final String s = text.get(i).trim();
            if (s.isEmpty() || s.startsWith("#"))
            {
                continue;
            }
            final String[] t = s.split("\\s+");
            final String where = file.getFileName() + ":" + (i + 1);
            if (t.length < 2 || !t[0].matches("\\d{1,6}"))
            {
                throw new MpiTraceException(where + ": expected RANK ACTION ARGS..., got \"" + s + "\"");
            }
            final String action = t[1].toLowerCase(Locale.ROOT);
            if (!ACTIONS.contains(action))
            {
                throw new MpiTraceException(where + ": unknown action '" + t[1] + "'; expected one of " + ACTIONS);
            }
            lines.add(new Line(where, Integer.parseInt(t[0]), action, t));
        }
    }

    private MpiTrace build(final Path file)
    {
        int size = 0;
        for (final Line l : lines)
        {
            size = Math.max(size, l.rank + 1);
        }
        for (int rank = 0; rank < size; rank++)
        {
            ranks.put(rank, new ProgramBuilder(rank));
        }
        for (final Line l : lines)
        {
            apply(l, size);
        }
        final List<RankProgram> programs = new ArrayList<>();
        for (final Map.Entry<Integer, ProgramBuilder> e : ranks.entrySet())
        {
            programs.add(e.getValue().build());
        }
        return new MpiTrace(MpiTraceFormat.SIMGRID, file.toString(), List.copyOf(programs));
    }

    private void apply(final Line l, final int size)
    {
        final ProgramBuilder b = ranks.get(l.rank);
        switch (l.action)
        {
            case "init", "finalize", "comm_size", "comm_dup", "location", "test" ->
            {
                // Nothing to replay.
            }
            case "comm_split" -> throw new MpiTraceException(l.where + ": comm_split: only MPI_COMM_WORLD is replayed");
            case "compute" -> b.compute(Math.round(l.number(2, "FLOPS") / flopsPerSecond * 1e12));
            case "sleep" -> b.compute(Math.round(l.number(2, "SECONDS") * 1e12));
            case "send", "isend", "recv", "irecv" -> pointToPoint(l, b, size);
            case "wait" -> wait(l, b);
            case "waitall" -> b.awaitAll();
            case "barrier" -> b.blocking(RankOp.Collective.of(CollectiveKind.BARRIER, 0, 0));
            case "bcast" -> b.blocking(RankOp.Collective.of(CollectiveKind.BCAST, l.bytes(2),
                l.args() > 1 ? l.peer(3, size) : 0));
            case "reduce" -> b.blocking(RankOp.Collective.of(CollectiveKind.REDUCE, l.bytes(2),
                l.args() > 2 ? l.peer(4, size) : 0));
            case "allreduce" -> b.blocking(RankOp.Collective.of(CollectiveKind.ALLREDUCE, l.bytes(2), 0));
            case "alltoall" -> b.blocking(RankOp.Collective.of(CollectiveKind.ALLTOALL, l.bytes(2), 0));
            case "alltoallv" -> alltoallv(l, b, size);
            case "gather" -> b.blocking(RankOp.Collective.of(CollectiveKind.GATHER, l.bytes(2),
                l.args() > 2 ? l.peer(4, size) : 0));
            case "allgather" -> b.blocking(RankOp.Collective.of(CollectiveKind.ALLGATHER, l.bytes(2), 0));
            case "scatter" -> b.blocking(RankOp.Collective.of(CollectiveKind.SCATTER, l.bytes(2),
                l.args() > 2 ? l.peer(4, size) : 0));
            case "reducescatter" ->
            {
                long total = 0;
                for (int i = 0; i < size; i++)
                {
                    total += l.bytes(2 + i);
                }
                b.blocking(RankOp.Collective.of(CollectiveKind.REDUCE_SCATTER, total, 0));
            }
            default -> throw new IllegalStateException(l.action);
        }
    }

    private static void pointToPoint(final Line l, final ProgramBuilder b, final int size)
    {
        final boolean current = l.args() >= 3;
        final int peer = l.peer(2, size);
        final int tag = current ? (int)l.number(3, "TAG") : 0;
        final long bytes = l.bytes(current ? 4 : 3);
        if (tag < 0)
        {
            throw new MpiTraceException(l.where + ": expected a tag of 0 or more, got " + tag);
        }
        final boolean send = l.action.endsWith("send");
        final RankOp op = send ? new RankOp.Send(peer, tag, bytes) : new RankOp.Recv(peer, tag, bytes);
        if (l.action.startsWith("i"))
        {
            b.start(send ? key(l.rank, peer, tag) : key(peer, l.rank, tag), op);
        }
        else
        {
            b.blocking(op);
        }
    }

    private static void wait(final Line l, final ProgramBuilder b)
    {
        final Object key;
        if (l.args() >= 3)
        {
            key = key((int)l.number(2, "SRC"), (int)l.number(3, "DST"), (int)l.number(4, "TAG"));
        }
        else
        {
            key = b.lastKey();
        }
        if (key == null || !b.await(List.of(key)).isEmpty())
        {
            throw new MpiTraceException(l.where + ": wait: no request " + (key == null ? "started" : "'" + key
                + "' (source, destination, tag) outstanding"));
        }
    }

    private static void alltoallv(final Line l, final ProgramBuilder b, final int size)
    {
        final long[] send = new long[size];
        final long[] recv = new long[size];
        for (int i = 0; i < size; i++)
        {
            send[i] = l.bytes(3 + i);
            recv[i] = l.bytes(4 + size + i);
        }
        b.blocking(new RankOp.Collective(CollectiveKind.ALLTOALLV, 0, 0, send, recv));
    }

    private static String key(final int source, final int destination, final int tag)
    {
        return source + " " + destination + " " + tag;
    }

    private static String firstLine(final Path file) throws IOException
    {
        try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1))
        {
            return lines.map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).findFirst().orElse(null);
        }
    }

    /** A path in a list of traces: as written from the list's directory, else the file name there. */
    private static Path resolve(final Path list, final String entry)
    {
        final Path dir = list.toAbsolutePath().getParent();
        if (dir == null || entry.indexOf('\0') >= 0)
        {
            return null;
        }
        try
        {
            final Path asWritten = dir.resolve(entry);
            if (Files.isRegularFile(asWritten))
            {
                return asWritten;
            }
            final Path name = Path.of(entry).getFileName();
            final Path byName = name == null ? null : dir.resolve(name);
            return byName != null && Files.isRegularFile(byName) && !byName.equals(list.toAbsolutePath()) ? byName
                : null;
        }
        catch (final java.nio.file.InvalidPathException e)
        {
            return null;
        }
    }

    /** One action line: where it is, whose, which, and its words. */
    private record Line(String where, int rank, String action, String[] words)
    {
        int args()
        {
            return words.length - 2;
        }

        double number(final int index, final String what)
        {
            if (index >= words.length)
            {
                throw new MpiTraceException(where + ": " + words[1] + ": expected " + what + " as argument "
                    + (index - 1) + ", the line ends");
            }
            try
            {
                final double v = Double.parseDouble(words[index]);
                if (!Double.isFinite(v) || v < 0)
                {
                    throw new NumberFormatException();
                }
                return v;
            }
            catch (final NumberFormatException e)
            {
                throw new MpiTraceException(where + ": " + words[1] + ": expected " + what
                    + " (a number of 0 or more), got '" + words[index] + "'");
            }
        }

        long bytes(final int index)
        {
            final double v = number(index, "BYTES");
            if (v > Integer.MAX_VALUE)
            {
                throw new MpiTraceException(where + ": " + words[1] + ": " + words[index] + " bytes is more than "
                    + Integer.MAX_VALUE + ", the largest message replayed");
            }
            return Math.round(v);
        }

        int peer(final int index, final int size)
        {
            final double v = number(index, "RANK");
            if (v != Math.rint(v) || v >= size)
            {
                throw new MpiTraceException(where + ": " + words[1] + ": expected a rank from 0 to " + (size - 1)
                    + ", got '" + words[index] + "'");
            }
            return (int)v;
        }
    }
}
