package org.sansim.provider.wsp.api;

/**
 * {@code FLOWSPEC}: one direction of a QoS specification. All fields are {@code ULONG}s (unsigned 32
 * bits); {@code QOS_NOT_SPECIFIED} is {@code 0xFFFFFFFF} (-1 here). SAN providers do not support QoS;
 * the type exists because {@code WSPConnect}, {@code WSPGetQOSByName} and the condition function carry
 * it.
 */
public final class FLOWSPEC
{
    /** {@code TokenRate}: permitted average transmission rate, in bytes per second. */
    public int TokenRate;

    /** {@code TokenBucketSize}: largest burst at the token rate, in bytes. */
    public int TokenBucketSize;

    /** {@code PeakBandwidth}: upper limit on bursts, in bytes per second. */
    public int PeakBandwidth;

    /** {@code Latency}: largest acceptable delay between sending a bit and its receipt, in microseconds. */
    public int Latency;

    /** {@code DelayVariation}: difference between the largest and smallest delay, in microseconds. */
    public int DelayVariation;

    /** {@code ServiceType}: the {@code SERVICETYPE_*} level of service. */
    public int ServiceType;

    /** {@code MaxSduSize}: largest packet size permitted in the flow, in bytes. */
    public int MaxSduSize;

    /** {@code MinimumPolicedSize}: smallest packet size the flow is policed as, in bytes. */
    public int MinimumPolicedSize;
}
