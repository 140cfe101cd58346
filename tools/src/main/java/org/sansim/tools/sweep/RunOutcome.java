package org.sansim.tools.sweep;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one replication of one point gave: its summary and statistics, or the child's one-line error.
 *
 * @param point the point
 * @param replication the replication, from 0
 * @param seed the seed it ran on
 * @param summary the run's JSON summary, or {@code null} if it failed
 * @param stats the run's statistics ({@code stats.json}), or {@code null} if it failed
 * @param error the child's one-line error, or {@code null} if it succeeded
 */
public record RunOutcome(SweepPoint point, int replication, long seed, JsonNode summary, JsonNode stats,
                         String error)
{
    /** @return whether the run succeeded */
    public boolean ok()
    {
        return error == null;
    }
}
