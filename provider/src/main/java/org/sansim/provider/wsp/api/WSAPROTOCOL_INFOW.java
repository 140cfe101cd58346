package org.sansim.provider.wsp.api;

/**
 * {@code WSAPROTOCOL_INFOW}: a protocol catalog entry. A SAN provider describes itself with one
 * (service flags {@code XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER | XP1_MESSAGE_ORIENTED |
 * XP1_GRACEFUL_CLOSE}, {@code PFL_HIDDEN}, {@code AF_INET}/{@code SOCK_STREAM}/{@code IPPROTO_TCP});
 * {@code WSPStartupEx} receives the TCP/IP provider's entry; {@code WSPDuplicateSocket} fills one
 * whose {@link #dwProviderReserved} identifies the socket for the target process, and
 * {@code WSPSocket} receives it back there.
 */
public final class WSAPROTOCOL_INFOW
{
    /** {@code dwServiceFlags1}: {@code XP1_*} bits describing the services of the protocol. */
    public int dwServiceFlags1;

    /** {@code dwServiceFlags2}: reserved for more service flags, 0. */
    public int dwServiceFlags2;

    /** {@code dwServiceFlags3}: reserved for more service flags, 0. */
    public int dwServiceFlags3;

    /** {@code dwServiceFlags4}: reserved for more service flags, 0. */
    public int dwServiceFlags4;

    /** {@code dwProviderFlags}: {@code PFL_*} bits (a SAN provider sets {@code PFL_HIDDEN}). */
    public int dwProviderFlags;

    /** {@code GUID ProviderId}: the provider's GUID (also the value registered under "TCP on SAN"). */
    public Guid ProviderId = new Guid(0, 0, 0, 0L);

    /** {@code dwCatalogEntryId}: the catalog entry id assigned by the Winsock DLL. */
    public int dwCatalogEntryId;

    /** {@code WSAPROTOCOLCHAIN ProtocolChain}: the layering of this entry ({@code ChainLen} 1 for a base provider). */
    public final WSAPROTOCOLCHAIN ProtocolChain = new WSAPROTOCOLCHAIN();

    /** {@code iVersion}: the protocol version. */
    public int iVersion;

    /** {@code iAddressFamily}: the address family ({@code AF_INET}). */
    public int iAddressFamily;

    /** {@code iMaxSockAddr}: largest socket address, in bytes (16 for {@code sockaddr_in}). */
    public int iMaxSockAddr;

    /** {@code iMinSockAddr}: smallest socket address, in bytes (16 for {@code sockaddr_in}). */
    public int iMinSockAddr;

    /** {@code iSocketType}: the socket type ({@code SOCK_STREAM}). */
    public int iSocketType;

    /** {@code iProtocol}: the protocol ({@code IPPROTO_TCP}). */
    public int iProtocol;

    /** {@code iProtocolMaxOffset}: largest value that may be added to {@link #iProtocol} (0). */
    public int iProtocolMaxOffset;

    /** {@code iNetworkByteOrder}: {@code BIGENDIAN} (0) or {@code LITTLEENDIAN} (1). */
    public int iNetworkByteOrder;

    /** {@code iSecurityScheme}: the security scheme, {@code SECURITY_PROTOCOL_NONE} (0). */
    public int iSecurityScheme;

    /**
     * {@code dwMessageSize}: largest message, in bytes (unsigned 32 bits); 0 for a stream, 0xFFFFFFFF
     * (-1 here) for "no limit other than the buffer".
     */
    public int dwMessageSize;

    /**
     * {@code dwProviderReserved}: reserved for the provider; {@code WSPDuplicateSocket} stores a value
     * that identifies the socket system-wide, and a non-zero value in {@code WSPSocket} means "re-create
     * that duplicated socket" ({@code DWORD_PTR}, 64 bits).
     */
    public long dwProviderReserved;

    /**
     * {@code WCHAR szProtocol[WSAPROTOCOL_LEN + 1]}: the protocol's name, at most {@code WSAPROTOCOL_LEN} characters.
     */
    public String szProtocol = "";

    /**
     * Copies every field of another entry into this one (the chain entries by value).
     *
     * @param other the source
     * @return this entry
     */
    public WSAPROTOCOL_INFOW copyFrom(final WSAPROTOCOL_INFOW other)
    {
        dwServiceFlags1 = other.dwServiceFlags1;
        dwServiceFlags2 = other.dwServiceFlags2;
        dwServiceFlags3 = other.dwServiceFlags3;
        dwServiceFlags4 = other.dwServiceFlags4;
        dwProviderFlags = other.dwProviderFlags;
        ProviderId = other.ProviderId;
        dwCatalogEntryId = other.dwCatalogEntryId;
        ProtocolChain.copyFrom(other.ProtocolChain);
        iVersion = other.iVersion;
        iAddressFamily = other.iAddressFamily;
        iMaxSockAddr = other.iMaxSockAddr;
        iMinSockAddr = other.iMinSockAddr;
        iSocketType = other.iSocketType;
        iProtocol = other.iProtocol;
        iProtocolMaxOffset = other.iProtocolMaxOffset;
        iNetworkByteOrder = other.iNetworkByteOrder;
        iSecurityScheme = other.iSecurityScheme;
        dwMessageSize = other.dwMessageSize;
        dwProviderReserved = other.dwProviderReserved;
        szProtocol = other.szProtocol;
        return this;
    }

    @Override
    public String toString()
    {
        return "WSAPROTOCOL_INFOW{szProtocol=" + szProtocol + ", ProviderId=" + ProviderId + ", dwCatalogEntryId="
            + dwCatalogEntryId + ", dwServiceFlags1=0x" + Integer.toHexString(dwServiceFlags1)
            + ", dwProviderFlags=0x" + Integer.toHexString(dwProviderFlags) + ", iAddressFamily=" + iAddressFamily
            + ", iSocketType=" + iSocketType + ", iProtocol=" + iProtocol + ", dwProviderReserved=0x"
            + Long.toHexString(dwProviderReserved) + '}';
    }
}
