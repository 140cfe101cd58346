package org.sansim.tools.workload;

/**
 * One flow of a workload: bytes to move from one host to another, from a time on.
 *
 * @param id its number, from 0
 * @param source the sending host
 * @param destination the receiving host
 * @param bytes bytes to move
 * @param startPs when it arrives, after the workload's start (0: at once)
 */
public record FlowSpec(int id, int source, int destination, long bytes, long startPs)
{
    /**
     * A flow that starts with the workload.
     *
     * @param id its number, from 0
     * @param source the sending host
     * @param destination the receiving host
     * @param bytes bytes to move
     */
    public FlowSpec(final int id, final int source, final int destination, final long bytes)
    {
        this(id, source, destination, bytes, 0);
    }
}
