package org.sansim.traces.capture;

import static org.sansim.traces.capture.IbRouteHeaders.i32;
import static org.sansim.traces.capture.IbRouteHeaders.u24;

import org.sansim.wire.Icrc;

/**
 * One frame as {@link PacketDecoder} decoded it: its kind, addresses, BTH fields, the offsets of the extension
 * headers present (-1 when absent), the payload, and the state of its CRCs. Offsets index {@link #frame()}.
 * Reused by the decoder: valid until its next call.
 */
public final class DecodedPacket
{
    PacketKind kind;
    String reason;
    int reasonOffset;
    byte[] frame;
    int limit;
    long timestampNs;
    String source;
    String destination;
    int lrhOffset;
    int bthOffset;
    int opcode;
    int padCount;
    int pKey;
    int destQp;
    int psn;
    boolean ackReq;
    boolean fecn;
    boolean becn;
    int dethOffset;
    int rethOffset;
    int atomicEthOffset;
    int immDtOffset;
    int iethOffset;
    int aethOffset;
    int atomicAckEthOffset;
    int payloadOffset;
    int payloadLengthBytes;
    CrcStatus icrc;
    int icrcStored;
    int icrcComputed;
    CrcStatus vcrc;
    int vcrcStored;
    int vcrcComputed;

    void reset(final byte[] frameBytes, final long timeNs)
    {
        kind = PacketKind.OTHER;
        reason = null;
        reasonOffset = -1;
        frame = frameBytes;
        limit = frameBytes.length;
        timestampNs = timeNs;
        source = null;
        destination = null;
        lrhOffset = -1;
        bthOffset = -1;
        opcode = -1;
        dethOffset = -1;
        rethOffset = -1;
        atomicEthOffset = -1;
        immDtOffset = -1;
        iethOffset = -1;
        aethOffset = -1;
        atomicAckEthOffset = -1;
        payloadOffset = -1;
        payloadLengthBytes = 0;
        icrc = CrcStatus.ABSENT;
        vcrc = CrcStatus.ABSENT;
    }

    void other(final String why)
    {
        kind = PacketKind.OTHER;
        reason = why;
    }

    void malformed(final int offset, final String expected)
    {
        kind = PacketKind.MALFORMED;
        reasonOffset = offset;
        reason = expected;
    }

    void checkIcrc(final int icrcOffset)
    {
        icrcStored = Icrc.read(frame, icrcOffset);
        icrc = icrcStored == icrcComputed ? CrcStatus.VALID : CrcStatus.INVALID;
    }

    /** @return what the frame holds */
    public PacketKind kind()
    {
        return kind;
    }

    /** @return why the frame is {@link PacketKind#OTHER} or {@link PacketKind#MALFORMED}, else null */
    public String reason()
    {
        return reason;
    }

    /** @return for a malformed frame, the offset in the frame of the field found wrong; else -1 */
    public int reasonOffset()
    {
        return reasonOffset;
    }

    /** @return the frame's bytes */
    public byte[] frame()
    {
        return frame;
    }

    /** @return capture time in nanoseconds (the ERF record's own timestamp for link type 197) */
    public long timestampNs()
    {
        return timestampNs;
    }

    /** @return source address: dotted IPv4, IPv6 text (also GIDs), or {@code lid:N} for local IB */
    public String source()
    {
        return source;
    }

    /** @return destination address, as {@link #source()} */
    public String destination()
    {
        return destination;
    }

    /** @return the BTH opcode, or -1 */
    public int opcode()
    {
        return opcode;
    }

    /** @return the BTH destination QP */
    public int destQp()
    {
        return destQp;
    }

    /** @return the BTH packet sequence number */
    public int psn()
    {
        return psn;
    }

    /** @return the BTH pad count */
    public int padCount()
    {
        return padCount;
    }

    /** @return the BTH partition key */
    public int pKey()
    {
        return pKey;
    }

    /** @return the BTH AckReq bit */
    public boolean ackReq()
    {
        return ackReq;
    }

    /** @return the BTH FECN bit */
    public boolean fecn()
    {
        return fecn;
    }

    /** @return the BTH BECN bit */
    public boolean becn()
    {
        return becn;
    }

    /** @return offset of the LRH (native IB), else -1 */
    public int lrhOffset()
    {
        return lrhOffset;
    }

    /** @return offset of the BTH, else -1 */
    public int bthOffset()
    {
        return bthOffset;
    }

    /** @return offset of the DETH, or -1 */
    public int dethOffset()
    {
        return dethOffset;
    }

    /** @return offset of the RETH, or -1 */
    public int rethOffset()
    {
        return rethOffset;
    }

    /** @return offset of the AtomicETH, or -1 */
    public int atomicEthOffset()
    {
        return atomicEthOffset;
    }

    /** @return offset of the ImmDt, or -1 */
    public int immDtOffset()
    {
        return immDtOffset;
    }

    /** @return offset of the IETH, or -1 */
    public int iethOffset()
    {
        return iethOffset;
    }

    /** @return offset of the AETH, or -1 */
    public int aethOffset()
    {
        return aethOffset;
    }

    /** @return offset of the AtomicAckETH, or -1 */
    public int atomicAckEthOffset()
    {
        return atomicAckEthOffset;
    }

    /** @return offset of the payload */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    /** @return payload bytes (without pad), as the packet's length fields give it, even when not all captured */
    public int payloadLengthBytes()
    {
        return payloadLengthBytes;
    }

    /** @return payload bytes actually present in the capture */
    public int capturedPayloadBytes()
    {
        return payloadOffset < 0 ? 0 : Math.max(0, Math.min(payloadLengthBytes, limit - payloadOffset));
    }

    /** @return the RETH DMA length, or -1 without a RETH */
    public long rethDmaLengthBytes()
    {
        return rethOffset < 0 ? -1 : i32(frame, rethOffset + 12) & 0xFFFF_FFFFL;
    }

    /** @return the AETH syndrome, or -1 without an AETH */
    public int aethSyndrome()
    {
        return aethOffset < 0 ? -1 : frame[aethOffset] & 0xFF;
    }

    /** @return the DETH source QP, or -1 without a DETH */
    public int dethSourceQp()
    {
        return dethOffset < 0 ? -1 : u24(frame, dethOffset + 5);
    }

    /** @return the ICRC's state */
    public CrcStatus icrc()
    {
        return icrc;
    }

    /** @return the stored ICRC (as a CRC-32 value), when {@link #icrc()} is VALID or INVALID */
    public int icrcStored()
    {
        return icrcStored;
    }

    /** @return the ICRC computed over the packet, when {@link #icrc()} is VALID or INVALID */
    public int icrcComputed()
    {
        return icrcComputed;
    }

    /** @return the VCRC's state ({@link CrcStatus#ABSENT} for RoCE) */
    public CrcStatus vcrc()
    {
        return vcrc;
    }

    /** @return the stored VCRC, when {@link #vcrc()} is VALID or INVALID */
    public int vcrcStored()
    {
        return vcrcStored;
    }

    /** @return the VCRC computed over the packet, when {@link #vcrc()} is VALID or INVALID */
    public int vcrcComputed()
    {
        return vcrcComputed;
    }
}
