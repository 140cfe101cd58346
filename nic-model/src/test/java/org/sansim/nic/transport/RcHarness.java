package org.sansim.nic.transport;

import java.util.ArrayList;
import java.util.List;
import org.sansim.fabric.Endpoint;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.Partitioning;
import org.sansim.fabric.Topology;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.AtomicSegmentFlyweight;
import org.sansim.hw.ControlSegmentFlyweight;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.DataSegmentFlyweight;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MptEntryFlyweight;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.hw.MttEntryFlyweight;
import org.sansim.hw.PathMtu;
import org.sansim.hw.QpDoorbellRecordFlyweight;
import org.sansim.hw.QpState;
import org.sansim.hw.ReceiveWqeFlyweight;
import org.sansim.hw.RemoteAddressSegmentFlyweight;
import org.sansim.hw.SendDoorbell;
import org.sansim.hw.UarLayout;
import org.sansim.hw.WqeLayout;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.Nic;
import org.sansim.nic.NicParams;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * Two hosts, each with a {@link Nic}, back to back; one QP pair (QPN 1 on host 0, QPN 2 on host 1)
 * in RTS, memory regions registered by writing MPT and MTT entries the way the kernel driver does.
 */
final class RcHarness
{
    static final long BAR0 = 0xF000_0000L;
    static final long BAR2 = 0xF100_0000L;
    static final long MPT_BASE = 0x1_0000;
    static final long MTT_BASE = 0x2_0000;
    static final long EQ_BASE = 0x4_0000;
    static final long CQ_BASE = 0x5_0000;
    static final long SQ_BASE = 0x6_0000;
    static final long RQ_BASE = 0x7_0000;
    static final long DBR_BASE = 0x8_0000;
    static final long DATA_BASE = 0x10_0000;
    static final long DATA_VA = 0x7F00_0000_0000L;
    static final int DATA_BYTES = 1 << 20;
    static final int LOG_CQ = 8;
    static final int LOG_SQ_BLOCKS = 10;
    static final int LOG_RQ = 4;
    static final int LOG_RQ_STRIDE = 6;
    static final int CQN = 1;
    static final int EQN = 0;
    static final int PD = 7;
    static final int[] QPN = {1, 2};
    /** The data region's key on each host: index 3, variant 0x11. */
    static final int KEY = MemoryKey.of(3, 0x11);

    final Simulation sim = new Simulation();
    final StatsRegistry stats = new StatsRegistry();
    final Topology topology;
    final PhysicalMemory[] memory = new PhysicalMemory[2];
    final TestQps[] qps = {new TestQps(), new TestQps()};
    final Nic[] nic = new Nic[2];
    final int[] pc = new int[2];
    final int[] rqPosted = new int[2];
    final int[] cqConsumer = new int[2];
    /** The immediate of the next posted WQE. */
    int immediate;

    RcHarness(final NicParams params)
    {
        this(params, FabricLinkParams.defaults());
    }

    RcHarness(final NicParams params, final FabricLinkParams link)
    {
        topology = Topology.backToBack(sim, stats, link, Partitioning.PER_NODE);
        for (int h = 0; h < 2; h++)
        {
            memory[h] = new PhysicalMemory("host" + h + ".memory", 1L << 24);
            nic[h] = new Nic("nic" + h, params, sim, topology.endpoint(h), memory[h], BAR0, BAR2, qps[h], stats);
        }
        for (int h = 0; h < 2; h++)
        {
            setUpHost(h);
        }
    }

    RcHarness()
    {
        this(NicParams.defaults());
    }

    private void setUpHost(final int h)
    {
        final PhysicalMemory m = memory[h];
        final Nic n = nic[h];
        n.translation().configureTables(MPT_BASE, 1024, MTT_BASE, 4096);
        registerRegion(h, 3, 0x11, DATA_VA, DATA_BASE, DATA_BYTES,
            AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE
                | AccessFlags.REMOTE_ATOMIC);
        final CqeFlyweight cqe = new CqeFlyweight();
        for (int i = 0; i < 1 << LOG_CQ; i++)
        {
            cqe.wrap(m, CQ_BASE + (long)i * CqeDescriptor.LENGTH_BYTES).initialise();
        }
        final EqeFlyweight eqe = new EqeFlyweight();
        for (int i = 0; i < 16; i++)
        {
            eqe.wrap(m, EQ_BASE + (long)i * EqeDescriptor.LENGTH_BYTES).initialise();
        }
        n.completion().createEq(EQN, EQ_BASE, 4, 0);
        n.completion().createCq(CQN, CQ_BASE, LOG_CQ, EQN, DBR_BASE + 0x100);
        final int q = QPN[h];
        final TestQps t = qps[h];
        final Endpoint peer = topology.endpoint(1 - h);
        t.valid[q] = true;
        t.state[q] = QpState.RTS;
        t.mtu[q] = PathMtu.MTU_4096;
        t.access[q] = AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE | AccessFlags.REMOTE_ATOMIC;
        t.pd[q] = PD;
        t.remoteQpn[q] = QPN[1 - h];
        t.sendPsn[q] = 100 + h * 1000;
        t.recvPsn[q] = 100 + (1 - h) * 1000;
        t.sendCqn[q] = CQN;
        t.recvCqn[q] = CQN;
        t.logRqSize[q] = LOG_RQ;
        t.logRqStride[q] = LOG_RQ_STRIDE;
        t.rqAddress[q] = RQ_BASE;
        t.dbrAddress[q] = DBR_BASE;
        t.destMac[q] = peer.mac();
        t.destIpv4[q] = peer.ipv4();
        t.maxRdAtomic[q] = 16;
        t.maxDestRdAtomic[q] = 16;
        new QpDoorbellRecordFlyweight().wrap(m, DBR_BASE).clear();
        n.fetcher().configureSendQueue(q, SQ_BASE, LOG_SQ_BLOCKS, DBR_BASE);
        n.transport().openQp(q);
    }

    /** Writes an MPT entry and its MTT entries (4 KiB pages, physically contiguous from {@code pa}). */
    void registerRegion(final int h, final int index, final int variant, final long va, final long pa,
        final long length, final int access)
    {
        final int pages = (int)((length + 4095) / 4096);
        final int mttBase = index * 512;
        new MptEntryFlyweight().wrap(memory[h], MPT_BASE + (long)index * MptEntryDescriptor.LENGTH_BYTES).clear()
            .valid(true).keyVariant(variant).logPageSize(12).access(access).pd(PD).startVa(va).length(length)
            .mttBase(mttBase).mttCount(pages);
        final MttEntryFlyweight mtt = new MttEntryFlyweight();
        for (int i = 0; i < pages; i++)
        {
            mtt.wrap(memory[h], MTT_BASE + (long)(mttBase + i) * MttEntryDescriptor.LENGTH_BYTES)
                .pageAddress(pa + 4096L * i);
        }
    }

    /** Fills host {@code h}'s data region at {@code offset} with a pattern. */
    void pattern(final int h, final long offset, final int length, final int seed)
    {
        for (int i = 0; i < length; i++)
        {
            memory[h].putByte(DATA_BASE + offset + i, (byte)(i * 31 + seed));
        }
    }

    byte[] read(final int h, final long offset, final int length)
    {
        final byte[] b = new byte[length];
        memory[h].read(DATA_BASE + offset, b, 0, length);
        return b;
    }

    /**
     * Writes a send WQE on host {@code h}'s SQ at the producer counter.
     *
     * @return the WQE index
     */
    int post(final int h, final WqeOpcode op, final long localOffset, final int length, final long remoteOffset,
        final int rkey, final boolean signalled)
    {
        return post(h, op, KEY, DATA_VA + localOffset, length, DATA_VA + remoteOffset, rkey, signalled);
    }

    /**
     * Writes a send WQE of one SGE ({@code lkey}, {@code localVa}) on host {@code h}'s SQ at the producer counter.
     *
     * @return the WQE index
     */
    int post(final int h, final WqeOpcode op, final int lkey, final long localVa, final int length,
        final long remoteVa, final int rkey, final boolean signalled)
    {
        final PhysicalMemory m = memory[h];
        final int start = pc[h];
        int u = 1;
        if (op.remoteAddressSegment())
        {
            new RemoteAddressSegmentFlyweight().wrap(m, unitPa(start, u++)).clear().remoteAddress(remoteVa).rkey(rkey);
        }
        new DataSegmentFlyweight().wrap(m, unitPa(start, u++)).set(length, lkey, localVa);
        new ControlSegmentFlyweight().wrap(m, unitPa(start, 0)).clear().immediate(immediate).signalled(signalled)
            .solicited(false).fence(false).opcode(op).wqeIndex(start).qpn(QPN[h]).sizeUnits(u);
        pc[h] = (pc[h] + WqeLayout.basicBlocks(u)) & 0xFFFF;
        return start;
    }

    /** Writes an ATOMIC_CS or ATOMIC_FA WQE on host {@code h}'s SQ; the original value lands at {@code localOffset}. */
    int postAtomic(final int h, final WqeOpcode op, final long localOffset, final long remoteOffset,
        final long swapAdd, final long compare)
    {
        final PhysicalMemory m = memory[h];
        final int start = pc[h];
        new RemoteAddressSegmentFlyweight().wrap(m, unitPa(start, 1)).clear().remoteAddress(DATA_VA + remoteOffset)
            .rkey(KEY);
        new AtomicSegmentFlyweight().wrap(m, unitPa(start, 2)).clear().swapAdd(swapAdd).compare(compare);
        new DataSegmentFlyweight().wrap(m, unitPa(start, 3)).set(8, KEY, DATA_VA + localOffset);
        new ControlSegmentFlyweight().wrap(m, unitPa(start, 0)).clear().immediate(0).signalled(true)
            .solicited(false).fence(false).opcode(op).wqeIndex(start).qpn(QPN[h]).sizeUnits(4);
        pc[h] = (pc[h] + WqeLayout.basicBlocks(4)) & 0xFFFF;
        return start;
    }

    private static long unitPa(final int start, final int u)
    {
        return WqeLayout.sendSlotAddress(SQ_BASE, start + u / 4, LOG_SQ_BLOCKS) + (u % 4) * 16L;
    }

    /** Writes the doorbell record and rings the send doorbell of host {@code h}; returns its arrival at the NIC. */
    long ring(final int h)
    {
        new QpDoorbellRecordFlyweight().wrap(memory[h], DBR_BASE).sendCounter(pc[h]);
        return nic[h].pcie().rootComplex().mmioWrite64(BAR2 + UarLayout.SEND_DOORBELL_OFFSET,
            Long.reverseBytes(SendDoorbell.encode(QPN[h], pc[h])));
    }

    /** Posts a receive WQE of one SGE on host {@code h} and updates the record's receive counter. */
    void postReceive(final int h, final long offset, final int length)
    {
        postReceive(h, KEY, DATA_VA + offset, length);
    }

    /**
     * Posts a receive WQE of one SGE ({@code lkey}, {@code va}) on host {@code h} and updates the
     * record's receive counter.
     */
    void postReceive(final int h, final int lkey, final long va, final int length)
    {
        final int slot = rqPosted[h] & ((1 << LOG_RQ) - 1);
        final ReceiveWqeFlyweight r = new ReceiveWqeFlyweight().wrap(memory[h], RQ_BASE + ((long)slot << LOG_RQ_STRIDE),
            LOG_RQ_STRIDE);
        r.entry(0).set(length, lkey, va);
        r.terminate(1);
        rqPosted[h]++;
        new QpDoorbellRecordFlyweight().wrap(memory[h], DBR_BASE).recvCounter(rqPosted[h]);
    }

    /** A CQE read back from host memory. */
    record Cqe(int opcode, int syndrome, int wqeCounter, int qpn, int byteCount, int immediate)
    {
    }

    /** Polls host {@code h}'s CQ like a driver: every new CQE, in order. */
    List<Cqe> poll(final int h)
    {
        final List<Cqe> out = new ArrayList<>();
        final CqeFlyweight c = new CqeFlyweight();
        while (true)
        {
            c.wrap(memory[h], CQ_BASE + (long)(cqConsumer[h] & ((1 << LOG_CQ) - 1)) * CqeDescriptor.LENGTH_BYTES);
            if (!c.softwareOwned(cqConsumer[h], LOG_CQ))
            {
                return out;
            }
            out.add(new Cqe(c.opcode(), c.syndrome(), c.wqeCounter(), c.qpn(), c.byteCount(), c.immediate()));
            cqConsumer[h]++;
        }
    }

    void at(final int h, final long timePs, final Runnable action)
    {
        nic[h].partition().loop().schedule(Event.of("script", Priority.DEFAULT, action), timePs);
    }

    void run()
    {
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
    }
}
