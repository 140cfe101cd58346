package org.sansim.provider.driver.kernel;

import java.util.function.Consumer;
import org.sansim.host.FrameAllocator;
import org.sansim.host.PhysicalMemory;
import org.sansim.host.SimProcess;
import org.sansim.hw.CommandStatus;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.VendorSyndrome;
import org.sansim.nic.command.CommandProcessor;
import org.sansim.nic.command.CommandProcessorParams;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.completion.CompletionUnitParams;
import org.sansim.nic.doorbell.DoorbellUnit;
import org.sansim.nic.doorbell.DoorbellUnitParams;
import org.sansim.nic.translation.TranslationRequest;
import org.sansim.nic.translation.TranslationUnit;
import org.sansim.nic.translation.TranslationUnitParams;
import org.sansim.nic.translation.TranslationUse;
import org.sansim.nic.wqe.WorkRequest;
import org.sansim.nic.wqe.WorkRequestSink;
import org.sansim.nic.wqe.WqeFetcher;
import org.sansim.nic.wqe.WqeFetcherParams;
import org.sansim.pcie.PcieLink;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.sim.Event;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * A host (memory, kernel frames, one process) joined by PCIe to a NIC made of the real doorbell,
 * translation, completion, WQE-fetch and command blocks, with the kernel driver on the host.
 */
final class DriverHarness
{
    static final long BAR0 = 0xF000_0000L;
    static final long BAR2 = 0xF100_0000L;
    static final long MIB = 1L << 20;

    final Simulation sim = new Simulation();
    final Partition part = sim.partition("host0");
    final PhysicalMemory memory = new PhysicalMemory("host0.memory", 64 * MIB);
    final FrameAllocator kernelFrames = new FrameAllocator(0, 32 * MIB);
    final FrameAllocator userFrames = new FrameAllocator(32 * MIB, 32 * MIB);
    final SimProcess process = new SimProcess(7, "app", memory, userFrames);
    final StatsRegistry stats = new StatsRegistry();
    final PcieLink link;
    final DoorbellUnit doorbells;
    final TranslationUnit tu;
    final CompletionUnit cu;
    final WqeFetcher fetcher;
    final CommandProcessor nic;
    final KernelDriver driver;

    /** What a callback reported, and when. */
    record Result(DriverStatus status, CommandStatus commandStatus, int value, long atPs)
    {
    }

    DriverHarness()
    {
        this(CommandProcessorParams.defaults(), KernelDriverParams.defaults());
    }

    DriverHarness(final CommandProcessorParams nicParams, final KernelDriverParams driverParams)
    {
        link = PcieLink.connect(sim, "host0.pcie", PcieLinkParams.defaults(), part, memory, part, stats);
        doorbells = new DoorbellUnit("nic0.doorbell", DoorbellUnitParams.defaults(), part.loop(), BAR0, BAR2, stats);
        tu = new TranslationUnit("nic0.tu", TranslationUnitParams.defaults(), part.loop(), link.endpoint(), stats);
        cu = new CompletionUnit("nic0.cu", CompletionUnitParams.defaults(), link.endpoint(), stats);
        fetcher = new WqeFetcher("nic0.wqe", WqeFetcherParams.defaults(), part.loop(), link.endpoint(),
            new WorkRequestSink()
            {
                @Override
                public void onWorkRequest(final WorkRequest request)
                {
                }

                @Override
                public void onWqeError(final int qpn, final int wqeIndex, final CqeSyndrome syndrome,
                    final VendorSyndrome vendorSyndrome)
                {
                }
            }, stats);
        nic = new CommandProcessor("nic0.cmd", nicParams, link.endpoint(), doorbells, tu, cu, fetcher,
            memory.sizeBytes(), stats);
        link.endpoint().mmioTarget(doorbells);
        driver = new KernelDriver("host0.kdriver", driverParams, part.loop(), link.rootComplex(), kernelFrames, BAR0,
            stats);
    }

    long nowPs()
    {
        return part.loop().nowPs();
    }

    /** Starts {@code op} now, runs until nothing is left to do, and returns what its callback said. */
    Result call(final Consumer<DriverCallback> op)
    {
        final Result[] result = new Result[1];
        part.loop().schedule(Event.of("test", Priority.DEFAULT, () -> op.accept(
            (status, commandStatus, value) -> result[0] = new Result(status, commandStatus, value, nowPs()))),
            nowPs());
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        if (result[0] == null)
        {
            throw new AssertionError("the operation never called back");
        }
        return result[0];
    }

    /** Brings the device up with 2^10 MPT and 2^12 MTT entries, and checks it worked. */
    DriverHarness initialised()
    {
        final Result r = call(cb -> driver.initialise(10, 12, cb));
        if (r.status() != DriverStatus.OK)
        {
            throw new AssertionError("bring-up failed: " + r);
        }
        return this;
    }

    /** Translates through the NIC's translation unit and runs until it is done. */
    TranslationRequest translate(final int key, final long va, final int length, final int access, final int pd)
    {
        final TranslationRequest req = new TranslationRequest(64, r -> { });
        req.context(TranslationUse.REQUESTER_LOCAL, pd, 0);
        part.loop().schedule(Event.of("translate", Priority.DEFAULT,
            () -> tu.translate(key, va, length, access, req)), nowPs());
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
        return req;
    }
}
