package org.sansim.provider.wsp.api;

/**
 * {@code LPWSPSTARTUPEX}: the one entry point a SAN provider exports. The switch calls it once per
 * use (it is reference-counted against {@code WSPCleanup}); the provider fills {@code lpWSPData} and
 * the 17 required members of {@code lpProcTable}, and keeps {@code lpUpcallTable} for its upcalls.
 */
@FunctionalInterface
public interface LPWSPSTARTUPEX
{
    /**
     * Initialises the provider for one user.
     *
     * @param wVersionRequested the highest SPI version the caller supports, {@code MAKEWORD(major, minor)}
     * @param lpWSPData out: the negotiated version and a description
     * @param lpProtocolInfo the TCP/IP provider's catalog entry when called by the switch
     * @param lpUpcallTable the switch's upcall table, passed by reference; the provider keeps it
     * @param lpProcTable out: the provider's procedure table
     * @return 0 on success, else the {@link WinsockError} code itself (there is no {@code lpErrno}),
     *     e.g. {@code WSAVERNOTSUPPORTED} or {@code WSAEPROVIDERFAILEDINIT}
     */
    int WSPStartupEx(int wVersionRequested, WSPDATA lpWSPData, WSAPROTOCOL_INFOW lpProtocolInfo,
        WSPUPCALLTABLEEX lpUpcallTable, WSPPROC_TABLE lpProcTable);
}
