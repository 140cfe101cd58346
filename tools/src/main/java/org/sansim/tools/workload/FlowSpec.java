package org.sansim.tools.workload;

/**
 * One flow of a workload: bytes to move from one host to another.
 *
 * @param id its number, from 0
 * @param source the sending host
 * @param destination the receiving host
 * @param bytes bytes to move
 */
public record FlowSpec(int id, int source, int destination, long bytes)
{
}
