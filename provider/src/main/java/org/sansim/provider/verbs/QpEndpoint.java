package org.sansim.provider.verbs;

/**
 * What one side of a connection tells the other out of band (as perftest exchanges over TCP): its
 * QPN, its initial send PSN and its addresses.
 *
 * @param qpn the QP number
 * @param psn the first PSN it will send
 * @param mac its MAC address
 * @param ipv4 its IPv4 address
 */
public record QpEndpoint(int qpn, int psn, long mac, int ipv4)
{
}
