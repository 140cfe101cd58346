package org.sansim.nic.wqe;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.ControlSegmentFlyweight;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.UarLayout;
import org.sansim.hw.VendorSyndrome;
import org.sansim.nic.doorbell.DoorbellUnit;
import org.sansim.nic.doorbell.DoorbellUnitParams;
import org.sansim.pcie.PcieLink;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.pcie.PcieRootComplex;
import org.sansim.sim.Event;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * A host with memory and a PCIe link to a NIC made of a {@link DoorbellUnit} and a
 * {@link WqeFetcher}; the sink records what reaches it, with the time.
 */
final class NicHarness implements WorkRequestSink
{
    static final long BAR0 = 0xF000_0000L;
    static final long BAR2 = 0xF100_0000L;

    final Simulation sim;
    final Partition part;
    final PhysicalMemory memory = new PhysicalMemory("host0.memory", 1L << 22);
    final StatsRegistry stats = new StatsRegistry();
    final PcieLink link;
    final PcieRootComplex rc;
    final DoorbellUnit doorbells;
    final WqeFetcher fetcher;

    /** Snapshots of what reached the sink, in order. */
    final List<Seen> seen = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    boolean record = true;
    /** Sees each request before it is recorded, for tests that read what {@link Seen} leaves out. */
    java.util.function.Consumer<WorkRequest> inspect = r -> { };
    long delivered;
    long lastDeliveredPs;

    /** A copy of a {@link WorkRequest} and its arrival time. */
    record Seen(long atPs, int qpn, int wqeIndex, String opcode, int units, boolean fence, boolean solicited,
        boolean signalled, int immediate, long remoteAddress, int rkey, long swapAdd, long compare, long[] sges,
        byte[] inline, long messageLength, boolean blueFlame, boolean prefetched)
    {
    }

    NicHarness(final DoorbellUnitParams dbParams, final WqeFetcherParams params)
    {
        this(dbParams, params, new Simulation());
    }

    /** With a given simulation (the allocation test picks its event queue). */
    NicHarness(final DoorbellUnitParams dbParams, final WqeFetcherParams params, final Simulation simulation)
    {
        sim = simulation;
        part = sim.partition("host0");
        link = PcieLink.connect(sim, "host0.pcie", PcieLinkParams.defaults(), part, memory, part, stats);
        rc = link.rootComplex();
        doorbells = new DoorbellUnit("nic0.doorbell", dbParams, part.loop(), BAR0, BAR2, stats);
        fetcher = new WqeFetcher("nic0.wqe", params, part.loop(), link.endpoint(), this, stats);
        doorbells.sendDoorbellListener(fetcher).blueFlameListener(fetcher);
        link.endpoint().mmioTarget(doorbells);
    }

    NicHarness()
    {
        this(DoorbellUnitParams.defaults(), WqeFetcherParams.defaults());
    }

    long nowPs()
    {
        return part.loop().nowPs();
    }

    void at(final long timePs, final Runnable action)
    {
        part.loop().schedule(Event.of("script", Priority.DEFAULT, action), timePs);
    }

    void run()
    {
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
    }

    void run(final long endPs)
    {
        sim.run(endPs, new SingleThreadRunner());
    }

    @Override
    public void onWorkRequest(final WorkRequest r)
    {
        delivered++;
        lastDeliveredPs = nowPs();
        inspect.accept(r);
        if (!record)
        {
            return;
        }
        final long[] sges = new long[r.sgeCount() * 3];
        for (int i = 0; i < r.sgeCount(); i++)
        {
            sges[3 * i] = r.sgeByteCount(i);
            sges[3 * i + 1] = r.sgeLkey(i);
            sges[3 * i + 2] = r.sgeAddress(i);
        }
        final byte[] inline = new byte[r.inlineLength()];
        r.copyInline(inline, 0);
        seen.add(new Seen(nowPs(), r.qpn(), r.wqeIndex(), r.opcode().name(), r.sizeUnits(), r.fence(), r.solicited(),
            r.signalled(), r.immediate(), r.remoteAddress(), r.rkey(), r.swapAdd(), r.compare(), sges, inline,
            r.messageLength(), r.blueFlame(), r.prefetched()));
    }

    @Override
    public void onWqeError(final int qpn, final int wqeIndex, final CqeSyndrome syndrome,
        final VendorSyndrome vendorSyndrome)
    {
        errors.add(qpn + "/" + wqeIndex + ":" + syndrome + "/" + vendorSyndrome);
    }

    /** A host-side send queue, written the way the user-mode driver does (HARDWARE.md 13). */
    final class Sq
    {
        final int qpn;
        final long basePa;
        final int logBlocks;
        final long dbrPa;
        final int uarPage;
        final ControlSegmentFlyweight ctrl = new ControlSegmentFlyweight();
        final org.sansim.hw.RemoteAddressSegmentFlyweight raddr = new org.sansim.hw.RemoteAddressSegmentFlyweight();
        final org.sansim.hw.AtomicSegmentFlyweight atomic = new org.sansim.hw.AtomicSegmentFlyweight();
        final org.sansim.hw.DataSegmentFlyweight data = new org.sansim.hw.DataSegmentFlyweight();
        final org.sansim.hw.InlineSegmentFlyweight inlineSeg = new org.sansim.hw.InlineSegmentFlyweight();
        final org.sansim.hw.QpDoorbellRecordFlyweight dbr = new org.sansim.hw.QpDoorbellRecordFlyweight();
        final byte[] chunk = new byte[UarLayout.BLUEFLAME_HALF_BYTES];
        int pc;
        int half;
        int lastWqeIndex;
        int lastBlocks;

        Sq(final int qpn, final long basePa, final int logBlocks, final long dbrPa, final int uarPage)
        {
            this.qpn = qpn;
            this.basePa = basePa;
            this.logBlocks = logBlocks;
            this.dbrPa = dbrPa;
            this.uarPage = uarPage;
            fetcher.configureSendQueue(qpn, basePa, logBlocks, dbrPa);
        }

        /** Physical address of unit {@code u} of the WQE starting at counter {@code start}. */
        long unitPa(final int start, final int u)
        {
            return org.sansim.hw.WqeLayout.sendSlotAddress(basePa, start + u / 4, logBlocks) + (u % 4) * 16L;
        }

        /**
         * Writes one WQE at the producer counter; control segment's first 8 bytes last.
         *
         * @param op opcode
         * @param raddrRkey {remoteAddress, rkey} or null
         * @param atomics {swapAdd, compare} or null
         * @param sges {byteCount, lkey, address} triples, or null
         * @param inline inline data or null
         * @return the WQE index
         */
        int post(final org.sansim.hw.WqeOpcode op, final long[] raddrRkey, final long[] atomics, final long[] sges,
            final byte[] inline, final int immediate, final boolean signalled)
        {
            final int start = pc;
            int u = 1;
            if (raddrRkey != null)
            {
                raddr.wrap(memory, unitPa(start, u++)).clear().remoteAddress(raddrRkey[0]).rkey((int)raddrRkey[1]);
            }
            if (atomics != null)
            {
                atomic.wrap(memory, unitPa(start, u++)).clear().swapAdd(atomics[0]).compare(atomics[1]);
            }
            if (inline != null)
            {
                inlineSeg.wrap(memory, unitPa(start, u)).clear().header(inline.length).putData(inline, 0,
                    inline.length);
                u += org.sansim.hw.WqeLayout.inlineUnits(inline.length);
            }
            else if (sges != null)
            {
                for (int i = 0; i < sges.length; i += 3)
                {
                    data.wrap(memory, unitPa(start, u++)).set((int)sges[i], (int)sges[i + 1], sges[i + 2]);
                }
            }
            ctrl.wrap(memory, unitPa(start, 0)).clear().immediate(immediate).signalled(signalled).solicited(true)
                .fence(false);
            ctrl.opcode(op).wqeIndex(start).qpn(qpn).sizeUnits(u);
            lastWqeIndex = start;
            lastBlocks = org.sansim.hw.WqeLayout.basicBlocks(u);
            pc = (pc + lastBlocks) & 0xFFFF;
            return start;
        }

        /** Writes the doorbell record, then rings the send doorbell; returns its arrival at the NIC. */
        long ring()
        {
            dbr.wrap(memory, dbrPa).sendCounter(pc);
            return rc.mmioWrite64(BAR2 + (long)uarPage * UarLayout.LENGTH_BYTES + UarLayout.SEND_DOORBELL_OFFSET,
                Long.reverseBytes(org.sansim.hw.SendDoorbell.encode(qpn, pc)));
        }

        /** Writes the record, then copies the last WQE through BlueFlame; returns the last chunk's arrival. */
        long blueFlame()
        {
            dbr.wrap(memory, dbrPa).sendCounter(pc);
            long arrival = 0;
            final long reg = BAR2 + (long)uarPage * UarLayout.LENGTH_BYTES + UarLayout.blueFlameOffset(0, half);
            for (int b = 0; b < lastBlocks; b++)
            {
                memory.read(org.sansim.hw.WqeLayout.sendSlotAddress(basePa, lastWqeIndex + b, logBlocks), chunk, 0,
                    UarLayout.BLUEFLAME_CHUNK_BYTES);
                arrival = rc.mmioWrite(reg + b * 64L, chunk, 0, UarLayout.BLUEFLAME_CHUNK_BYTES);
            }
            half ^= 1;
            return arrival;
        }
    }
}
