package org.sansim.nic.port;

import java.util.ArrayList;
import java.util.List;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.Partitioning;
import org.sansim.fabric.Topology;
import org.sansim.sim.Event;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.QuaternaryHeap;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;

/** Two hosts back to back; the NIC ports are made by the tests (one or both ends). */
final class PortHarness
{
    final Simulation sim = new Simulation(QuaternaryHeap::new, Simulation.DEFAULT_RING_SLOTS);
    final StatsRegistry stats = new StatsRegistry();
    final Topology topology;
    final RoceEndpoints zeroToOne;
    final RoceEndpoints oneToZero;
    final RoceFrame builder = new RoceFrame();

    PortHarness(final FabricLinkParams link, final Partitioning partitioning)
    {
        topology = Topology.backToBack(sim, stats, link, partitioning);
        zeroToOne = topology.endpoint(0).addressingTo(topology.endpoint(1), 0xC000, 26);
        oneToZero = topology.endpoint(1).addressingTo(topology.endpoint(0), 0xC001, 26);
    }

    NicPort port(final int host, final PortParams params)
    {
        return new NicPort("nic" + host + ".port", params, topology.endpoint(host).port(), stats);
    }

    Partition partition(final int host)
    {
        return topology.endpoint(host).partition();
    }

    void at(final int host, final long timePs, final Runnable action)
    {
        partition(host).loop().schedule(Event.of("script" + host, Priority.DEFAULT, action), timePs);
    }

    void run()
    {
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
    }

    /** Builds a SEND_ONLY frame with a PSN and a payload pattern into {@code buf}; returns its length. */
    int buildSend(final byte[] buf, final RoceEndpoints to, final int psn, final int payloadBytes)
    {
        builder.begin(buf, 0, to, BthOpcode.SEND_ONLY);
        builder.bth().psn(psn).destQp(0x11);
        final int at = builder.payloadOffset();
        for (int i = 0; i < payloadBytes; i++)
        {
            buf[at + i] = (byte)(i * 7 + psn);
        }
        return builder.finish(payloadBytes);
    }

    /** A receiver that keeps copies of good frames with their arrival times and PSNs. */
    static final class Recorder implements RoceReceiver, FrameTap
    {
        final List<byte[]> frames = new ArrayList<>();
        final List<Long> timesPs = new ArrayList<>();
        final List<Integer> psns = new ArrayList<>();
        final List<String> tapped = new ArrayList<>();
        final Partition partition;

        Recorder(final Partition partition)
        {
            this.partition = partition;
        }

        @Override
        public boolean onRoceFrame(final RoceFrame parsed, final byte[] buf, final int offset, final int lengthBytes)
        {
            final byte[] copy = new byte[lengthBytes];
            System.arraycopy(buf, offset, copy, 0, lengthBytes);
            frames.add(copy);
            timesPs.add(partition.loop().nowPs());
            psns.add(parsed.bth().psn());
            return true;
        }

        @Override
        public void onFrame(final int direction, final long timePs, final byte[] buf, final int offset,
            final int lengthBytes, final int priorityClass)
        {
            tapped.add((direction == TX ? "tx" : "rx") + "@" + timePs + "/" + lengthBytes + "/c" + priorityClass);
        }
    }
}
