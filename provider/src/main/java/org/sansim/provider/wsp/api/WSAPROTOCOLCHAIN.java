package org.sansim.provider.wsp.api;

import java.util.Arrays;

/**
 * {@code WSAPROTOCOLCHAIN}: the layering of a protocol entry. {@code ChainLen} 1 means a base
 * provider (as a SAN provider is), 0 a layered protocol, more than 1 a protocol chain.
 */
public final class WSAPROTOCOLCHAIN
{
    /** {@code int ChainLen}: number of valid entries of {@link #ChainEntries}, or 0/1 as above. */
    public int ChainLen;

    /** {@code DWORD ChainEntries[MAX_PROTOCOL_CHAIN]}: catalog entry ids of the chain, bottom last. */
    public final int[] ChainEntries = new int[Winsock.MAX_PROTOCOL_CHAIN];

    /**
     * Copies another chain into this one.
     *
     * @param other the source
     */
    public void copyFrom(final WSAPROTOCOLCHAIN other)
    {
        ChainLen = other.ChainLen;
        System.arraycopy(other.ChainEntries, 0, ChainEntries, 0, ChainEntries.length);
    }

    @Override
    public String toString()
    {
        return "WSAPROTOCOLCHAIN{ChainLen=" + ChainLen + ", ChainEntries=" + Arrays.toString(ChainEntries) + '}';
    }
}
