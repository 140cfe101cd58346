package org.sansim.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.sansim.traces.pcap.PcapTap;

/** Opening the {@code --pcap} file of a command. */
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
}
