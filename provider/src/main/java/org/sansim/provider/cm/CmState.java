package org.sansim.provider.cm;

/** States of a {@link CmConnection} (a subset of the IBA CM state machine). */
public enum CmState
{
    /** Active: the REQ is out, no answer yet. */
    REQ_SENT,
    /** Active: an MRA extended the wait for the REP. */
    MRA_RECEIVED,
    /** Active: the REP arrived; waiting for {@link CmConnection#readyToUse()}. */
    REP_RECEIVED,
    /** Passive: the REQ arrived; the listener has not answered. */
    REQ_RECEIVED,
    /** Passive: the listener deferred; an MRA went out. */
    MRA_SENT,
    /** Passive: the REP is out, waiting for the RTU. */
    REP_SENT,
    /** Both: the connection is established. */
    ESTABLISHED,
    /** Both: this side's DREQ is out, waiting for the DREP. */
    DREQ_SENT,
    /** Both: over (disconnected, rejected or timed out). */
    CLOSED
}
