package org.sansim.pcie;

import org.sansim.host.PhysicalMemory;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * Measures a PCIe link in simulated time: a tiny model of host memory, a root complex, the link and
 * a device that issues DMA transfers of one size back to back, keeping a given number outstanding
 * (1 measures latency, many measure throughput). The {@code sansim bench pcie} command calls it.
 *
 * <pre>
 *   +----------------------+        PCIe link        +----------------------------+
 *   | host memory + root   | &lt;---------------------&gt; | device: N DMA reads or     |
 *   | complex              |                         | writes in flight           |
 *   +----------------------+                         +----------------------------+
 * </pre>
 *
 * Transfer {@code i} of slot {@code s} uses the buffer at {@link #BUFFER_BASE_ADDRESS} plus
 * {@code s} times the size rounded up to 4 KiB, so every transfer splits into TLPs the same way. A
 * read is done when its last completion arrives; a write when its last byte is in host memory (the
 * root complex's write tap), which flow control may delay past the time the wire alone gives.
 */
public final class PcieBenchmark
{
    /** The DMA operation measured. */
    public enum Op
    {
        /** DMA reads of host memory: requests up, completions down. */
        READ,
        /** Posted DMA writes into host memory. */
        WRITE
    }

    /** Where the device's buffers start in host memory: 1 MiB. */
    public static final long BUFFER_BASE_ADDRESS = 1L << 20;

    private PcieBenchmark()
    {
    }

    /**
     * Runs one measurement.
     *
     * @param params the link
     * @param op read or write
     * @param sizeBytes bytes per transfer, at least 1
     * @param transfers transfers to complete, at least 1
     * @param outstanding transfers the device keeps in flight, at least 1
     * @return the measurement
     */
    public static PcieBenchResult run(final PcieLinkParams params, final Op op, final int sizeBytes,
        final int transfers, final int outstanding)
    {
        params.validate();
        if (sizeBytes < 1 || transfers < 1 || outstanding < 1)
        {
            throw new IllegalArgumentException("size, transfers and outstanding must be at least 1, got "
                + sizeBytes + ", " + transfers + ", " + outstanding);
        }
        final int slots = Math.min(outstanding, transfers);
        final long strideBytes = (sizeBytes + 4095L) & -4096L;
        final PhysicalMemory memory = new PhysicalMemory("bench.host", BUFFER_BASE_ADDRESS + slots * strideBytes);
        final Simulation sim = new Simulation();
        final Partition node = sim.partition("node");
        final PcieLink link = PcieLink.connect(sim, "pcie", params, node, memory, node, new StatsRegistry());
        final Device device = new Device(link.endpoint(), node.loop(), op, sizeBytes, transfers, slots, strideBytes);
        link.rootComplex().deviceWrites().tap(device::onHostWrite);
        node.loop().schedule(device.start, 0);
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        if (device.completed != transfers)
        {
            throw new IllegalStateException("benchmark finished " + device.completed + " of " + transfers
                + " transfers");
        }
        final double payloadBits = (double)transfers * sizeBytes * Byte.SIZE;
        final double throughputGbps = payloadBits / device.lastDonePs * 1000.0;
        final long wire = op == Op.WRITE
            ? params.dmaWriteWireBytes(BUFFER_BASE_ADDRESS, sizeBytes)
            : params.dmaReadCompletionWireBytes(BUFFER_BASE_ADDRESS, sizeBytes);
        final double theoreticalGbps = params.dataRateBps() / 1e9 * sizeBytes / wire;
        final PcieTransmitter bottleneck = op == Op.WRITE ? link.endpoint().upstream()
            : link.rootComplex().downstream();
        final double wireGbps = bottleneck.wireBytes() * (double)Byte.SIZE / device.lastDonePs * 1000.0;
        return new PcieBenchResult(op, sizeBytes, transfers, throughputGbps,
            device.latencySumPs / 1000.0 / transfers, device.latencyMinPs / 1000.0, theoreticalGbps, wireGbps);
    }

    /** The device: keeps {@code slots} transfers in flight until {@code transfers} have completed. */
    private static final class Device implements DmaReadCompletion
    {
        final PcieEndpoint endpoint;
        final EventLoop loop;
        final Op op;
        final int sizeBytes;
        final int transfers;
        final long strideBytes;
        final long[] issuePs;
        final byte[][] buffers;
        final int[] writtenBytes;
        final Event[] writeDone;
        final Event start;
        int issued;
        int completed;
        long latencySumPs;
        long latencyMinPs = Long.MAX_VALUE;
        long lastDonePs;

        Device(final PcieEndpoint endpoint, final EventLoop loop, final Op op, final int sizeBytes,
            final int transfers, final int slots, final long strideBytes)
        {
            this.endpoint = endpoint;
            this.loop = loop;
            this.op = op;
            this.sizeBytes = sizeBytes;
            this.transfers = transfers;
            this.strideBytes = strideBytes;
            issuePs = new long[slots];
            buffers = new byte[slots][sizeBytes];
            writtenBytes = new int[slots];
            writeDone = new Event[slots];
            for (int s = 0; s < slots; s++)
            {
                final int slot = s;
                buffers[s][0] = (byte)s;
                writeDone[s] = Event.of("bench.writeDone" + s, Priority.DEFAULT, () -> done(slot));
            }
            start = Event.of("bench.start", Priority.DEFAULT, () ->
            {
                for (int s = 0; s < slots; s++)
                {
                    issue(s);
                }
            });
        }

        void issue(final int slot)
        {
            issued++;
            issuePs[slot] = loop.nowPs();
            final long address = BUFFER_BASE_ADDRESS + slot * strideBytes;
            if (op == Op.READ)
            {
                endpoint.dmaRead(address, sizeBytes, buffers[slot], 0, this, slot);
            }
            else
            {
                endpoint.dmaWrite(address, buffers[slot], 0, sizeBytes);
            }
        }

        /** The root complex wrote {@code lengthBytes} at {@code pa} into host memory. */
        void onHostWrite(final long pa, final int lengthBytes)
        {
            final int slot = (int)((pa - BUFFER_BASE_ADDRESS) / strideBytes);
            writtenBytes[slot] += lengthBytes;
            if (writtenBytes[slot] == sizeBytes)
            {
                writtenBytes[slot] = 0;
                loop.schedule(writeDone[slot], loop.nowPs()); // not from inside the link's delivery
            }
        }

        @Override
        public void dmaReadDone(final long cookie)
        {
            done((int)cookie);
        }

        void done(final int slot)
        {
            final long latencyPs = loop.nowPs() - issuePs[slot];
            latencySumPs += latencyPs;
            latencyMinPs = Math.min(latencyMinPs, latencyPs);
            completed++;
            lastDonePs = loop.nowPs();
            if (issued < transfers)
            {
                issue(slot);
            }
        }
    }
}
