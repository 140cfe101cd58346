package org.sansim.wire;

/**
 * Outcome of {@link RoceFrame#parse}: {@link #OK} or the first check that failed, in the order they run.
 */
public enum RoceFrameStatus
{
    /** All checks passed; the offsets of the frame are valid. */
    OK,
    /** Fewer bytes than the headers or the IPv4 total length need. */
    TRUNCATED,
    /** EtherType is not 0x0800 or the IP version is not 4. */
    NOT_IPV4,
    /** The IPv4 header has options (IHL other than 5), which this package does not build or parse. */
    IPV4_OPTIONS_UNSUPPORTED,
    /** The IPv4 header checksum is wrong. */
    BAD_IPV4_CHECKSUM,
    /** The datagram is an IPv4 fragment (MF set or non-zero offset); RoCEv2 is never fragmented. */
    IPV4_FRAGMENT,
    /** The IPv4 protocol is not UDP. */
    NOT_UDP,
    /** The UDP destination port is not 4791. */
    NOT_ROCEV2_PORT,
    /** Lengths disagree: IPv4 total length vs UDP length, too short for the opcode's headers, or payload
     *  bytes present for an opcode that carries none. */
    BAD_LENGTH,
    /** The BTH opcode is not one {@link BthOpcode} knows. */
    UNKNOWN_OPCODE,
    /** The BTH pad count exceeds the bytes available after the extension headers. */
    BAD_PAD,
    /** The ICRC does not match. */
    BAD_ICRC
}
