package org.sansim.nic.doorbell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.CqArmDoorbell;
import org.sansim.hw.EqDoorbell;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.hw.SendDoorbell;
import org.sansim.hw.UarLayout;
import org.sansim.pcie.PcieLink;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.pcie.PcieRootComplex;
import org.sansim.sim.Event;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/** The doorbell unit's decoding of host MMIO writes, over a real PCIe link. */
class DoorbellUnitTest
{
    private static final long BAR0 = 0xF000_0000L;
    private static final long BAR2 = 0xF100_0000L;

    private final Simulation sim = new Simulation();
    private final Partition part = sim.partition("host0");
    private final PcieLink link = PcieLink.connect(sim, "host0.pcie", PcieLinkParams.defaults(), part,
        new PhysicalMemory("host0.memory", 1 << 20), part, new StatsRegistry());
    private final PcieRootComplex rc = link.rootComplex();
    private final DoorbellUnit unit = new DoorbellUnit("nic0.doorbell", DoorbellUnitParams.defaults(), part.loop(),
        BAR0, BAR2, new StatsRegistry());
    private final List<String> log = new ArrayList<>();

    DoorbellUnitTest()
    {
        link.endpoint().mmioTarget(unit);
        unit.sendDoorbellListener((qpn, counter) ->
        {
            log.add("send " + qpn + " " + counter + " @" + part.loop().nowPs());
            return true;
        })
            .cqArmListener((cqn, sn, cmd, ci) -> log.add("arm " + cqn + " " + sn + " " + cmd + " " + ci))
            .eqDoorbellListener((eqn, ci, arm) -> log.add("eq " + eqn + " " + ci + " " + arm))
            .registerListener((offset, value, len) -> log.add("reg " + Integer.toHexString(offset) + " "
                + Long.toHexString(value) + " " + len))
            .blueFlameListener((qpn, counter, bytes, length) ->
            {
                log.add("bf " + qpn + " " + counter + " " + length + " " + bytes[length - 1]);
                return true;
            })
            .uarOwnership(new UarOwnership()
            {
                @Override
                public int uarOfQp(final int qpn)
                {
                    return qpn == 99 ? 5 : ANY_PAGE;
                }

                @Override
                public int uarOfCq(final int cqn)
                {
                    return ANY_PAGE;
                }

                @Override
                public int uarOfEq(final int eqn)
                {
                    return ANY_PAGE;
                }
            });
    }

    private void at(final long timePs, final Runnable action)
    {
        part.loop().schedule(Event.of("script", Priority.DEFAULT, action), timePs);
    }

    private static long uar(final int page, final int offset)
    {
        return BAR2 + (long)page * UarLayout.LENGTH_BYTES + offset;
    }

    @Test
    void shouldDecodeEachDoorbellKindAfterItsDecodeTime()
    {
        final long[] arrival = new long[1];
        at(1000, () ->
        {
            arrival[0] = rc.mmioWrite64(uar(1, UarLayout.SEND_DOORBELL_OFFSET),
                Long.reverseBytes(SendDoorbell.encode(77, 0xFFFE)));
            rc.mmioWrite64(uar(1, UarLayout.CQ_ARM_DOORBELL_OFFSET), Long.reverseBytes(CqArmDoorbell.encode(
                CqArmDoorbell.armWord(CqArmDoorbell.consumerIndex(CqArmDoorbell.armCommand(
                    CqArmDoorbell.armSn(0, 2), 1), 0x123456)), 9)));
            rc.mmioWrite64(uar(0, UarLayout.EQ_DOORBELL_OFFSET), Long.reverseBytes(EqDoorbell.encode(true, 300, 4)));
            rc.mmioWrite32(BAR0 + InitSegmentLayout.CMD_DOORBELL_OFFSET, Integer.reverseBytes(7));
        });
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        final long decoded = unit.clock().edgeAfterCycles(arrival[0], unit.params().decodeCyclesPerWrite());
        assertEquals(List.of("send 77 65534 @" + decoded, "arm 9 2 1 1193046", "eq 4 300 true", "reg 18 7 4"), log);
    }

    @Test
    void shouldDropTornForeignAndUnknownWrites()
    {
        at(1000, () ->
        {
            rc.mmioWrite32(uar(1, UarLayout.SEND_DOORBELL_OFFSET), 0); // half a doorbell
            rc.mmioWrite32(uar(1, UarLayout.SEND_DOORBELL_OFFSET + 4), 0);
            rc.mmioWrite64(uar(1, UarLayout.SEND_DOORBELL_OFFSET), Long.reverseBytes(SendDoorbell.encode(99, 1)));
            rc.mmioWrite64(uar(5, UarLayout.SEND_DOORBELL_OFFSET), Long.reverseBytes(SendDoorbell.encode(99, 2)));
            rc.mmioWrite64(uar(1, 0x200), 1);
        });
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        assertEquals(2, unit.torn());
        assertEquals(1, unit.foreignUar());
        assertEquals(1, log.size());
        assertEquals("send 99 2", log.get(0).substring(0, 9));
    }

    @Test
    void shouldAssembleBlueFlameChunksAndFallBackToADoorbellWhenOneIsMissing()
    {
        final byte[] wqe = new byte[192];
        wqe[0] = 0x01; // SEND, WQE_INDEX 0x0010
        wqe[3] = 0x10;
        wqe[6] = 0x07; // QPN 7
        wqe[7] = 9; // 9 units: 3 chunks
        wqe[191] = 42;
        at(1000, () ->
        {
            final long half0 = uar(2, UarLayout.blueFlameOffset(1, 0));
            for (int c = 0; c < 3; c++)
            {
                rc.mmioWrite(half0 + 64L * c, wqe, 64 * c, 64);
            }
            final long half1 = uar(2, UarLayout.blueFlameOffset(1, 1));
            rc.mmioWrite(half1, wqe, 0, 64);
            rc.mmioWrite(half1 + 128, wqe, 128, 64); // chunk 1 missing
        });
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        assertEquals("bf 7 19 192 42", log.get(0));
        assertEquals("send 7 19", log.get(1).substring(0, 9));
        assertEquals(1, unit.blueFlameWqes());
        assertEquals(1, unit.blueFlameUnusable());
    }
}
