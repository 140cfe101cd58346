package org.sansim.sim;

/**
 * A two-way link between two component ports: a channel each way.
 *
 * @param name the link's name
 * @param aToB the channel from end A to end B
 * @param bToA the channel from end B to end A
 */
public record Link(String name, Channel aToB, Channel bToA)
{
}
