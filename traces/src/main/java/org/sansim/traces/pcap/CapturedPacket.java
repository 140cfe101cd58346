package org.sansim.traces.pcap;

/**
 * One packet read from a capture file.
 *
 * @param interfaceId         index of its interface in the section (always 0 for classic pcap)
 * @param timestampNs         capture time in nanoseconds since the epoch (or since simulation start, for files
 *                            this package writes)
 * @param originalLengthBytes length of the packet on the wire
 * @param data                the captured bytes (possibly fewer than {@code originalLengthBytes})
 * @param timestampPs         the same time in picoseconds, exact for resolutions down to 1 ps
 */
public record CapturedPacket(int interfaceId, long timestampNs, int originalLengthBytes, byte[] data,
    long timestampPs)
{
}
