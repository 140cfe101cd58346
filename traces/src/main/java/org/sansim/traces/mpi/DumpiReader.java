package org.sansim.traces.mpi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SST DUMPI traces: the ASCII {@code PREFIX.meta} ({@code numprocs}, {@code fileprefix}) and one
 * binary {@code PREFIX-NNNN.bin} per rank. A rank file is big-endian: the 8-byte magic, the call records
 * from the body offset (after two 32-bit time biases, CPU then wall seconds), a header, a footer, the
 * datatype sizes, and a trailing index of those sections' offsets behind the magic.
 *
 * <p>Each call record is a 16-bit function id, an 8-bit mask (statuses {@code 0x03}, CPU times {@code 0x04},
 * wall times {@code 0x08}, thread id {@code 0x40}, PAPI counters {@code 0x80}), the thread id, the entry and
 * exit times (16-bit seconds above the bias and 32-bit nanoseconds each), the counters, then the call's
 * arguments: counts, ranks, tags and requests in 32 bits, datatypes and communicators in 16, reduction
 * operations in 8, arrays behind a 32-bit length, statuses behind a 32-bit count.
 *
 * <p>The time between one call's exit and the next call's entry (wall clock, else CPU clock) becomes
 * compute; point-to-point calls, waits and tests, and the collectives on {@code MPI_COMM_WORLD} (or a
 * duplicate of it) become operations of the rank's program. A call this reader does not know, or a
 * collective on another communicator, ends the read with the file, the offset and the call.
 */
public final class DumpiReader
{
    /** The 8 bytes every rank file starts with and its index repeats. */
    static final long MAGIC = 0xFFAA_DD44_554D_5049L;
    private static final int END_OF_STREAM_MIN = 292;
    private static final int INDEX_BYTES = 64;
    private static final int COMM_WORLD = 2;
    private static final int MASK_STATUSES = 0x03;
    private static final int MASK_CPU = 0x04;
    private static final int MASK_WALL = 0x08;
    private static final int MASK_THREAD = 0x40;
    private static final int MASK_PERF = 0x80;
    private static final Pattern RANK_FILE = Pattern.compile("(.*)-(\\d{4,})\\.bin");

    private final String file;
    private final ByteCursor in;
    private final int rank;
    private final int size;
    private final ProgramBuilder program;
    private final Set<Integer> world = new HashSet<>(Set.of(COMM_WORLD));
    private int[] typeBytes = new int[0];
    private boolean statusTags = true;
    private long cpuBiasSeconds;
    private long wallBiasSeconds;
    private long lastExitPs = -1;

    private DumpiReader(final String file, final byte[] data, final int rank, final int size)
    {
        this.file = file;
        this.in = new ByteCursor(file, data, 0);
        this.rank = rank;
        this.size = size;
        this.program = new ProgramBuilder(rank);
    }

    /**
     * @param file a file
     * @return whether it is a DUMPI {@code .meta} or starts with the DUMPI magic
     * @throws IOException if it cannot be read
     */
    public static boolean looksLike(final Path file) throws IOException
    {
        if (file.toString().endsWith(".meta"))
        {
            return true;
        }
        try (var in = Files.newInputStream(file))
        {
            final byte[] head = in.readNBytes(8);
            return head.length == 8 && java.nio.ByteBuffer.wrap(head).getLong() == MAGIC;
        }
    }

    /**
     * Reads every rank of a trace.
     *
     * @param file the {@code .meta} file or any rank's {@code .bin}
     * @return the trace, one program per rank
     * @throws MpiTraceException naming the file, the byte offset (or line) and what was expected
     * @throws IOException if a file cannot be read
     */
    public static MpiTrace read(final Path file) throws IOException
    {
        final Path dir = file.toAbsolutePath().getParent();
        final String name = String.valueOf(file.getFileName());
        final String prefix;
        Path meta;
        if (name.endsWith(".meta"))
        {
            meta = file;
            prefix = null;
        }
        else
        {
            final Matcher m = RANK_FILE.matcher(name);
            if (!m.matches())
            {
                throw new MpiTraceException(file + ": expected a DUMPI PREFIX.meta or PREFIX-NNNN.bin file name");
            }
            prefix = m.group(1);
            meta = dir.resolve(prefix + ".meta");
        }
        if (!Files.isRegularFile(meta))
        {
            throw new MpiTraceException(meta + ": the DUMPI trace's .meta file is missing (it gives numprocs)");
        }
        final Meta info = Meta.read(meta);
        final String filePrefix = prefix != null ? prefix : info.filePrefix();
        final List<RankProgram> ranks = new ArrayList<>();
        for (int r = 0; r < info.ranks(); r++)
        {
            final Path rankFile = dir.resolve(String.format("%s-%04d.bin", filePrefix, r));
            if (!Files.isRegularFile(rankFile))
            {
                throw new MpiTraceException(meta + ": numprocs=" + info.ranks() + " but rank " + r + "'s file "
                    + rankFile.getFileName() + " is missing");
            }
            final DumpiReader reader = new DumpiReader(String.valueOf(rankFile.getFileName()),
                Files.readAllBytes(rankFile), r, info.ranks());
            ranks.add(reader.readRank());
        }
        return new MpiTrace(MpiTraceFormat.DUMPI, file.toString(), List.copyOf(ranks));
    }

    private RankProgram readRank()
    {
        if (in.u64("the DUMPI magic") != MAGIC)
        {
            in.seek(0, "the magic");
            throw in.fail("expected the DUMPI magic FF AA DD 44 55 4D 50 49");
        }
        final Index index = readIndex();
        if (index.header() > 0)
        {
            in.seek(index.header(), "the header");
            final int major = in.u8("the header's version");
            final int minor = in.u8("the header's version");
            final int patch = in.u8("the header's version");
            statusTags = major > 0 || minor > 6 || minor == 6 && patch >= 3;
        }
        if (index.sizes() > 0)
        {
            in.seek(index.sizes(), "the datatype sizes");
            typeBytes = new int[in.count("datatype sizes", 4)];
            for (int i = 0; i < typeBytes.length; i++)
            {
                typeBytes[i] = in.i32("a datatype size");
            }
        }
        in.seek(index.body(), "the call records");
        cpuBiasSeconds = in.i32("the CPU time bias") & 0xFFFF_FFFFL;
        wallBiasSeconds = in.i32("the wall time bias") & 0xFFFF_FFFFL;
        while (true)
        {
            final int at = in.pos();
            final int function = in.u16("a call record's function id");
            if (function >= END_OF_STREAM_MIN)
            {
                break;
            }
            call(at, function);
        }
        return program.build();
    }

    private Index readIndex()
    {
        final int total = in.length();
        if (total < 8 + INDEX_BYTES)
        {
            throw new MpiTraceException(file + ": byte offset " + total + ": expected the 64-byte index at the end, "
                + "the file has only " + total + " bytes");
        }
        // Older writers left out the newer offsets: find the magic that starts the index.
        for (int skipped = 0; skipped <= 3; skipped++)
        {
            in.seek(total - INDEX_BYTES + 8L * skipped, "the index");
            if (in.u64("the index magic") == MAGIC)
            {
                final long sizes = skipped == 0 ? in.u64("the index") : 0;
                if (skipped <= 1)
                {
                    in.u64("the index");
                }
                if (skipped <= 2)
                {
                    in.u64("the index");
                }
                final Index index = new Index(sizes, in.u64("the index"), in.u64("the index"));
                return check(index, total);
            }
        }
        in.seek(total - INDEX_BYTES, "the index");
        throw in.fail("expected the index (the DUMPI magic then section offsets) in the last 64 bytes; the file may "
            + "be truncated");
    }

    private Index check(final Index index, final int total)
    {
        if (index.body() < 8 || index.body() >= total || index.header() >= total || index.sizes() >= total)
        {
            in.seek(total - INDEX_BYTES, "the index");
            throw in.fail("expected section offsets inside the file's " + total + " bytes, got body " + index.body()
                + ", header " + index.header() + ", datatype sizes " + index.sizes());
        }
        return index;
    }

    private void call(final int at, final int function)
    {
        final DumpiFunction f = DumpiFunction.of(function);
        if (f == null)
        {
            throw new MpiTraceException(file + ": byte offset " + at + ": function id " + function
                + " is not one the replay supports; expected one of " + DumpiFunction.supported());
        }
        final int mask = in.u8("the " + f.mpiName() + " record's mask");
        if ((mask & MASK_THREAD) != 0)
        {
            in.u16("the thread id of " + f.mpiName());
        }
        long entryPs = -1;
        long exitPs = -1;
        if ((mask & MASK_CPU) != 0)
        {
            entryPs = timePs(cpuBiasSeconds, f);
            exitPs = timePs(cpuBiasSeconds, f);
        }
        if ((mask & MASK_WALL) != 0)
        {
            entryPs = timePs(wallBiasSeconds, f);
            exitPs = timePs(wallBiasSeconds, f);
        }
        if ((mask & MASK_PERF) != 0)
        {
            in.skip(16 * in.u8("the PAPI counter count of " + f.mpiName()), "PAPI counters of " + f.mpiName());
        }
        if (entryPs >= 0 && lastExitPs >= 0)
        {
            program.compute(Math.max(0, entryPs - lastExitPs));
        }
        if (exitPs >= 0)
        {
            lastExitPs = exitPs;
        }
        new DumpiCall(this, f, at, (mask & MASK_STATUSES) != 0).read();
    }

    private long timePs(final long biasSeconds, final DumpiFunction f)
    {
        final long seconds = in.u16("the times of " + f.mpiName()) + biasSeconds;
        final long nanos = in.i32("the times of " + f.mpiName()) & 0xFFFF_FFFFL;
        return seconds * 1_000_000_000_000L + nanos * 1000;
    }

    ByteCursor in()
    {
        return in;
    }

    ProgramBuilder program()
    {
        return program;
    }

    int rank()
    {
        return rank;
    }

    int size()
    {
        return size;
    }

    boolean statusTags()
    {
        return statusTags;
    }

    Set<Integer> world()
    {
        return world;
    }

    /** @return bytes of {@code count} elements of a datatype, from the trace's own size table */
    long bytes(final int count, final int datatype, final int at, final DumpiFunction f)
    {
        if (count < 0 || datatype >= typeBytes.length)
        {
            throw new MpiTraceException(file + ": byte offset " + at + ": " + f.mpiName() + ": "
                + (count < 0 ? "expected a count of 0 or more, got " + count
                : "datatype " + datatype + " has no size in the trace's table of " + typeBytes.length));
        }
        return (long)count * typeBytes[datatype];
    }

    String file()
    {
        return file;
    }

    /** The sections the trailing index points at (0: absent). */
    private record Index(long sizes, long header, long body)
    {
    }

    /** What the {@code .meta} file says. */
    private record Meta(int ranks, String filePrefix)
    {
        static Meta read(final Path meta) throws IOException
        {
            final List<String> lines = Files.readAllLines(meta, StandardCharsets.ISO_8859_1);
            Integer ranks = null;
            String prefix = null;
            for (int i = 0; i < lines.size(); i++)
            {
                final String l = lines.get(i).trim();
                if (l.startsWith("numprocs="))
                {
                    try
                    {
                        ranks = Integer.parseInt(l.substring("numprocs=".length()).trim());
                    }
                    catch (final NumberFormatException e)
                    {
                        ranks = -1;
                    }
                    if (ranks < 1 || ranks > 1 << 16)
                    {
                        throw new MpiTraceException(meta.getFileName() + ":" + (i + 1)
                            + ": expected numprocs=N with N from 1 to 65536, got \"" + l + "\"");
                    }
                }
                else if (l.startsWith("fileprefix="))
                {
                    prefix = l.substring("fileprefix=".length()).trim();
                }
            }
            if (ranks == null || prefix == null || prefix.isEmpty())
            {
                throw new MpiTraceException(meta.getFileName() + ": line " + (lines.size() + 1) + ": expected "
                    + (ranks == null ? "numprocs=N" : "fileprefix=NAME") + " before the end of the file");
            }
            return new Meta(ranks, prefix);
        }
    }
}
