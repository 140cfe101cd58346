package org.sansim.provider.sockets;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of the Windows Sockets switch model: where copying stops and RDMA starts, the control
 * buffers of each connection, and the host CPU time the switch's own work costs, charged to the
 * calling simulated thread.
 *
 * <p><b>Defaults and why.</b> The threshold 0 means "the provider's preference": the switch asks
 * {@code SO_RDMA_THRESHOLD_SIZE} (4 KiB for the model provider, as for the OpenFabrics one) and uses
 * it; any other value overrides it, as the reference allows ("the switch can set the actual threshold
 * to a value different from the value returned"). 12 receive buffers is what the switch has been
 * observed to post (wsd-spi.md §1.6); 8 send buffers leave room in the provider's 16-deep send queue
 * for RDMA requests. 8 KiB control buffers carry a copied block up to the default threshold in one
 * message. The initial portion of an RDMA transfer copied into its announcement (1 KiB) follows the
 * reference's description of the large-transfer exchanges; it is a guess of size. CPU costs are
 * modelled guesses for a server core: a 32 Gbit/s (4 bytes per ns) {@code memcpy} of buffers not in
 * cache, 100 ns to enter a sockets call (handle lookup, state checks), 50 ns to build or parse one
 * control message, 20 ns per registration-cache lookup.
 *
 * @param rdmaThresholdBytes blocks larger than this go by RDMA; 0 takes the provider's
 *     {@code SO_RDMA_THRESHOLD_SIZE}
 * @param controlBufferBytes size of one control message buffer (header and payload)
 * @param recvBuffers receive control buffers posted per connection (the credits offered); the most
 *     {@code SO_RCVBUF} may ask for
 * @param sendBuffers send control buffers per connection; the most {@code SO_SNDBUF} may ask for
 * @param rdmaHeadBytes bytes of a large block copied into its announcement before the RDMA
 * @param registrationCacheEntries local registrations kept per connection for reuse
 * @param copyRateBps rate of the switch's copies between application and control buffers
 * @param callPs CPU time of entering a sockets call
 * @param messagePs CPU time to build or to parse one control message
 * @param registrationLookupPs CPU time of one registration-cache lookup
 */
public record SwitchParams(
    @Param(unit = Param.BYTES, description = "blocks above this go by RDMA; 0 = the provider's SO_RDMA_THRESHOLD_SIZE")
        int rdmaThresholdBytes,
    @Param(unit = Param.BYTES, description = "size of one control message buffer") int controlBufferBytes,
    @Param(unit = Param.COUNT, description = "receive control buffers per connection (credits offered)")
        int recvBuffers,
    @Param(unit = Param.COUNT, description = "send control buffers per connection") int sendBuffers,
    @Param(unit = Param.BYTES, description = "bytes of an RDMA block copied into its announcement") int rdmaHeadBytes,
    @Param(unit = Param.COUNT, description = "local registrations kept per connection for reuse")
        int registrationCacheEntries,
    @Param(unit = Param.BPS, description = "rate of the switch's copies (4 bytes per ns = 32 Gbps)") long copyRateBps,
    @Param(unit = Param.PS, description = "CPU time of entering a sockets call") long callPs,
    @Param(unit = Param.PS, description = "CPU time to build or parse one control message") long messagePs,
    @Param(unit = Param.PS, description = "CPU time of one registration-cache lookup") long registrationLookupPs)
    implements Validated
{
    /** The header every control message starts with, in bytes. */
    public static final int MIN_CONTROL_BUFFER_BYTES = 512;

    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static SwitchParams defaults()
    {
        return new SwitchParams(0, 8192, 12, 8, 1024, 8, 32_000_000_000L, 100_000, 50_000, 20_000);
    }

    /**
     * @param bytes the threshold, 0 for the provider's preference
     * @return a copy with another threshold
     */
    public SwitchParams withRdmaThreshold(final int bytes)
    {
        return new SwitchParams(bytes, controlBufferBytes, recvBuffers, sendBuffers, rdmaHeadBytes,
            registrationCacheEntries, copyRateBps, callPs, messagePs, registrationLookupPs);
    }

    /**
     * @param recv receive buffers per connection
     * @param send send buffers per connection
     * @return a copy with other buffer counts
     */
    public SwitchParams withBuffers(final int recv, final int send)
    {
        return new SwitchParams(rdmaThresholdBytes, controlBufferBytes, recv, send, rdmaHeadBytes,
            registrationCacheEntries, copyRateBps, callPs, messagePs, registrationLookupPs);
    }

    /**
     * @param bytes the initial portion copied into an RDMA announcement
     * @return a copy with another initial portion
     */
    public SwitchParams withRdmaHead(final int bytes)
    {
        return new SwitchParams(rdmaThresholdBytes, controlBufferBytes, recvBuffers, sendBuffers, bytes,
            registrationCacheEntries, copyRateBps, callPs, messagePs, registrationLookupPs);
    }

    /**
     * @param bytes copy size
     * @return the CPU time the switch spends copying them, rounded up
     */
    public long copyPs(final long bytes)
    {
        return (long)Math.ceil(bytes * 8.0e12 / copyRateBps);
    }

    @Override
    public void validate()
    {
        if (rdmaThresholdBytes < 0)
        {
            throw new ParamsException("rdmaThresholdBytes must not be negative, got " + rdmaThresholdBytes);
        }
        if (controlBufferBytes < MIN_CONTROL_BUFFER_BYTES)
        {
            throw new ParamsException("controlBufferBytes must be at least " + MIN_CONTROL_BUFFER_BYTES + ", got "
                + controlBufferBytes);
        }
        if (recvBuffers < 2 || recvBuffers > 16 || sendBuffers < 2 || sendBuffers > 12)
        {
            throw new ParamsException("recvBuffers must be in [2, 16] and sendBuffers in [2, 12] (the provider's"
                + " queues are 16 deep), got " + recvBuffers + " and " + sendBuffers);
        }
        if (rdmaHeadBytes < 0 || rdmaHeadBytes > controlBufferBytes - 256)
        {
            throw new ParamsException("rdmaHeadBytes must be in [0, controlBufferBytes - 256], got " + rdmaHeadBytes);
        }
        if (registrationCacheEntries < 1 || copyRateBps < 1 || callPs < 0 || messagePs < 0
            || registrationLookupPs < 0)
        {
            throw new ParamsException("cache entries and copy rate must be positive, CPU costs not negative: " + this);
        }
    }
}
