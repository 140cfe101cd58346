package org.sansim.traces.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One connection's CM messages as a capture shows them: the REQ that opened it (or the first message seen),
 * the communication IDs and QPNs of both sides, and every message in order.
 */
public final class CmExchange
{
    /**
     * One CM message.
     *
     * @param message     {@code REQ}, {@code REP}, {@code RTU}, {@code REJ}, {@code MRA}, {@code DREQ}, {@code DREP}...
     * @param timeNs      capture time
     * @param source      sender's address
     * @param destination receiver's address
     * @param detail      the message's own fields worth showing (QPN and starting PSN, reject reason...)
     */
    public record Step(String message, long timeNs, String source, String destination, String detail)
    {
    }

    private final List<Step> steps = new ArrayList<>();
    private String active;
    private String passive;
    private long serviceId;
    private boolean requestSeen;
    private int activeCommId;
    private int passiveCommId;
    private int activeQpn = -1;
    private int passiveQpn = -1;
    private String outcome = "incomplete";

    void add(final Step step)
    {
        steps.add(step);
    }

    void active(final String address, final int commId)
    {
        active = address;
        activeCommId = commId;
    }

    void passive(final String address, final int commId)
    {
        passive = address;
        passiveCommId = commId;
    }

    void serviceId(final long id)
    {
        serviceId = id;
        requestSeen = true;
    }

    void activeQpn(final int qpn)
    {
        activeQpn = qpn;
    }

    void passiveQpn(final int qpn)
    {
        passiveQpn = qpn;
    }

    void outcome(final String text)
    {
        outcome = text;
    }

    /** @return the address that sent the REQ (or the first message seen) */
    public String active()
    {
        return active;
    }

    /** @return the other side's address, or null until it answers */
    public String passive()
    {
        return passive;
    }

    /** @return the REQ's service ID (64 bits, unsigned), or 0 if no REQ was captured */
    public long serviceId()
    {
        return serviceId;
    }

    /** @return true if the capture holds the REQ that opened the exchange */
    public boolean requestSeen()
    {
        return requestSeen;
    }

    /** @return the active side's communication ID */
    public int activeCommId()
    {
        return activeCommId;
    }

    /** @return the passive side's communication ID (0 until it answers) */
    public int passiveCommId()
    {
        return passiveCommId;
    }

    /** @return the active side's QPN from the REQ, or -1 */
    public int activeQpn()
    {
        return activeQpn;
    }

    /** @return the passive side's QPN from the REP, or -1 */
    public int passiveQpn()
    {
        return passiveQpn;
    }

    /** @return {@code connected}, {@code rejected (reason N)}, {@code disconnected} or {@code incomplete} */
    public String outcome()
    {
        return outcome;
    }

    /** @return the messages in capture order */
    public List<Step> steps()
    {
        return Collections.unmodifiableList(steps);
    }
}
