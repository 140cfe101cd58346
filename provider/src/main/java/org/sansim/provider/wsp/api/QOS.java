package org.sansim.provider.wsp.api;

/** {@code QOS}: a quality-of-service specification for both directions of a connection. */
public final class QOS
{
    /** {@code SendingFlowspec}: the QoS of the sending direction. */
    public final FLOWSPEC SendingFlowspec = new FLOWSPEC();

    /** {@code ReceivingFlowspec}: the QoS of the receiving direction. */
    public final FLOWSPEC ReceivingFlowspec = new FLOWSPEC();

    /** {@code ProviderSpecific}: provider-specific QoS parameters, a buffer in simulated memory (len in bytes). */
    public final WSABUF ProviderSpecific = new WSABUF();
}
