package org.sansim.provider.cm;

import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;

/**
 * The statistics of one {@link ConnectionManager}, under its name: {@code sent_REQ} ... {@code sent_DREP},
 * {@code received_REQ} ... {@code received_DREP} (one pair an attribute, registered in attribute order),
 * then {@code retries}, {@code timeouts}, {@code established}, {@code unreachable}, {@code unknown},
 * {@code badMads} and {@code sendFailures}.
 */
final class CmStats
{
    private static final String[] ATTRIBUTE_NAMES = {"REQ", "MRA", "REJ", "REP", "RTU", "DREQ", "DREP"};

    private final Counter[] sent = new Counter[ATTRIBUTE_NAMES.length];
    private final Counter[] received = new Counter[ATTRIBUTE_NAMES.length];
    final Counter retries;
    final Counter timeouts;
    final Counter established;
    final Counter unreachable;
    final Counter unknown;
    final Counter badMads;
    final Counter sendFailures;

    /** @param group the manager's stats group */
    CmStats(final StatGroup group)
    {
        for (int i = 0; i < ATTRIBUTE_NAMES.length; i++)
        {
            sent[i] = group.counter("sent_" + ATTRIBUTE_NAMES[i], "count", ATTRIBUTE_NAMES[i] + " MADs sent");
            received[i] = group.counter("received_" + ATTRIBUTE_NAMES[i], "count",
                ATTRIBUTE_NAMES[i] + " MADs received");
        }
        retries = group.counter("retries", "count", "REQ, REP and DREQ sent again after a response timeout");
        timeouts = group.counter("timeouts", "count", "exchanges given up after the retries");
        established = group.counter("established", "count", "connections established, both sides counted");
        unreachable = group.counter("unreachable", "count", "connects to an address the resolver does not know");
        unknown = group.counter("unknown", "count", "MADs for no known connection, ignored or answered");
        badMads = group.counter("badMads", "count", "MADs that are not CM Sends of a known attribute");
        sendFailures = group.counter("sendFailures", "count", "SEND_MAD commands that failed");
    }

    /** @return the counter of MADs sent with a CM attribute, {@link MadFlyweight#ATTR_REQ} to {@code ATTR_DREP} */
    Counter sent(final int attribute)
    {
        return sent[attribute - MadFlyweight.ATTR_REQ];
    }

    /** @return the counter of MADs received with a CM attribute */
    Counter received(final int attribute)
    {
        return received[attribute - MadFlyweight.ATTR_REQ];
    }
}
