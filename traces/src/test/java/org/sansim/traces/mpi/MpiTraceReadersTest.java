package org.sansim.traces.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MpiTraceReadersTest
{
    static final Path SAMPLES = Path.of("src/test/resources/mpi");

    @TempDir
    Path tmp;

    @Test
    void shouldReadDumpiRanksWithTheCallsDumpi2asciiShows() throws IOException
    {
        final MpiTrace trace = DumpiReader.read(SAMPLES.resolve("dumpi/testtrace.meta"));
        assertEquals(4, trace.ranks().size());
        final List<RankOp> comm = communication(trace.ranks().get(0));
        assertEquals(List.of(RankOp.Collective.of(CollectiveKind.BARRIER, 0, 0).toString(),
            new RankOp.Send(1, 1337, 4).toString(), new RankOp.Recv(3, 1337, 4).toString(),
            RankOp.Collective.of(CollectiveKind.ALLREDUCE, 4, 0).toString()), comm.stream().map(Object::toString).toList());
        // Rank 1 sends to 2 and receives from 0: a ring.
        assertEquals(new RankOp.Send(2, 1337, 4), communication(trace.ranks().get(1)).get(1));
        assertEquals(new RankOp.Recv(0, 1337, 4), communication(trace.ranks().get(1)).get(2));
    }

    @Test
    void shouldTakeComputeFromTheGapsBetweenCallsAsTheGoldenTextHasThem() throws IOException
    {
        final MpiTrace trace = DumpiReader.read(SAMPLES.resolve("dumpi/testtrace-0002.bin"));
        final MpiTrace fromMeta = DumpiReader.read(SAMPLES.resolve("dumpi/testtrace.meta"));
        assertEquals(4, trace.ranks().size());
        for (int r = 0; r < 4; r++)
        {
            assertEquals(fromMeta.ranks().get(r).computePs(), trace.ranks().get(r).computePs());
        }
        final Pattern p = Pattern.compile("(entering|returning) at walltime ([0-9.]+),");
        final List<String> text = Files.readAllLines(SAMPLES.resolve("dumpi/testtrace-0000.txt"), StandardCharsets.UTF_8);
        long expectedPs = 0;
        BigDecimal lastExit = null;
        for (final String line : text)
        {
            final Matcher m = p.matcher(line);
            if (m.find())
            {
                final BigDecimal t = new BigDecimal(m.group(2));
                if (m.group(1).equals("entering") && lastExit != null)
                {
                    expectedPs += t.subtract(lastExit).movePointRight(12).longValueExact();
                }
                else if (m.group(1).equals("returning"))
                {
                    lastExit = t;
                }
            }
        }
        assertTrue(expectedPs > 0);
        assertEquals(expectedPs, fromMeta.ranks().get(0).computePs());
    }

    @Test
    void shouldReadSimGridBothFilesAndSplitLists() throws IOException
    {
        final MpiTrace isend = SimGridReader.read(SAMPLES.resolve("simgrid/actions_with_isend.txt"), 1e9);
        assertEquals(3, isend.ranks().size());
        assertEquals(2_000_000_000_000L, isend.ranks().get(0).computePs());
        assertEquals(List.of(new RankOp.Send(1, 0, 1_000_000), new RankOp.Recv(2, 2, 1_000_000)),
            communication(isend.ranks().get(0)));
        final MpiTrace split = SimGridReader.read(SAMPLES.resolve("simgrid/split_traces"), 1e9);
        assertEquals(2, split.ranks().size());
        assertEquals(1_000_000_000_000L, split.ranks().get(1).computePs());
        final MpiTrace v = SimGridReader.read(SAMPLES.resolve("simgrid/actions_alltoallv.txt"), 1e9);
        final RankOp.Collective c = (RankOp.Collective)communication(v.ranks().get(1)).get(0);
        assertEquals(CollectiveKind.ALLTOALLV, c.kind());
        assertEquals(List.of(80L, 1L, 40L), List.of(c.sendBytes()[0], c.sendBytes()[1], c.sendBytes()[2]));
        assertEquals(List.of(40L, 1L, 30L), List.of(c.recvBytes()[0], c.recvBytes()[1], c.recvBytes()[2]));
    }

    @Test
    void shouldReadTheOlderSimGridDialect() throws IOException
    {
        final Path f = tmp.resolve("old.txt");
        Files.writeString(f, "0 Isend 1 1e6\n0 wait\n1 Irecv 0 1e6\n1 wait\n");
        final MpiTrace t = SimGridReader.read(f, 1e9);
        assertEquals(List.of(new RankOp.Send(1, 0, 1_000_000)), communication(t.ranks().get(0)));
        final ProgramStep join = t.ranks().get(1).steps().get(1);
        assertInstanceOf(RankOp.Join.class, join.op());
        assertEquals(0, join.deps()[0]);
    }

    @Test
    void shouldReadChakraNodesAsADependencyOrderedGraphReplicatedPerRank() throws IOException
    {
        final MpiTrace trace = ChakraReader.read(chakra(), 4);
        assertEquals(4, trace.ranks().size());
        final RankProgram r0 = trace.ranks().get(0);
        assertEquals(3664, r0.steps().size());
        final List<RankOp> coll = communication(r0);
        assertEquals(7, coll.size());
        final RankOp.Collective first = (RankOp.Collective)coll.get(0);
        assertEquals(CollectiveKind.BCAST, first.kind());
        assertEquals(212480, first.bytes());
        for (int i = 0; i < r0.steps().size(); i++)
        {
            for (final int d : r0.steps().get(i).deps())
            {
                assertTrue(d < i, "step " + i + " depends on a later step " + d);
            }
        }
        assertEquals(r0.steps(), trace.ranks().get(3).steps());
    }

    @Test
    void shouldDetectEachFormatByContent() throws IOException
    {
        assertEquals(MpiTraceFormat.DUMPI, MpiTraceFormat.detect(SAMPLES.resolve("dumpi/testtrace-0001.bin")));
        assertEquals(MpiTraceFormat.DUMPI, MpiTraceFormat.detect(SAMPLES.resolve("dumpi/testtrace.meta")));
        assertEquals(MpiTraceFormat.SIMGRID, MpiTraceFormat.detect(SAMPLES.resolve("simgrid/actions_waitall.txt")));
        assertEquals(MpiTraceFormat.SIMGRID, MpiTraceFormat.detect(SAMPLES.resolve("simgrid/split_traces")));
        assertEquals(MpiTraceFormat.CHAKRA, MpiTraceFormat.detect(chakra()));
        assertEquals(null, MpiTraceFormat.detect(SAMPLES.resolve("README.md")));
    }

    /** Every truncation of every sample ends in one MpiTraceException naming the file, never another exception. */
    @Test
    void shouldReportEveryTruncatedDumpiFileWithItsNameAndOffset() throws IOException
    {
        final Path dir = tmp.resolve("dumpi");
        Files.createDirectories(dir);
        for (int r = 0; r < 4; r++)
        {
            Files.copy(SAMPLES.resolve("dumpi/testtrace-000" + r + ".bin"), dir.resolve("testtrace-000" + r + ".bin"));
        }
        Files.copy(SAMPLES.resolve("dumpi/testtrace.meta"), dir.resolve("testtrace.meta"));
        final byte[] whole = Files.readAllBytes(SAMPLES.resolve("dumpi/testtrace-0001.bin"));
        for (int length = 0; length < whole.length; length += 7)
        {
            Files.write(dir.resolve("testtrace-0001.bin"), java.util.Arrays.copyOf(whole, length));
            final MpiTraceException e = fails(() -> DumpiReader.read(dir.resolve("testtrace.meta")));
            assertTrue(e.getMessage().startsWith("testtrace-0001.bin: byte offset "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"));
        }
    }

    @Test
    void shouldReadOrRejectCleanlyEveryCorruptedDumpiFile() throws IOException
    {
        final Path dir = tmp.resolve("dumpi");
        Files.createDirectories(dir);
        for (int r = 0; r < 4; r++)
        {
            Files.copy(SAMPLES.resolve("dumpi/testtrace-000" + r + ".bin"), dir.resolve("testtrace-000" + r + ".bin"));
        }
        Files.copy(SAMPLES.resolve("dumpi/testtrace.meta"), dir.resolve("testtrace.meta"));
        final byte[] whole = Files.readAllBytes(SAMPLES.resolve("dumpi/testtrace-0003.bin"));
        final java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 400; i++)
        {
            final byte[] bad = whole.clone();
            final int at = i < 0x180 ? i : random.nextInt(bad.length);
            bad[at] ^= (byte)(1 << random.nextInt(8));
            Files.write(dir.resolve("testtrace-0003.bin"), bad);
            try
            {
                DumpiReader.read(dir.resolve("testtrace.meta"));
            }
            catch (final MpiTraceException e)
            {
                assertTrue(e.getMessage().startsWith("testtrace-0003.bin: byte offset "), "seed 11, flip at " + at
                    + ": " + e.getMessage());
            }
        }
    }

    @Test
    void shouldReportEveryTruncatedChakraFileWithItsOffset() throws IOException
    {
        final byte[] whole = Files.readAllBytes(chakra());
        final java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 30; i++)
        {
            final int length = i < 20 ? i : random.nextInt(whole.length - 1) + 1;
            final Path f = tmp.resolve("cut.0.et");
            Files.write(f, java.util.Arrays.copyOf(whole, length));
            try
            {
                ChakraReader.read(f, 2);
                // A cut exactly between two messages is a valid, shorter trace.
            }
            catch (final MpiTraceException e)
            {
                assertTrue(e.getMessage().startsWith("cut.0.et: byte offset "), "seed 5, length " + length + ": "
                    + e.getMessage());
            }
        }
    }

    @Test
    void shouldNameTheLineOfABadSimGridAction() throws IOException
    {
        final Path f = tmp.resolve("bad.txt");
        Files.writeString(f, "0 init\n0 send 1 0 lots\n1 recv 0 0 10\n");
        assertEquals("bad.txt:2: send: expected BYTES (a number of 0 or more), got 'lots'",
            fails(() -> SimGridReader.read(f, 1e9)).getMessage());
        Files.writeString(f, "0 init\n1 dance 3\n");
        assertTrue(fails(() -> SimGridReader.read(f, 1e9)).getMessage().startsWith("bad.txt:2: unknown action 'dance'"));
        Files.writeString(f, "0 send 7 0 10\n1 recv 0 0 10\n");
        assertEquals("bad.txt:1: send: expected a rank from 0 to 1, got '7'",
            fails(() -> SimGridReader.read(f, 1e9)).getMessage());
    }

    private static List<RankOp> communication(final RankProgram p)
    {
        final List<RankOp> ops = new ArrayList<>();
        for (final ProgramStep s : p.steps())
        {
            if (!(s.op() instanceof RankOp.Compute) && !(s.op() instanceof RankOp.Join))
            {
                ops.add(s.op());
            }
        }
        return ops;
    }

    private Path chakra() throws IOException
    {
        final Path f = tmp.resolve("chakra.0.et");
        if (!Files.exists(f))
        {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(SAMPLES.resolve("chakra/chakra.0.et.gz"))))
            {
                Files.copy(in, f);
            }
        }
        return f;
    }

    private static MpiTraceException fails(final ThrowingRead read)
    {
        try
        {
            read.run();
        }
        catch (final MpiTraceException e)
        {
            return e;
        }
        catch (final IOException e)
        {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected an MpiTraceException");
    }

    /** A read that may fail. */
    private interface ThrowingRead
    {
        void run() throws IOException;
    }

    @Test
    void shouldKeepTheSampleFilesPresent()
    {
        assertNotNull(SAMPLES.resolve("README.md"));
    }
}
