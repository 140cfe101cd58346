package org.sansim.provider.wsp;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of the WSD provider: what it supports, its queue sizes and limits, and the CPU time
 * its own code costs on top of the driver's.
 *
 * <p><b>Defaults and why.</b> Queue depths (16 sends, 16 receives, 1 receive SGE), responder resources and initiator depth (4), the RDMA threshold preference (4 KiB) and the
 * unlimited message and RDMA sizes are those of the OpenFabrics WSD provider (wsd-spi.md §4.1,
 * §2.5). Send SGEs are 4, not the OpenFabrics provider's 8: the model NIC keeps 4 data segments per
 * send WQE (a WQE with more fails with a local length error and breaks the connection), and 4 is
 * what the switch is observed to use at most (one for sends, up to 4 for RDMA, wsd-spi.md §1.6).
 * The backlog cap of 200 stands for {@code SOMAXCONN}'s "a reasonable maximum". CPU costs are
 * modelled guesses of the order of a provider call of that era: 60 ns to enter a data-path call
 * (socket lookup, state and argument checks, overlapped set-up), 25 ns per buffer to find the
 * registration that covers it, 50 ns to turn one completion into overlapped results, 40 ns per
 * upcall, 200 ns for a control-path call (socket creation, options, ioctls).
 *
 * @param rdmaReadEnabled whether {@code WSPRdmaRead} is offered
 * @param cacheCallbackEnabled whether {@code WSPMemoryRegistrationCacheCallback} is offered
 * @param qosEnabled whether QoS is configured on ({@code WSPGetQOSByName}, the QoS options)
 * @param sendQueueDepth send work requests in flight per socket
 * @param recvQueueDepth receive work requests in flight per socket
 * @param maxSendSges buffers per {@code WSPSend} or RDMA call
 * @param maxInlineBytes sends of at most this many bytes go inline
 * @param maxMessageBytes {@code SO_MAX_MSG_SIZE}, unsigned
 * @param maxRdmaBytes {@code SO_MAX_RDMA_SIZE}, unsigned
 * @param rdmaThresholdBytes {@code SO_RDMA_THRESHOLD_SIZE}
 * @param maxBacklog the backlog {@code SOMAXCONN} stands for, and the cap of any backlog
 * @param responderResources RDMA READs this side serves at once per connection
 * @param initiatorDepth RDMA READs this side has in flight per connection
 * @param maxSockets sockets per process
 * @param callPs CPU time of entering a data-path call
 * @param bufferLookupPs CPU time to find the registration covering one buffer
 * @param completionPs CPU time to turn one completion into overlapped results
 * @param upcallPs CPU time of one upcall into the switch
 * @param controlCallPs CPU time of a control-path call
 */
public record WsdParams(
    @Param(unit = Param.BOOL, description = "whether WSPRdmaRead is offered") boolean rdmaReadEnabled,
    @Param(unit = Param.BOOL, description = "whether the registration-cache callback is offered")
        boolean cacheCallbackEnabled,
    @Param(unit = Param.BOOL, description = "whether QoS is configured on") boolean qosEnabled,
    @Param(unit = Param.COUNT, description = "send work requests in flight per socket") int sendQueueDepth,
    @Param(unit = Param.COUNT, description = "receive work requests in flight per socket") int recvQueueDepth,
    @Param(unit = Param.COUNT, description = "buffers per WSPSend or RDMA call") int maxSendSges,
    @Param(unit = Param.BYTES, description = "sends up to this size go inline") int maxInlineBytes,
    @Param(unit = Param.BYTES, description = "SO_MAX_MSG_SIZE, unsigned") long maxMessageBytes,
    @Param(unit = Param.BYTES, description = "SO_MAX_RDMA_SIZE, unsigned") long maxRdmaBytes,
    @Param(unit = Param.BYTES, description = "SO_RDMA_THRESHOLD_SIZE preference") int rdmaThresholdBytes,
    @Param(unit = Param.COUNT, description = "backlog SOMAXCONN stands for, and the cap") int maxBacklog,
    @Param(unit = Param.COUNT, description = "RDMA READs served at once per connection") int responderResources,
    @Param(unit = Param.COUNT, description = "RDMA READs in flight per connection") int initiatorDepth,
    @Param(unit = Param.COUNT, description = "sockets per process") int maxSockets,
    @Param(unit = Param.PS, description = "CPU time of entering a data-path call") long callPs,
    @Param(unit = Param.PS, description = "CPU time to find the registration of one buffer") long bufferLookupPs,
    @Param(unit = Param.PS, description = "CPU time to turn one completion into results") long completionPs,
    @Param(unit = Param.PS, description = "CPU time of one upcall into the switch") long upcallPs,
    @Param(unit = Param.PS, description = "CPU time of a control-path call") long controlCallPs)
    implements Validated
{
    /** The largest value of the unsigned 32-bit size options. */
    public static final long UNLIMITED_BYTES = 0xFFFF_FFFFL;

    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static WsdParams defaults()
    {
        return new WsdParams(true, true, false, 16, 16, 4, 64, UNLIMITED_BYTES, UNLIMITED_BYTES, 4096, 200, 4, 4,
            1024, 60_000, 25_000, 50_000, 40_000, 200_000);
    }

    /**
     * @param enabled whether WSPRdmaRead is offered
     * @return a copy with that setting
     */
    public WsdParams withRdmaRead(final boolean enabled)
    {
        return new WsdParams(enabled, cacheCallbackEnabled, qosEnabled, sendQueueDepth, recvQueueDepth, maxSendSges,
            maxInlineBytes, maxMessageBytes, maxRdmaBytes, rdmaThresholdBytes, maxBacklog, responderResources,
            initiatorDepth, maxSockets, callPs, bufferLookupPs, completionPs, upcallPs, controlCallPs);
    }

    /**
     * @param enabled whether the registration-cache callback is offered
     * @return a copy with that setting
     */
    public WsdParams withCacheCallback(final boolean enabled)
    {
        return new WsdParams(rdmaReadEnabled, enabled, qosEnabled, sendQueueDepth, recvQueueDepth, maxSendSges,
            maxInlineBytes, maxMessageBytes, maxRdmaBytes, rdmaThresholdBytes, maxBacklog, responderResources,
            initiatorDepth, maxSockets, callPs, bufferLookupPs, completionPs, upcallPs, controlCallPs);
    }

    /**
     * @param enabled whether QoS is configured on
     * @return a copy with that setting
     */
    public WsdParams withQos(final boolean enabled)
    {
        return new WsdParams(rdmaReadEnabled, cacheCallbackEnabled, enabled, sendQueueDepth, recvQueueDepth,
            maxSendSges, maxInlineBytes, maxMessageBytes, maxRdmaBytes, rdmaThresholdBytes, maxBacklog,
            responderResources, initiatorDepth, maxSockets, callPs, bufferLookupPs, completionPs, upcallPs,
            controlCallPs);
    }

    /**
     * @param bytes sends of at most this many bytes go inline
     * @return a copy with that inline limit
     */
    public WsdParams withInline(final int bytes)
    {
        return new WsdParams(rdmaReadEnabled, cacheCallbackEnabled, qosEnabled, sendQueueDepth, recvQueueDepth,
            maxSendSges, bytes, maxMessageBytes, maxRdmaBytes, rdmaThresholdBytes, maxBacklog, responderResources,
            initiatorDepth, maxSockets, callPs, bufferLookupPs, completionPs, upcallPs, controlCallPs);
    }

    /**
     * @param messageBytes {@code SO_MAX_MSG_SIZE}
     * @param rdmaBytes {@code SO_MAX_RDMA_SIZE}
     * @return a copy with those limits
     */
    public WsdParams withLimits(final long messageBytes, final long rdmaBytes)
    {
        return new WsdParams(rdmaReadEnabled, cacheCallbackEnabled, qosEnabled, sendQueueDepth, recvQueueDepth,
            maxSendSges, maxInlineBytes, messageBytes, rdmaBytes, rdmaThresholdBytes, maxBacklog, responderResources,
            initiatorDepth, maxSockets, callPs, bufferLookupPs, completionPs, upcallPs, controlCallPs);
    }

    @Override
    public void validate()
    {
        if (Integer.bitCount(sendQueueDepth) != 1 || Integer.bitCount(recvQueueDepth) != 1 || sendQueueDepth > 256
            || recvQueueDepth > 256)
        {
            throw new ParamsException("queue depths must be powers of two up to 256, got " + sendQueueDepth + " and "
                + recvQueueDepth);
        }
        if (maxSendSges < 1 || maxSendSges > 8)
        {
            throw new ParamsException("maxSendSges must be in [1, 8], got " + maxSendSges);
        }
        if (maxMessageBytes < 1 || maxMessageBytes > UNLIMITED_BYTES || maxRdmaBytes < 1
            || maxRdmaBytes > UNLIMITED_BYTES)
        {
            throw new ParamsException("size limits must be in [1, 2^32 - 1]");
        }
        if (maxInlineBytes < 0 || rdmaThresholdBytes < 0 || maxBacklog < 1 || responderResources < 1
            || initiatorDepth < 1 || maxSockets < 1 || maxSockets > 0xFFFF)
        {
            throw new ParamsException("inline size, threshold, backlog, READ depths or socket count out of range");
        }
        if (callPs < 0 || bufferLookupPs < 0 || completionPs < 0 || upcallPs < 0 || controlCallPs < 0)
        {
            throw new ParamsException("CPU costs must not be negative");
        }
    }
}
