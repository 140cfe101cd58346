package org.sansim.provider.wsp.api;

import java.util.Arrays;

/**
 * {@code WSANETWORKEVENTS}: the output of {@code WSPEnumNetworkEvents}, the network events recorded
 * since the last call and an error code for each.
 */
public final class WSANETWORKEVENTS
{
    /** {@code long lNetworkEvents}: the {@code FD_*} bits that occurred. */
    public int lNetworkEvents;

    /**
     * {@code int iErrorCode[FD_MAX_EVENTS]}: per event, indexed by {@code FD_*_BIT}, the
     * {@link WinsockError} code (0 for success); e.g. {@code iErrorCode[FD_CONNECT_BIT]} is the
     * result of a non-blocking connect.
     */
    public final int[] iErrorCode = new int[Winsock.FD_MAX_EVENTS];

    /** Resets the record to "no events". */
    public void clear()
    {
        lNetworkEvents = 0;
        Arrays.fill(iErrorCode, 0);
    }
}
