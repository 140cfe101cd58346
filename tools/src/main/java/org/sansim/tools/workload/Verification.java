package org.sansim.tools.workload;

import java.util.Arrays;
import java.util.List;
import org.sansim.host.AddressSpace;
import org.sansim.host.PhysicalMemory;
import org.sansim.pcie.DeviceWriteMonitor;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.tools.scenario.system.RcConnections;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;

/**
 * How a {@code --verify} workload lays out its buffers and watches them. Each host's buffer holds,
 * for every flow it sends, an area of {@code txDepth} message slots to send from, then for every flow
 * it receives an area to receive into, in flow order. Each receiving host's root complex gets a
 * {@link DeviceWriteMonitor.WriteTap} that maps every device write into a receive area to its flow,
 * slot and offset and hands it to the {@link PayloadVerifier}. A ping-pong uses the two fixed
 * offsets it always has, and checks each message when its receive completes.
 */
public final class Verification
{
    /** The ping-pong's pings, as a flow of the verifier. */
    static final int PING = 0;
    /** The ping-pong's pongs. */
    static final int PONG = 1;

    private Verification()
    {
    }

    static PayloadVerifier verifier(final WorkloadParams params, final List<FlowSpec> specs, final long seed)
    {
        if (params.kind() == WorkloadParams.Kind.PINGPONG)
        {
            final long bytes = params.iterations() * params.messageBytes();
            return new PayloadVerifier(seed, new long[] {bytes, bytes}, params.messageBytes(), 1);
        }
        final long[] flowBytes = new long[specs.size()];
        for (final FlowSpec f : specs)
        {
            flowBytes[f.id()] = f.bytes();
        }
        return new PayloadVerifier(seed, flowBytes, params.messageBytes(), params.txDepth());
    }

    private static long areaBytes(final WorkloadParams params)
    {
        return params.txDepth() * params.messageBytes();
    }

    static long[] bufferBytes(final WorkloadParams params, final List<FlowSpec> specs, final int hosts)
    {
        final long[] areas = new long[hosts];
        for (final FlowSpec f : specs)
        {
            areas[f.source()]++;
            areas[f.destination()]++;
        }
        final long[] bytes = new long[hosts];
        for (int h = 0; h < hosts; h++)
        {
            bytes[h] = Math.max(areas[h] * areaBytes(params), PhysicalMemory.PAGE_BYTES);
        }
        return bytes;
    }

    static void attach(final SanSystem system, final RcConnections connections, final List<Flow> flows,
        final PayloadVerifier verifier, final WorkloadParams params)
    {
        final int hosts = system.hosts().size();
        final long area = areaBytes(params);
        final int[] sending = new int[hosts];
        for (final Flow f : flows)
        {
            sending[f.spec().source()]++;
        }
        final int[] sendIndex = new int[hosts];
        final int[] receiveIndex = new int[hosts];
        final int[][] flowOfArea = new int[hosts][];
        for (int h = 0; h < hosts; h++)
        {
            flowOfArea[h] = new int[flows.size()];
        }
        for (final Flow f : flows)
        {
            final int src = f.spec().source();
            final int dst = f.spec().destination();
            final int r = receiveIndex[dst]++;
            flowOfArea[dst][r] = f.spec().id();
            f.verify(verifier, system.host(src).process(), connections.region(src), sendIndex[src]++ * area,
                connections.region(dst), (sending[dst] + r) * area);
        }
        for (final SanHost h : system.hosts())
        {
            final int i = h.index();
            if (receiveIndex[i] > 0)
            {
                final Tap tap = new Tap(h, connections.region(i), sending[i] * area, area, params.messageBytes(),
                    Arrays.copyOf(flowOfArea[i], receiveIndex[i]), verifier);
                h.nic().pcie().rootComplex().deviceWrites().tap(tap);
            }
        }
    }

    /**
     * A tap for a host's root complex that hands every device write into its receive areas to
     * {@code verifier}: the areas follow each other from {@code receiveBase} bytes into {@code region},
     * area {@code a} receiving flow {@code flowOfArea[a]} in slots of {@code messageBytes}.
     *
     * @param host the receiving host
     * @param region its registered buffer
     * @param receiveBase where the first receive area starts in the buffer
     * @param areaBytes bytes of each area
     * @param messageBytes bytes of each slot
     * @param flowOfArea the flow of each area
     * @param verifier the checker
     * @return the tap, for {@code host.nic().pcie().rootComplex().deviceWrites().tap}
     */
    public static DeviceWriteMonitor.WriteTap receiveTap(final SanHost host, final MemoryRegion region,
        final long receiveBase, final long areaBytes, final long messageBytes, final int[] flowOfArea,
        final PayloadVerifier verifier)
    {
        return new Tap(host, region, receiveBase, areaBytes, messageBytes, flowOfArea.clone(), verifier);
    }

    /** Maps device writes into one host's receive areas to flows, slots and offsets. */
    private static final class Tap implements DeviceWriteMonitor.WriteTap
    {
        private final PhysicalMemory memory;
        private final long[] sortedPagePa;
        private final int[] pageIndex;
        private final long receiveBase;
        private final long areaBytes;
        private final long messageBytes;
        private final int[] flowOfArea;
        private final PayloadVerifier verifier;

        Tap(final SanHost host, final MemoryRegion region, final long receiveBase, final long areaBytes,
            final long messageBytes, final int[] flowOfArea, final PayloadVerifier verifier)
        {
            this.memory = host.process().memory();
            this.receiveBase = receiveBase;
            this.areaBytes = areaBytes;
            this.messageBytes = messageBytes;
            this.flowOfArea = flowOfArea;
            this.verifier = verifier;
            final AddressSpace space = host.process().addressSpace();
            final int pages = (int)((region.length() + PhysicalMemory.PAGE_BYTES - 1) / PhysicalMemory.PAGE_BYTES);
            final long[] keyed = new long[pages];
            for (int p = 0; p < pages; p++)
            {
                final long pa = space.translate(region.va() + (long)p * PhysicalMemory.PAGE_BYTES, 0);
                keyed[p] = (pa >>> PhysicalMemory.PAGE_SHIFT) << 24 | p; // pages fit in 24 bits of index
            }
            Arrays.sort(keyed);
            sortedPagePa = new long[pages];
            pageIndex = new int[pages];
            for (int p = 0; p < pages; p++)
            {
                sortedPagePa[p] = keyed[p] >>> 24;
                pageIndex[p] = (int)(keyed[p] & 0xFF_FFFF);
            }
        }

        @Override
        public void onDeviceWrite(final long pa, final int lengthBytes)
        {
            final int at = Arrays.binarySearch(sortedPagePa, pa >>> PhysicalMemory.PAGE_SHIFT);
            if (at < 0)
            {
                return;
            }
            final long inRegion = ((long)pageIndex[at] << PhysicalMemory.PAGE_SHIFT)
                + (pa & (PhysicalMemory.PAGE_BYTES - 1)) - receiveBase;
            if (inRegion < 0 || inRegion >= flowOfArea.length * areaBytes)
            {
                return;
            }
            final int flow = flowOfArea[(int)(inRegion / areaBytes)];
            final long inArea = inRegion % areaBytes;
            verifier.check(memory, pa, flow, (int)(inArea / messageBytes), inArea % messageBytes, lengthBytes);
        }
    }
}
