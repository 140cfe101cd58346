package org.sansim.config;

/**
 * A parameter override or a combination of parameters is invalid.
 *
 * <p>The message is written for the user of the command line, not for a developer: it names the
 * parameter, says what was expected and quotes what was given, so the CLI prints it as is, without
 * a stack trace.
 */
public class ParamsException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a complete, user-facing message.
     *
     * @param message what is wrong, naming the parameter and the expectation
     */
    public ParamsException(final String message)
    {
        super(message);
    }

    /**
     * Creates an exception with a complete, user-facing message and the error that revealed it.
     *
     * @param message what is wrong, naming the parameter and the expectation
     * @param cause the lower-level error, kept for debugging
     */
    public ParamsException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
