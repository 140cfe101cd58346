package org.sansim.nic.wqe;

/** The lifecycle of a send queue in the {@link WqeFetcher}. */
public enum SendQueueState
{
    /** Not configured: doorbells naming it are dropped. */
    UNCONFIGURED,
    /** Configured by the command processor: doorbells fetch, WQEs flow to the sink. */
    ACTIVE,
    /** A malformed WQE was reported; nothing more is fetched or handed on until it is configured again. */
    ERROR
}
