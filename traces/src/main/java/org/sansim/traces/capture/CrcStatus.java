package org.sansim.traces.capture;

/** The state of a packet's ICRC or VCRC in a capture. */
public enum CrcStatus
{
    /** The stored value equals the one computed over the packet. */
    VALID,
    /** The stored value differs: the packet was corrupted (or built wrongly). */
    INVALID,
    /** The capture cut the packet before the CRC's last byte (snap length or truncated record). */
    NOT_CAPTURED,
    /** The packet has no such CRC (the VCRC of a RoCE packet). */
    ABSENT
}
