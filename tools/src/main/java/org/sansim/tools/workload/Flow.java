package org.sansim.tools.workload;

import org.sansim.host.SimProcess;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.random.SimRandom;
import org.sansim.tools.scenario.system.RcConnection;

/**
 * One flow while it runs: its connection, the RDMA WRITEs of its bytes posted and completed, and
 * when it started and ended. Written only by its source host's sending thread; read by others
 * between slices. The requests and the ring of post times are made once, so sending allocates nothing.
 * With a working set of several slots, each WRITE is re-aimed at a slot drawn from the flow's own random
 * stream, at the same offset in the source's and the destination's buffer.
 */
final class Flow implements FlowResults.Measured
{
    private final FlowSpec spec;
    private final RcConnection connection;
    private final int messages;
    private final long messageBytes;
    private final SendRequest full;
    private final SendRequest last;
    private final long[] postPs;
    private final MemoryRegion local;
    private final MemoryRegion remote;
    private final long wrId;
    private final int slots;
    private final SimRandom slotRandom;
    private PayloadVerifier verifier;
    private SimProcess process;
    private long localSlotsVa;
    private long remoteSlotsVa;
    private int lkey;
    private int rkey;
    int posted;
    int completed;
    long startPs = -1;
    long endPs = -1;

    /**
     * @param spec what to move
     * @param connection its connection, active side at the source
     * @param local the source's registered buffer
     * @param remote the destination's registered buffer
     * @param messageBytes bytes per WRITE (the last one takes the rest)
     * @param txDepth WRITEs in flight at most
     * @param wrId the work-request ID of every WRITE, which identifies the flow at its host
     * @param slots {@code messageBytes} slots of both buffers the WRITEs spread over, at least 1
     * @param slotRandom the stream slots are drawn from (not used with one slot)
     */
    Flow(final FlowSpec spec, final RcConnection connection, final MemoryRegion local, final MemoryRegion remote,
        final long messageBytes, final int txDepth, final long wrId, final int slots, final SimRandom slotRandom)
    {
        this.local = local;
        this.remote = remote;
        this.wrId = wrId;
        this.slots = slots;
        this.slotRandom = slotRandom;
        this.spec = spec;
        this.connection = connection;
        this.messages = (int)((spec.bytes() + messageBytes - 1) / messageBytes);
        this.messageBytes = messageBytes;
        final long lastBytes = spec.bytes() - (messages - 1) * messageBytes;
        full = write(local, remote, (int)messageBytes, wrId);
        last = write(local, remote, (int)lastBytes, wrId);
        postPs = new long[txDepth];
    }

    /**
     * A flow that posts no verbs requests of its own (the WSD provider posts them): its bookkeeping only.
     *
     * @param spec what to move
     * @param messageBytes bytes per message (the last one takes the rest)
     * @param txDepth messages in flight at most
     */
    Flow(final FlowSpec spec, final long messageBytes, final int txDepth)
    {
        this.spec = spec;
        this.connection = null;
        this.local = null;
        this.remote = null;
        this.wrId = 0;
        this.slots = 1;
        this.slotRandom = null;
        this.messages = (int)((spec.bytes() + messageBytes - 1) / messageBytes);
        this.messageBytes = messageBytes;
        full = null;
        last = null;
        postPs = new long[txDepth];
    }

    /** @return the bytes of message {@code index} (every one but the last is full) */
    long messageBytes(final int index)
    {
        return index == messages - 1 ? spec.bytes() - (messages - 1) * messageBytes : messageBytes;
    }

    private static SendRequest write(final MemoryRegion local, final MemoryRegion remote, final int bytes,
        final long wrId)
    {
        return new SendRequest(1, 0).clear().wrId(wrId).opcode(WqeOpcode.RDMA_WRITE).signalled(true)
            .remote(remote.va(), remote.rkey()).addSge(local.va(), bytes, local.lkey());
    }

    /**
     * Makes every WRITE carry the verifier's pattern: message {@code k} goes from and to slot
     * {@code k mod slots} of the flow's own areas of the two buffers, filled just before it is posted.
     *
     * @param checker the run's verifier
     * @param sender the source's process
     * @param local the source's buffer
     * @param localAreaOffset where the flow's source slots start in it
     * @param remote the destination's buffer
     * @param remoteAreaOffset where the flow's destination slots start in it
     */
    void verify(final PayloadVerifier checker, final SimProcess sender, final MemoryRegion local,
        final long localAreaOffset, final MemoryRegion remote, final long remoteAreaOffset)
    {
        verifier = checker;
        process = sender;
        localSlotsVa = local.va() + localAreaOffset;
        remoteSlotsVa = remote.va() + remoteAreaOffset;
        lkey = local.lkey();
        rkey = remote.rkey();
    }

    FlowSpec spec()
    {
        return spec;
    }

    RcConnection connection()
    {
        return connection;
    }

    int messages()
    {
        return messages;
    }

    /** @return the bytes of the WRITEs completed so far */
    @Override
    public long bytesCompleted()
    {
        return done() ? spec.bytes() : completed * messageBytes;
    }

    @Override
    public boolean done()
    {
        return completed == messages;
    }

    @Override
    public int id()
    {
        return spec.id();
    }

    @Override
    public int source()
    {
        return spec.source();
    }

    @Override
    public int destination()
    {
        return spec.destination();
    }

    @Override
    public long bytes()
    {
        return spec.bytes();
    }

    @Override
    public long startPs()
    {
        return startPs;
    }

    @Override
    public long endPs()
    {
        return endPs;
    }

    /** @return the workload's message size: what the ideal completion time assumes */
    @Override
    public long idealMessageBytes()
    {
        return messageBytes;
    }

    /** @return the request of the next WRITE to post */
    SendRequest next()
    {
        final SendRequest r = posted == messages - 1 ? last : full;
        if (verifier != null)
        {
            final long slotVa = (posted % verifier.slots()) * messageBytes;
            final int bytes = (int)verifier.lengthOf(spec.id(), posted);
            verifier.fill(process, localSlotsVa + slotVa, spec.id(), posted);
            final long wrId = r.wrId();
            r.clear().wrId(wrId).opcode(WqeOpcode.RDMA_WRITE).signalled(true).remote(remoteSlotsVa + slotVa, rkey)
                .addSge(localSlotsVa + slotVa, bytes, lkey);
        }
        else if (slots > 1)
        {
            final long offsetBytes = slotRandom.nextInt(slots) * messageBytes;
            final int bytes = (int)(posted == messages - 1 ? spec.bytes() - (messages - 1) * messageBytes
                : messageBytes);
            r.clear().wrId(wrId).opcode(WqeOpcode.RDMA_WRITE).signalled(true)
                .remote(remote.va() + offsetBytes, remote.rkey()).addSge(local.va() + offsetBytes, bytes, local.lkey());
        }
        return r;
    }

    void posted(final long nowPs)
    {
        postPs[posted % postPs.length] = nowPs;
        posted++;
    }

    /** @return the post time of the WRITE that completes now (RC completes a QP's WRITEs in order) */
    long completed()
    {
        return postPs[completed++ % postPs.length];
    }
}
