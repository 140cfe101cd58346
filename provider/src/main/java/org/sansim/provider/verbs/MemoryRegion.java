package org.sansim.provider.verbs;

/**
 * A registered buffer ({@code ibv_mr}).
 *
 * @param va the first byte, in the registering process's address space
 * @param length bytes
 * @param lkey the local key
 * @param rkey the remote key (equal to {@code lkey} on this device)
 * @param access the {@code AccessFlags} granted
 */
public record MemoryRegion(long va, long length, int lkey, int rkey, int access)
{
}
