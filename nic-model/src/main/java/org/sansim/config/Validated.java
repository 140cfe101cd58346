package org.sansim.config;

/**
 * A parameter record that checks combinations of its values once, before the simulation starts.
 *
 * <p>{@link ParamsDescriptor} calls {@link #validate()} on every record it builds and on the
 * record's {@code defaults()}. Checks of a single value that the type cannot express (a positive
 * size, a power of two) belong here too, so that all rejections carry a user-facing message.
 */
public interface Validated
{
    /**
     * Checks this record's values.
     *
     * @throws ParamsException if a value or a combination is invalid; the message names the
     *     parameter(s) involved, for example {@code "wqeCacheEntries must be a power of two, got 100"}
     */
    void validate();
}
