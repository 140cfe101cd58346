package org.sansim.nic.gsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.Partitioning;
import org.sansim.fabric.Topology;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
import org.sansim.hw.EqeType;
import org.sansim.hw.MadRecvEntryDescriptor;
import org.sansim.hw.MadRecvEntryFlyweight;
import org.sansim.hw.SendMadInputDescriptor;
import org.sansim.nic.Nic;
import org.sansim.nic.NicParams;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * Two NICs back to back exchange management datagrams through their GSI agents: what lands in the
 * receiver's ring and EQ (HARDWARE.md 15), and what is dropped and counted.
 */
class GsiAgentTest
{
    private static final long RING_PA = 0x10_0000L;
    private static final long EQ_PA = 0x20_0000L;
    private static final int EQN = 3;
    private static final int LOG_EQ = 4;

    private final Simulation sim = new Simulation();
    private final StatsRegistry stats = new StatsRegistry();
    private Topology topology;
    private final Nic[] nics = new Nic[2];
    private final PhysicalMemory[] memories = new PhysicalMemory[2];
    private long timePs;

    @BeforeEach
    void build()
    {
        topology = Topology.backToBack(sim, stats, FabricLinkParams.defaults(), Partitioning.PER_NODE);
        for (int h = 0; h < 2; h++)
        {
            memories[h] = new PhysicalMemory("host" + h + ".memory", 4L << 20);
            nics[h] = new Nic("nic" + h, NicParams.defaults(), sim, topology.endpoint(h), memories[h], 0xF000_0000L,
                0xF100_0000L, stats);
        }
    }

    private void at(final int h, final Runnable action)
    {
        topology.endpoint(h).partition().loop().schedule(Event.of("test", Priority.DEFAULT, action), timePs);
    }

    private void runFor(final long ps)
    {
        timePs += ps;
        sim.run(timePs, new SingleThreadRunner());
    }

    /** Gives node 1 a ring of 2^logSize entries (owner bits 1) and an EQ for its events. */
    private void ring(final int logSize)
    {
        final EqeFlyweight eqe = new EqeFlyweight();
        for (int i = 0; i < 1 << LOG_EQ; i++)
        {
            eqe.wrap(memories[1], EQ_PA + (long)i * EqeDescriptor.LENGTH_BYTES).initialise();
        }
        final MadRecvEntryFlyweight entry = new MadRecvEntryFlyweight();
        for (int i = 0; i < 1 << logSize; i++)
        {
            entry.wrap(memories[1], RING_PA + (long)i * MadRecvEntryDescriptor.LENGTH_BYTES).initialise();
        }
        at(1, () ->
        {
            nics[1].completion().createEq(EQN, EQ_PA, LOG_EQ, 0);
            nics[1].gsi().setRing(RING_PA, logSize, EQN);
        });
        runFor(1_000_000);
    }

    private static byte[] mad(final int seed)
    {
        final byte[] b = new byte[SendMadInputDescriptor.MAD_BYTES];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte)(i * 5 + seed);
        }
        return b;
    }

    private void send(final int count, final int remoteQpn, final int qKey)
    {
        at(0, () ->
        {
            for (int i = 0; i < count; i++)
            {
                assertTrue(nics[0].gsi().send(topology.endpoint(1).mac(), topology.endpoint(1).ipv4(), remoteQpn,
                    qKey, mad(i), 0));
            }
        });
        runFor(100_000_000);
    }

    @Test
    void shouldWriteTheMadItsSourceAndOwnerBitThenAnEvent()
    {
        ring(2);
        send(1, SendMadInputDescriptor.GSI_QPN, SendMadInputDescriptor.GSI_Q_KEY);
        final MadRecvEntryFlyweight entry = new MadRecvEntryFlyweight().wrap(memories[1], RING_PA);
        assertTrue(entry.softwareOwned(0, 2));
        assertEquals(topology.endpoint(0).mac(), entry.srcMac());
        assertEquals(topology.endpoint(0).ipv4(), entry.srcIpv4());
        assertEquals(1, entry.srcQp());
        assertEquals(SendMadInputDescriptor.GSI_Q_KEY, entry.qKey());
        assertEquals(256, entry.madLength());
        final byte[] got = new byte[256];
        entry.readMad(got, 0, 256);
        assertArrayEquals(mad(0), got);
        assertFalse(new MadRecvEntryFlyweight().wrap(memories[1], RING_PA + 512).softwareOwned(1, 2));
        final EqeFlyweight eqe = new EqeFlyweight().wrap(memories[1], EQ_PA);
        assertTrue(eqe.softwareOwned(0, LOG_EQ));
        assertEquals(EqeType.MAD_RECEIVED.code(), eqe.eventType());
        assertEquals(1, eqe.object());
        assertEquals(1, nics[0].gsi().madsSent());
        assertEquals(1, nics[1].gsi().madsReceived());
    }

    @Test
    void shouldDropWhatAFullRingCannotTakeUntilTheConsumerIndexMoves()
    {
        ring(0);
        send(3, SendMadInputDescriptor.GSI_QPN, SendMadInputDescriptor.GSI_Q_KEY);
        assertEquals(1, nics[1].gsi().madsReceived());
        assertEquals(2, nics[1].gsi().dropped());
        at(1, () -> nics[1].gsi().consumerIndex(1));
        runFor(1_000_000);
        send(1, SendMadInputDescriptor.GSI_QPN, SendMadInputDescriptor.GSI_Q_KEY);
        assertEquals(2, nics[1].gsi().madsReceived());
        // The second pass over the one-entry ring flips the owner bit.
        assertTrue(new MadRecvEntryFlyweight().wrap(memories[1], RING_PA).softwareOwned(1, 0));
    }

    @Test
    void shouldDropWithoutARingAndForAnotherQpOrQKey()
    {
        send(1, SendMadInputDescriptor.GSI_QPN, SendMadInputDescriptor.GSI_Q_KEY);
        assertEquals(1, nics[1].gsi().dropped());
        ring(2);
        send(1, 5, SendMadInputDescriptor.GSI_Q_KEY);
        assertEquals(1, nics[1].gsi().badQp());
        send(1, SendMadInputDescriptor.GSI_QPN, 0x1234);
        assertEquals(0, nics[1].gsi().madsReceived());
        assertEquals(1, nics[1].gsi().badQKey());
    }

    @Test
    void shouldRefuseSendsBeyondItsQueueWhileThePortIsBusy()
    {
        final int queue = nics[0].gsi().params().sendQueueMads();
        final int port = nics[0].port().params().txQueueFrames();
        final int[] refused = new int[1];
        at(0, () ->
        {
            // the port's queue (every frame stays in it for the port's transmit latency, so none is on the
            // link yet), the agent's queue, then refusals
            assertTrue(nics[0].port().txLatencyPs() > 0);
            for (int i = 0; i < port + queue + 3; i++)
            {
                if (!nics[0].gsi().send(topology.endpoint(1).mac(), topology.endpoint(1).ipv4(), 1,
                    SendMadInputDescriptor.GSI_Q_KEY, mad(i), 0))
                {
                    refused[0]++;
                }
            }
        });
        runFor(100_000_000);
        assertEquals(3, refused[0]);
        assertEquals(3, nics[0].gsi().sendQueueFull());
        assertEquals(port + queue, nics[0].gsi().madsSent());
        assertEquals(port + queue, nics[1].gsi().dropped());
    }
}
