package org.sansim.provider.driver.user;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.ArmCommand;
import org.sansim.hw.CqDoorbellRecordFlyweight;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
import org.sansim.hw.QpDoorbellRecordFlyweight;
import org.sansim.hw.UarLayout;
import org.sansim.hw.VendorSyndrome;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.completion.CompletionUnitParams;
import org.sansim.nic.doorbell.DoorbellUnit;
import org.sansim.nic.doorbell.DoorbellUnitParams;
import org.sansim.nic.wqe.WorkRequest;
import org.sansim.nic.wqe.WorkRequestSink;
import org.sansim.nic.wqe.WqeFetcher;
import org.sansim.nic.wqe.WqeFetcherParams;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.PcieEndpoint;
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
 * A host (memory, PCIe root complex) linked to a NIC made of a {@link DoorbellUnit}, a
 * {@link WqeFetcher} and a {@link CompletionUnit}, configured directly (no command interface) for
 * one QP and one CQ. The driver under test talks to it only through host memory and MMIO.
 *
 * <p>The work-request sink stands in for the transport: it records each WorkRequest with its
 * arrival time and, for a WQE with a gather list, reads the first SGE's bytes by DMA (addresses
 * are used as physical addresses: this NIC has no translation unit) to time when the payload is on
 * the NIC.
 */
final class DriverHarness implements WorkRequestSink, DmaReadCompletion
{
    static final long BAR0 = 0xF000_0000L;
    static final long BAR2 = 0xF100_0000L;
    static final int UAR_PAGE = 1;
    static final long UAR = BAR2 + (long)UAR_PAGE * UarLayout.LENGTH_BYTES;
    static final int QPN = 0x123;
    static final int CQN = 5;
    static final int EQN = 1;
    static final int VECTOR = 3;
    static final long SQ_BASE = 0x10_0000;
    static final long RQ_BASE = 0x12_0000;
    static final long QP_DBR = 0x8000;
    static final long CQ_DBR = 0x8040;
    static final long CQ_BASE = 0x14_0000;
    static final long EQ_BASE = 0x16_0000;
    static final int LOG_EQ_SIZE = 4;
    static final long MSIX_ADDRESS = 0x7000;
    static final long PAYLOAD = 0x20_0000;
    static final int LOG_RQ_SIZE = 4;
    static final int LOG_RQ_STRIDE = 6;

    final Simulation sim;
    final Partition part;
    final PhysicalMemory memory = new PhysicalMemory("host0.memory", 1L << 23);
    final StatsRegistry stats = new StatsRegistry();
    final PcieRootComplex rc;
    final PcieEndpoint endpoint;
    final DoorbellUnit doorbells;
    final WqeFetcher fetcher;
    final CompletionUnit completion;
    final int logSqBlocks;
    final int logCqSize;
    final CpuMeter meter = new CpuMeter();
    final UserQueuePair qp;
    final UserCompletionQueue cq;

    /** What reached the sink. */
    final List<Seen> seen = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    boolean record = true;
    long delivered;
    long lastDeliveredPs;
    long payloadReadyPs;
    private final byte[] payload = new byte[4096];

    /** A copy of a {@link WorkRequest} and its arrival time. */
    record Seen(long atPs, int qpn, int wqeIndex, String opcode, int units, boolean fence, boolean solicited,
        boolean signalled, int immediate, long remoteAddress, int rkey, long swapAdd, long compare, long[] sges,
        byte[] inline, long messageLength, boolean blueFlame)
    {
    }

    DriverHarness(final int logSqBlocks, final int logCqSize, final HostCpuCosts costs)
    {
        this(logSqBlocks, logCqSize, costs, new Simulation());
    }

    DriverHarness(final int logSqBlocks, final int logCqSize, final HostCpuCosts costs, final Simulation simulation)
    {
        this.logSqBlocks = logSqBlocks;
        this.logCqSize = logCqSize;
        sim = simulation;
        part = sim.partition("host0");
        final PcieLink link = PcieLink.connect(sim, "host0.pcie", PcieLinkParams.defaults(), part, memory, part, stats);
        rc = link.rootComplex();
        endpoint = link.endpoint();
        doorbells = new DoorbellUnit("nic0.doorbell", DoorbellUnitParams.defaults(), part.loop(), BAR0, BAR2, stats);
        fetcher = new WqeFetcher("nic0.wqe", WqeFetcherParams.defaults(), part.loop(), endpoint, this, stats);
        completion = new CompletionUnit("nic0.completion", CompletionUnitParams.defaults(), endpoint, stats);
        doorbells.sendDoorbellListener(fetcher).blueFlameListener(fetcher)
            .cqArmListener((c, sn, cmd, ci) -> completion.arm(c, sn, ArmCommand.of(cmd), ci));
        endpoint.mmioTarget(doorbells);

        // What the kernel driver would do at CREATE_QP / CREATE_CQ / CREATE_EQ time.
        new QpDoorbellRecordFlyweight().wrap(memory, QP_DBR).clear();
        new CqDoorbellRecordFlyweight().wrap(memory, CQ_DBR).clear();
        final CqeFlyweight cqe = new CqeFlyweight();
        for (int i = 0; i < 1 << logCqSize; i++)
        {
            cqe.wrap(memory, CQ_BASE + (long)i * CqeDescriptor.LENGTH_BYTES).initialise();
        }
        final EqeFlyweight eqe = new EqeFlyweight();
        for (int i = 0; i < 1 << LOG_EQ_SIZE; i++)
        {
            eqe.wrap(memory, EQ_BASE + (long)i * EqeDescriptor.LENGTH_BYTES).initialise();
        }
        fetcher.configureSendQueue(QPN, SQ_BASE, logSqBlocks, QP_DBR);
        fetcher.requestMore(QPN, Long.MAX_VALUE);
        completion.createEq(EQN, EQ_BASE, LOG_EQ_SIZE, VECTOR);
        completion.createCq(CQN, CQ_BASE, logCqSize, EQN, CQ_DBR);
        completion.msixEntry(VECTOR, MSIX_ADDRESS, VECTOR, false);
        completion.eqDoorbell(EQN, 0, true);

        qp = new UserQueuePair(memory, rc, new QueuePairLayout(QPN, SQ_BASE, logSqBlocks, RQ_BASE, LOG_RQ_SIZE,
            LOG_RQ_STRIDE, QP_DBR, UAR, 2, WqeFetcherParams.defaults().maxInlineBytes(),
            WqeFetcherParams.defaults().maxSendWqeUnits()), costs, meter);
        cq = new UserCompletionQueue(memory, rc, CQN, CQ_BASE, logCqSize, CQ_DBR, UAR, 4, costs, meter).attach(qp);
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

    /** Runs {@code action} as the host at the current time plus 1 ns, then runs the simulation dry. */
    void host(final Runnable action)
    {
        at(nowPs() + 1_000, action);
        run();
    }

    /** The NIC writes a CQE (from an event on its partition), then the simulation runs dry. */
    void nicCompletes(final org.sansim.nic.completion.CompletionRequest request)
    {
        at(nowPs() + 1_000, () -> completion.complete(request));
        run();
    }

    static org.sansim.nic.completion.CompletionRequest requester(final int wqeCounter, final int opcode,
        final int bytes)
    {
        return new org.sansim.nic.completion.CompletionRequest().clear().cqn(CQN)
            .opcode(org.sansim.hw.CqeOpcode.REQUESTER).wqeOpcode(opcode).qpn(QPN).wqeCounter(wqeCounter)
            .byteCount(bytes);
    }

    @Override
    public void onWorkRequest(final WorkRequest r)
    {
        delivered++;
        lastDeliveredPs = nowPs();
        if (r.inline() || r.sgeCount() == 0)
        {
            payloadReadyPs = nowPs();
        }
        else
        {
            endpoint.dmaRead(r.sgeAddress(0), Math.min(r.sgeByteCount(0), payload.length), payload, 0, this, 0);
        }
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
            r.messageLength(), r.blueFlame()));
    }

    @Override
    public void onWqeError(final int qpn, final int wqeIndex, final CqeSyndrome syndrome,
        final VendorSyndrome vendorSyndrome)
    {
        errors.add(qpn + "/" + wqeIndex + ":" + syndrome + "/" + vendorSyndrome);
    }

    @Override
    public void dmaReadDone(final long cookie)
    {
        payloadReadyPs = nowPs();
    }
}
