package org.sansim.traces.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture appears whole on commit, and not at all when the run fails. */
class PcapTapTest
{
    private static List<Path> files(final Path dir) throws Exception
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.sorted().toList();
        }
    }

    @Test
    void shouldLeaveNothingAndKeepAnOlderFileWhenClosedWithoutCommit(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("run.pcapng");
        final byte[] older = "an older capture".getBytes(StandardCharsets.UTF_8);
        Files.write(file, older);
        try (PcapTap tap = new PcapTap(file))
        {
            assertEquals(2, files(dir).size(), "the capture goes to a temporary file beside the target");
            assertEquals(0, tap.frames());
            // the run fails here: no commit
        }
        assertEquals(List.of(file), files(dir), "the temporary file is gone");
        assertArrayEquals(older, Files.readAllBytes(file), "the older file is untouched");

        final Path fresh = dir.resolve("fresh.pcapng");
        try (PcapTap tap = new PcapTap(fresh))
        {
            tap.nextSegment();
            // no commit
        }
        assertEquals(List.of(file), files(dir), "no capture of a failed run");
    }

    @Test
    void shouldMoveTheCaptureToItsNameOnCommit(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("run.pcapng");
        Files.write(file, new byte[] {1, 2, 3});
        try (PcapTap tap = new PcapTap(file, TimestampResolution.NANOSECONDS))
        {
            tap.commit();
        }
        assertEquals(List.of(file), files(dir));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(file)), "readable like any capture");
        try (InputStream in = Files.newInputStream(file))
        {
            final PcapngReader r = new PcapngReader(in);
            assertNull(r.next(), "a valid, empty capture replaced the older file");
        }
    }
}
