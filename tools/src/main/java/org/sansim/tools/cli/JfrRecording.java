package org.sansim.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import org.sansim.jfr.SimJfr;

/**
 * {@code --jfr FILE}: records SanSim's JFR events ({@code org.sansim.*}, see {@link SimJfr}) of one command
 * into a file that {@code jfr print --events org.sansim.Doorbell FILE} reads. Only SanSim's events are enabled,
 * without stack traces, so the file holds the model's activity and little else.
 */
final class JfrRecording implements AutoCloseable
{
    /** The events recorded. */
    static final List<String> EVENTS = List.of("org.sansim.Doorbell", "org.sansim.WqeFetch",
        "org.sansim.TranslationMiss", "org.sansim.DmaTransfer", "org.sansim.PacketSent", "org.sansim.PacketReceived",
        "org.sansim.Cqe", "org.sansim.Retransmission", "org.sansim.ConnectionSetup", "org.sansim.WspCall");

    private final Recording recording;
    private final Path file;

    private JfrRecording(final Path file)
    {
        this.file = file;
        recording = new Recording();
        recording.setName("sansim");
        recording.setToDisk(true);
        for (final String event : EVENTS)
        {
            recording.enable(event).withoutStackTrace();
        }
        recording.start();
        SimJfr.enable(true);
    }

    /**
     * Starts recording.
     *
     * @param file the {@code --jfr} argument, or null
     * @return the recording, or null when {@code file} is null
     */
    static JfrRecording open(final Path file)
    {
        return file == null ? null : new JfrRecording(file);
    }

    /**
     * Closes a recording if there is one.
     *
     * @param recording the result of {@link #open}, or null
     */
    static void close(final JfrRecording recording)
    {
        if (recording != null)
        {
            recording.close();
        }
    }

    /**
     * Stops the recording and writes the file.
     *
     * @throws IllegalArgumentException (a usage error) when the file cannot be written
     */
    @Override
    public void close()
    {
        SimJfr.enable(false);
        try
        {
            recording.stop();
            recording.dump(file);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("--jfr " + file + ": cannot write: " + e.getMessage(), e);
        }
        finally
        {
            recording.close();
        }
    }
}
