package org.sansim.traces.capture;

/** What {@link PacketDecoder} found in a captured frame. */
public enum PacketKind
{
    /** Not RoCE or InfiniBand transport traffic (other Ethernet, other UDP ports, ERF types, raw IB). */
    OTHER,
    /** Claims to be RoCE or InfiniBand but its headers are cut short or inconsistent. */
    MALFORMED,
    /** RoCEv2 over IPv4: UDP destination port 4791. */
    ROCE_V2_IPV4,
    /** RoCEv2 over IPv6: UDP destination port 4791. */
    ROCE_V2_IPV6,
    /** RoCEv1: EtherType 0x8915, a GRH, then the BTH. */
    ROCE_V1,
    /** Native InfiniBand in an ERF record, LRH then BTH. */
    IB_LOCAL,
    /** Native InfiniBand in an ERF record, LRH, GRH, then BTH. */
    IB_GLOBAL;

    /** @return true for the kinds that carry a decoded BTH */
    public boolean isTransport()
    {
        return this != OTHER && this != MALFORMED;
    }

    /** @return true for native InfiniBand, which carries a VCRC */
    public boolean isNativeIb()
    {
        return this == IB_LOCAL || this == IB_GLOBAL;
    }
}
