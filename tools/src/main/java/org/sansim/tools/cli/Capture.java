package org.sansim.tools.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.sansim.traces.pcap.PcapTap;

/**
 * The {@code --pcap} file of a command: written whole when the command succeeds ({@link #commit}), and
 * not at all when it fails (the capture goes to a temporary file that closing without a commit deletes).
 */
final class Capture
{
    private Capture()
    {
    }

    /**
     * @param file the {@code --pcap} argument, or null
     * @return a capture writing to it, or null when {@code file} is null
     * @throws IllegalArgumentException (a usage error) when it cannot be created
     */
    static PcapTap open(final Path file)
    {
        if (file == null)
        {
            return null;
        }
        try
        {
            return new PcapTap(file);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("--pcap " + file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * Completes a capture after the command's work succeeded: the file appears under its name.
     *
     * @param pcap the capture, or null for none
     */
    static void commit(final PcapTap pcap)
    {
        if (pcap == null)
        {
            return;
        }
        try
        {
            pcap.commit();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
