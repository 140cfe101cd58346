package org.sansim.provider.sockets;

/**
 * The Windows Sockets constants the switch handles itself, which the SAN provider never sees (so
 * they are not part of the SPI binding): buffer-size options and {@code shutdown}'s directions.
 */
public final class SocketOptions
{
    /** {@code SO_SNDBUF}: the send buffer size in bytes. */
    public static final int SO_SNDBUF = 0x1001;
    /** {@code SO_RCVBUF}: the receive buffer size in bytes. */
    public static final int SO_RCVBUF = 0x1002;
    /** {@code SD_RECEIVE}: no more receives. */
    public static final int SD_RECEIVE = 0;
    /** {@code SD_SEND}: no more sends (the peer reads the end of the stream). */
    public static final int SD_SEND = 1;
    /** {@code SD_BOTH}: neither. */
    public static final int SD_BOTH = 2;

    private SocketOptions()
    {
    }
}
