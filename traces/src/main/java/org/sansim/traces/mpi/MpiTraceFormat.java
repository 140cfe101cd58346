package org.sansim.traces.mpi;

import java.io.IOException;
import java.nio.file.Path;

/** The MPI and AI trace formats the replay reads, and how a file is recognised as one. */
public enum MpiTraceFormat
{
    /** SST DUMPI: a {@code .meta} file and binary per-rank {@code .bin} files. */
    DUMPI,
    /** SimGrid time-independent traces: text actions per rank. */
    SIMGRID,
    /** MLCommons Chakra execution traces: varint-delimited protobuf, one file per rank. */
    CHAKRA;

    /**
     * Recognises a file by its content (and, for a DUMPI {@code .meta}, its name): the DUMPI magic, a
     * first line of {@code RANK ACTION}, or a Chakra {@code GlobalMetadata} message.
     *
     * @param file the file
     * @return its format, or {@code null} if it is none of these
     * @throws IOException if it cannot be read
     */
    public static MpiTraceFormat detect(final Path file) throws IOException
    {
        if (DumpiReader.looksLike(file))
        {
            return DUMPI;
        }
        if (ChakraReader.looksLike(file))
        {
            return CHAKRA;
        }
        return SimGridReader.looksLike(file) ? SIMGRID : null;
    }
}
