package org.sansim.tools.scenario;

import org.sansim.config.ParamsException;

/**
 * A scenario the user wrote is wrong: a malformed file, an unknown key, a bad unit or type, a value out
 * of range. The message is one line that names the place ({@code FILE:LINE} or {@code --set}) and what
 * was expected; the command line prints it and exits with code 2.
 */
public final class ScenarioException extends ParamsException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the place and what was expected
     */
    public ScenarioException(final String message)
    {
        super(message);
    }
}
