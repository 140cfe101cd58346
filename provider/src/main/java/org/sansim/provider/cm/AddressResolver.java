package org.sansim.provider.cm;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps an IPv4 address to the MAC address of the next hop (the neighbour table; ARP is not modelled).
 */
@FunctionalInterface
public interface AddressResolver
{
    /** What {@link #resolve} answers for an address it does not know. */
    long UNKNOWN = -1;

    /**
     * @param ipv4 an IPv4 address
     * @return the next hop's MAC address (48 bits), or {@link #UNKNOWN}: the host is unreachable
     */
    long resolve(int ipv4);

    /**
     * A static neighbour table, as a scenario builds it.
     *
     * @param table IPv4 address to MAC address; copied
     * @return the resolver
     */
    static AddressResolver of(final Map<Integer, Long> table)
    {
        final Map<Integer, Long> copy = new HashMap<>(table);
        return ip -> copy.getOrDefault(ip, UNKNOWN);
    }
}
