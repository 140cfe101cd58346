package org.sansim.traces.mpi;

/**
 * An MPI or AI trace cannot be read: the message is one line naming the file, the place (a byte
 * offset or a line) and what was expected there, for example
 * {@code "testtrace-0001.bin: byte offset 312: expected 4 more bytes of MPI_Recv, the file ends"}.
 */
public final class MpiTraceException extends RuntimeException
{
    /** Serialisation version of this exception type. */
    private static final long serialVersionUID = 1L;

    /**
     * @param message the one line
     */
    public MpiTraceException(final String message)
    {
        super(message);
    }
}
