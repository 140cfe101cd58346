package org.sansim.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.sansim.tools.record.TraceRecorder;
import org.sansim.traces.timeline.TimelineRecorder;

/**
 * {@code --record FILE} and {@code --timeline FILE} of {@code run} and {@code perf}: started before the command
 * builds anything, written when it ends (also when it stalls), each only when asked for.
 */
final class TraceOutputs implements AutoCloseable
{
    private final TraceRecorder recorder;
    private final Path recordFile;
    private final TimelineRecorder timeline;
    private final Path timelineFile;

    private TraceOutputs(final Path recordFile, final Path timelineFile)
    {
        this.recordFile = recordFile;
        this.timelineFile = timelineFile;
        recorder = recordFile == null ? null : new TraceRecorder(recordFile).install();
        timeline = timelineFile == null ? null : new TimelineRecorder().install();
    }

    /**
     * @param recordFile the {@code --record} argument, or null
     * @param timelineFile the {@code --timeline} argument, or null
     * @return the outputs started
     */
    static TraceOutputs open(final Path recordFile, final Path timelineFile)
    {
        return new TraceOutputs(recordFile, timelineFile);
    }

    /**
     * Stops recording and writes the files.
     *
     * @throws IllegalArgumentException (a usage error) when a file cannot be written
     */
    @Override
    public void close()
    {
        try
        {
            if (timeline != null)
            {
                timeline.close(timelineFile);
            }
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("--timeline " + timelineFile + ": cannot write: " + e.getMessage(), e);
        }
        finally
        {
            closeRecorder();
        }
    }

    private void closeRecorder()
    {
        if (recorder == null)
        {
            return;
        }
        try
        {
            recorder.close();
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("--record " + recordFile + ": cannot write: " + e.getMessage(), e);
        }
    }
}
