package org.sansim.provider.wsp.api;

/**
 * {@code WSPDATA}: what {@code WSPStartupEx} reports about the provider. The two {@code WORD}s are
 * held in {@code int}s (0..65535) to avoid sign surprises with {@code short}; build them with
 * {@link Winsock#makeWord(int, int)}.
 */
public final class WSPDATA
{
    /** {@code WORD wVersion}: the SPI version the caller should use, e.g. {@code MAKEWORD(2, 2)} = 0x0202. */
    public int wVersion;

    /** {@code WORD wHighVersion}: the highest SPI version the provider supports. */
    public int wHighVersion;

    /**
     * {@code WCHAR szDescription[WSPDESCRIPTION_LEN + 1]}: a description of the provider, at most
     * {@link Winsock#WSPDESCRIPTION_LEN} characters.
     */
    public String szDescription = "";
}
