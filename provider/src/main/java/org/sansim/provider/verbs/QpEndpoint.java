package org.sansim.provider.verbs;

import org.sansim.hw.PathMtu;

/**
 * What one side of a connection tells the other (out of band, as perftest exchanges over TCP, or in
 * the CM's REQ and REP): its QPN, its initial send PSN, its addresses and the largest path MTU it
 * takes. {@link Device#modifyQp} gives the QP the smaller of that MTU and its own port's, so both
 * sides of a connection segment alike.
 *
 * @param qpn the QP number
 * @param psn the first PSN it will send
 * @param mac its MAC address
 * @param ipv4 its IPv4 address
 * @param pathMtu the largest {@link PathMtu} code it takes
 */
public record QpEndpoint(int qpn, int psn, long mac, int ipv4, int pathMtu)
{
    /**
     * A peer that puts no limit on the path MTU (4096 bytes, the largest): the local port's MTU decides.
     *
     * @param qpn the QP number
     * @param psn the first PSN it will send
     * @param mac its MAC address
     * @param ipv4 its IPv4 address
     */
    public QpEndpoint(final int qpn, final int psn, final long mac, final int ipv4)
    {
        this(qpn, psn, mac, ipv4, PathMtu.MTU_4096.code());
    }
}
