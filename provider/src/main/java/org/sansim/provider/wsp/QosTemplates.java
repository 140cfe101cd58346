package org.sansim.provider.wsp;

import org.sansim.provider.wsp.api.QOS;

/**
 * The QoS templates {@code WSPGetQOSByName} knows when QoS is configured on: {@code "BestEffort"}
 * (no guarantees, every flowspec field "not specified") and {@code "Guaranteed"} (1 Gb/s, 125,000,000
 * bytes per second, service type guaranteed). Names as Winsock's QoS templates spell them.
 */
final class QosTemplates
{
    /** {@code QOS_NOT_SPECIFIED}: a flowspec field with no value. */
    static final int NOT_SPECIFIED = 0xFFFF_FFFF;
    /** {@code SERVICETYPE_BESTEFFORT}. */
    static final int SERVICETYPE_BESTEFFORT = 0x0000_0001;
    /** {@code SERVICETYPE_GUARANTEED}. */
    static final int SERVICETYPE_GUARANTEED = 0x0000_0003;

    private QosTemplates()
    {
    }

    /**
     * @param name a template name
     * @param qos filled when the name is known
     * @return whether it was known
     */
    static boolean fill(final String name, final QOS qos)
    {
        final int service;
        final int rateBytesPerSecond;
        if ("BestEffort".equals(name))
        {
            service = SERVICETYPE_BESTEFFORT;
            rateBytesPerSecond = NOT_SPECIFIED;
        }
        else if ("Guaranteed".equals(name))
        {
            service = SERVICETYPE_GUARANTEED;
            rateBytesPerSecond = 125_000_000;
        }
        else
        {
            return false;
        }
        for (final org.sansim.provider.wsp.api.FLOWSPEC f : new org.sansim.provider.wsp.api.FLOWSPEC[] {
            qos.SendingFlowspec, qos.ReceivingFlowspec})
        {
            f.TokenRate = rateBytesPerSecond;
            f.TokenBucketSize = NOT_SPECIFIED;
            f.PeakBandwidth = rateBytesPerSecond;
            f.Latency = NOT_SPECIFIED;
            f.DelayVariation = NOT_SPECIFIED;
            f.ServiceType = service;
            f.MaxSduSize = NOT_SPECIFIED;
            f.MinimumPolicedSize = NOT_SPECIFIED;
        }
        qos.ProviderSpecific.len = 0;
        qos.ProviderSpecific.buf = 0;
        return true;
    }
}
