package org.sansim.nic.completion;

import static org.sansim.nic.completion.CompletionUnit.INDEX_MASK;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.OwnerBit;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.ClockDomain;
import org.sansim.sim.EventLoop;

/**
 * The CQEs built but not yet written, all of one CQ at consecutive slots (HARDWARE.md 9.2). Each is
 * assembled at the CQ's producer index <i>p</i> with {@code OWNER} = (<i>p</i> / 2^{@code logSize})
 * &amp; 1 and the unit's clock cycle as its timestamp ({@link #stage}); {@link #flush} writes them at
 * slot <i>p</i> mod 2^{@code logSize} of the first in one DMA write, then runs the CQ's event logic for
 * each, in order. Without coalescing the batch holds one CQE.
 *
 * <p>Allocates nothing: the buffers are sized for {@code maxCqesPerWrite} when the unit is built.
 */
final class CqeBatch
{
    private final PcieEndpoint endpoint;
    private final EventLoop loop;
    private final ClockDomain clock;
    private final CqEvents events;
    private final CompletionStats stats;
    private final byte[] bytes;
    private final ByteBuffer view;
    private final long[] acceptedPs;
    private final boolean[] solicited;
    private CqContext cq;
    private int count;
    private int firstIndex;

    /**
     * @param capacity the most CQEs one write carries
     * @param endpoint the device's end of the PCIe link, for the writes
     * @param loop the unit's event loop
     * @param clock the unit's clock, for the timestamps
     * @param events the CQ event logic run for each CQE written
     * @param stats the unit's statistics
     */
    CqeBatch(final int capacity, final PcieEndpoint endpoint, final EventLoop loop, final ClockDomain clock,
        final CqEvents events, final CompletionStats stats)
    {
        this.endpoint = endpoint;
        this.loop = loop;
        this.clock = clock;
        this.events = events;
        this.stats = stats;
        bytes = new byte[capacity * CqeDescriptor.LENGTH_BYTES];
        view = ByteBuffer.wrap(bytes);
        acceptedPs = new long[capacity];
        solicited = new boolean[capacity];
    }

    /** @return whether the batch holds as many CQEs as one write carries */
    boolean full()
    {
        return count == acceptedPs.length;
    }

    /**
     * Assembles request {@code r}'s CQE at the next position of the batch, at the CQ's producer index,
     * and advances that index. The caller checked the batch is not {@link #full} and holds no CQE of
     * another CQ.
     *
     * @param target the request's CQ
     * @param r the request
     */
    void stage(final CqContext target, final CompletionRequest r)
    {
        if (count == 0)
        {
            cq = target;
            firstIndex = target.producerIndex;
        }
        final int b = count * CqeDescriptor.LENGTH_BYTES;
        Arrays.fill(bytes, b, b + CqeDescriptor.LENGTH_BYTES, (byte)0);
        final ByteBuffer v = view;
        v.putInt(b + CqeDescriptor.IMMEDIATE_OFFSET, r.immediate);
        v.putInt(b + CqeDescriptor.BYTE_COUNT_OFFSET, r.byteCount);
        v.putInt(b + CqeDescriptor.QPN_OFFSET, r.wqeOpcode << CqeDescriptor.WQE_OPCODE_SHIFT
            | r.qpn << CqeDescriptor.QPN_SHIFT);
        v.putLong(b + CqeDescriptor.TIMESTAMP_OFFSET, clock.cycleAt(loop.nowPs()));
        v.put(b + CqeDescriptor.SYNDROME_OFFSET, (byte)r.syndrome.code());
        v.put(b + CqeDescriptor.VENDOR_SYNDROME_OFFSET, (byte)r.vendorSyndrome.code());
        v.putShort(b + CqeDescriptor.WQE_COUNTER_OFFSET, (short)r.wqeCounter);
        v.put(b + CqeDescriptor.OPCODE_OFFSET, (byte)(r.opcode.code() << CqeDescriptor.OPCODE_SHIFT
            | (r.solicited ? 1 : 0) << CqeDescriptor.SOLICITED_SHIFT
            | OwnerBit.expected(target.producerIndex, target.logSize) << CqeDescriptor.OWNER_SHIFT));
        acceptedPs[count] = r.acceptedPs;
        solicited[count] = r.solicitedOrError();
        count++;
        target.producerIndex = (target.producerIndex + 1) & INDEX_MASK;
    }

    /**
     * Forgets the staged CQEs if they are {@code destroyed}'s, counting them in {@code cqesDropped}:
     * its ring is no longer the CQ's to write, and the next CQE starts a batch of its own CQ.
     *
     * @param destroyed a CQ being destroyed
     */
    void dropIfOf(final CqContext destroyed)
    {
        if (count > 0 && cq == destroyed)
        {
            stats.cqesDropped.add(count);
            count = 0;
            cq = null;
        }
    }

    /** Writes the staged CQEs in one DMA write, then runs the event logic for each, in order. */
    void flush()
    {
        if (count == 0)
        {
            return;
        }
        final CqContext target = cq;
        final long pa = target.basePa + (long)OwnerBit.slot(firstIndex, target.logSize) * CqeDescriptor.LENGTH_BYTES;
        final long arrivalPs = endpoint.dmaWrite(pa, bytes, 0, count * CqeDescriptor.LENGTH_BYTES);
        stats.cqeWrites.increment();
        final int n = count;
        count = 0;
        cq = null;
        for (int i = 0; i < n; i++)
        {
            stats.cqeWriteLatency.record(arrivalPs - acceptedPs[i]);
            events.cqeWritten(target, solicited[i]);
        }
    }
}
