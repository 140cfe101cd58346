package org.sansim.pcie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.host.InterruptController;
import org.sansim.host.InterruptControllerParams;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
import org.sansim.hw.EqeType;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.completion.CompletionUnitParams;
import org.sansim.sim.Event;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;

/**
 * The root complex routes the NIC's MSI-X writes to the host's interrupt controller: a completion
 * unit on its own partition raises a vector programmed with an address in the MSI window, and the
 * handler registered for it runs exactly the delivery latency after the write's arrival.
 */
class MsiRoutingTest
{
    private static final long LATENCY_PS = 850_000;
    private static final int EQN = 2;
    private static final int VECTOR = 6;
    private static final int LOG_EQ = 3;
    private static final long EQ_BASE = 0x4_0000;

    private final Simulation sim = new Simulation();
    private final Partition host = sim.partition("host0");
    private final Partition device = sim.partition("nic0");
    private final PhysicalMemory memory = new PhysicalMemory("host0.memory", 1L << 24);
    private final StatsRegistry stats = new StatsRegistry();
    private final PcieLink link = PcieLink.connect(sim, "host0.pcie", PcieLinkParams.defaults(), host, memory, device,
        new InterruptControllerParams(LATENCY_PS), stats);
    private final PcieRootComplex rc = link.rootComplex();
    private final CompletionUnit unit = new CompletionUnit("nic0.cu", CompletionUnitParams.defaults(), link.endpoint(),
        stats);
    private final List<Long> msiArrivalsPs = new ArrayList<>();
    private final List<Long> handlerRunsPs = new ArrayList<>();

    MsiRoutingTest()
    {
        final EqeFlyweight eqe = new EqeFlyweight();
        for (int i = 0; i < 1 << LOG_EQ; i++)
        {
            eqe.wrap(memory, EQ_BASE + (long)i * EqeDescriptor.LENGTH_BYTES).initialise();
        }
        unit.createEq(EQN, EQ_BASE, LOG_EQ, VECTOR);
        rc.observeUpstream(m ->
        {
            if (m.kind() == Tlp.MEMORY_WRITE && InterruptController.inMsiWindow(m.word0()))
            {
                msiArrivalsPs.add(host.loop().nowPs());
            }
        });
        rc.interruptController().register(VECTOR, () -> handlerRunsPs.add(host.loop().nowPs()));
    }

    private void onDevice(final long atPs, final Runnable action)
    {
        device.loop().schedule(Event.of("test", Priority.DEFAULT, action), atPs);
    }

    private void run()
    {
        sim.run(Long.MAX_VALUE, new SingleThreadRunner());
    }

    @Test
    void shouldRunTheHandlerTheDeliveryLatencyAfterTheMsixWriteArrives()
    {
        onDevice(0, () ->
        {
            unit.msixEntry(VECTOR, InterruptController.MSI_WINDOW_BASE, VECTOR, false);
            unit.eqDoorbell(EQN, 0, true);
        });
        onDevice(1_000_000, () -> unit.postEvent(EQN, EqeType.QP_ERROR, 77, 0));
        onDevice(9_000_000, () -> unit.eqDoorbell(EQN, 1, true));
        onDevice(9_500_000, () -> unit.postEvent(EQN, EqeType.QP_ERROR, 78, 0));
        run();
        assertEquals(2, msiArrivalsPs.size());
        assertEquals(List.of(msiArrivalsPs.get(0) + LATENCY_PS, msiArrivalsPs.get(1) + LATENCY_PS), handlerRunsPs);
        assertEquals(2, rc.interruptController().delivered(VECTOR));
        assertEquals(2, unit.interrupts());
        // The message went to the controller, not to memory.
        assertEquals(0, memory.getIntLE(0));
    }

    @Test
    void shouldHoldAMaskedVectorPendingAndFireItOnUnmasking()
    {
        onDevice(0, () ->
        {
            unit.msixEntry(VECTOR, InterruptController.MSI_WINDOW_BASE, VECTOR, true);
            unit.eqDoorbell(EQN, 0, true);
        });
        onDevice(1_000_000, () -> unit.postEvent(EQN, EqeType.QP_ERROR, 77, 0));
        onDevice(20_000_000, () -> unit.msixEntry(VECTOR, InterruptController.MSI_WINDOW_BASE, VECTOR, false));
        run();
        assertEquals(1, msiArrivalsPs.size());
        // Nothing left the NIC while the vector was masked.
        assertEquals(true, msiArrivalsPs.get(0) > 20_000_000);
        assertEquals(List.of(msiArrivalsPs.get(0) + LATENCY_PS), handlerRunsPs);
        assertEquals(1, unit.interrupts());
    }

    @Test
    void shouldCountAVectorWithoutHandlerAsSpurious()
    {
        rc.interruptController().unregister(VECTOR);
        onDevice(0, () ->
        {
            unit.msixEntry(VECTOR, InterruptController.MSI_WINDOW_BASE, VECTOR, false);
            unit.eqDoorbell(EQN, 0, true);
        });
        onDevice(1_000_000, () -> unit.postEvent(EQN, EqeType.QP_ERROR, 77, 0));
        run();
        assertEquals(1, msiArrivalsPs.size());
        assertEquals(1, rc.interruptController().spurious());
        assertEquals(List.of(), handlerRunsPs);
    }

    @Test
    void shouldRefuseAWriteToTheMsiWindowThatIsNotAnInterruptMessage()
    {
        onDevice(0, () -> link.endpoint().dmaWrite(InterruptController.MSI_WINDOW_BASE, new byte[8], 0, 8));
        assertThrows(IllegalStateException.class, this::run);
    }
}
