package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.NicParams;
import org.sansim.nic.port.FrameTap;
import org.sansim.sim.ClockDomain;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceFrame;

/**
 * The packet pipelines' depth is a latency apart from their initiation interval: it delays every
 * packet by the same time and leaves the packet rate at {@code clockHz / cyclesPerPacket}.
 */
class RcPipelineDepthTest
{
    private static final long CLOCK_HZ = 430_000_000L;
    /** Slower than the wire for 4 KiB packets (465 ns against 336 ns), so the pipeline sets the rate. */
    private static final int TX_CYCLES_PER_PACKET = 200;
    private static final int TX_DEPTH_CYCLES = 500;
    private static final int RX_DEPTH_CYCLES = 300;
    private static final int LENGTH = 64 * 1024;

    /** When each WRITE packet left host 0, and when host 1's first ACK left it. */
    private record Times(List<Long> writesLeft, long ackLeftPs)
    {
    }

    private static Times write(final int txDepthCycles, final int rxDepthCycles)
    {
        final NicParams d = NicParams.defaults();
        final RcTransportParams rc = d.transport().withPipelines(CLOCK_HZ, TX_CYCLES_PER_PACKET, 2)
            .withPipelineDepths(txDepthCycles, rxDepthCycles);
        final RcHarness h = new RcHarness(new NicParams(d.pcie(), d.doorbell(), d.wqe(), d.translation(), d.dma(),
            d.completion(), d.command(), d.port().withMacPhyLatency(0, 0), rc, d.atomic(), d.gsi()));
        final List<Long> writes = new ArrayList<>();
        final long[] ack = {-1};
        h.nic[0].port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
        {
            final int opcode = buf[offset + RoceFrame.BTH_OFFSET] & 0xFF;
            if (direction == FrameTap.TX && opcode != BthOpcode.ACKNOWLEDGE)
            {
                writes.add(timePs);
            }
        });
        h.nic[1].port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
        {
            if (direction == FrameTap.TX && ack[0] < 0)
            {
                ack[0] = timePs;
            }
        });
        h.post(0, WqeOpcode.RDMA_WRITE, 0, LENGTH, 0, RcHarness.KEY, true);
        h.at(0, 1_000_000, () -> h.ring(0));
        h.run();
        assertEquals(CqeSyndrome.SUCCESS.code(), h.poll(0).get(0).syndrome());
        return new Times(writes, ack[0]);
    }

    @Test
    void shouldDelayEveryPacketByTheDepthAndKeepThePacketRate()
    {
        final ClockDomain clock = ClockDomain.ofFrequencyHz("rc", CLOCK_HZ);
        final long intervalPs = clock.cyclesToPs(TX_CYCLES_PER_PACKET);
        final long txDepthPs = clock.cyclesToPs(TX_DEPTH_CYCLES);
        final Times shallow = write(0, 0);
        final Times deep = write(TX_DEPTH_CYCLES, 0);

        assertEquals(LENGTH / 4096, deep.writesLeft().size());
        assertEquals(shallow.writesLeft().size(), deep.writesLeft().size());
        for (int i = 0; i < deep.writesLeft().size(); i++)
        {
            assertEquals(shallow.writesLeft().get(i) + txDepthPs, deep.writesLeft().get(i), "packet " + i);
        }
        // in the middle of the message the packets leave one interval apart: clockHz / cyclesPerPacket
        for (int i = 4; i < deep.writesLeft().size(); i++)
        {
            assertEquals(intervalPs, deep.writesLeft().get(i) - deep.writesLeft().get(i - 1), "gap before packet " + i);
        }
        assertTrue(txDepthPs > 2 * intervalPs, "several packets in the pipeline at once");
    }

    @Test
    void shouldDelayTheRespondersActionByTheReceiveDepth()
    {
        final ClockDomain clock = ClockDomain.ofFrequencyHz("rc", CLOCK_HZ);
        final Times shallow = write(0, 0);
        final Times deep = write(0, RX_DEPTH_CYCLES);

        assertEquals(shallow.writesLeft(), deep.writesLeft(), "the requester's side is unchanged");
        final long delayPs = deep.ackLeftPs() - shallow.ackLeftPs();
        // the ACK follows the last packet's processing: one receive depth later, to the responder's clock edges
        assertTrue(delayPs >= clock.cyclesToPs(RX_DEPTH_CYCLES) && delayPs <= clock.cyclesToPs(RX_DEPTH_CYCLES + 2),
            "ACK later by " + delayPs + " ps");
    }
}
