package org.sansim.hw;

/**
 * Layout of the remote-address segment of RDMA and atomic WQEs (HARDWARE.md 6.3).
 *
 * <pre>
 *            3 3                   2                   1                   0
 *            1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0 9 8 7 6 5 4 3 2 1 0
 *           +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * 0x00      |                     REMOTE_ADDRESS[63:32]                     |
 *           +---------------------------------------------------------------+
 * 0x04      |                      REMOTE_ADDRESS[31:0]                     |
 *           +---------------------------------------------------------------+
 * 0x08      |                              RKEY                             |
 *           +---------------------------------------------------------------+
 * 0x0C      |                            reserved                           |
 *           +---------------------------------------------------------------+
 * </pre>
 */
public final class RemoteAddressSegmentDescriptor
{
    /** Size of the segment. */
    public static final int LENGTH_BYTES = 16;
    /** Virtual address in the responder's region, 64 bits. */
    public static final int REMOTE_ADDRESS_OFFSET = 0x00;
    /** The responder's memory key, 32 bits. */
    public static final int RKEY_OFFSET = 0x08;

    private RemoteAddressSegmentDescriptor()
    {
    }
}
