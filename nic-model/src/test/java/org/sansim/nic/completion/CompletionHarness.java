package org.sansim.nic.completion;

import org.sansim.host.PhysicalMemory;
import org.sansim.hw.ArmCommand;
import org.sansim.hw.CqArmDoorbell;
import org.sansim.hw.CqDoorbellRecordDescriptor;
import org.sansim.hw.CqDoorbellRecordFlyweight;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.EqDoorbell;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
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
 * A host with memory, a PCIe link and a completion unit, on a second partition or the host's, plus a driver
 * written the way a real one is: it reads host memory only (owner bits, CQE and EQE fields),
 * writes the CQ doorbell record, and arms through MMIO doorbells that a stand-in register file on
 * the device decodes into {@link CompletionUnit#arm} and {@link CompletionUnit#eqDoorbell}.
 *
 * <p>The driver's polling allocates nothing once {@link #recordCqes} is off, so the allocation test
 * can run it.
 */
final class CompletionHarness
{
    static final int CQN = 5;
    static final int EQN = 1;
    static final int VECTOR = 3;
    static final long CQ_BASE = 0x10_0000;
    static final long DBR_PA = 0x8000;
    static final long EQ_BASE = 0x20_0000;
    static final int LOG_EQ_SIZE = 4;
    static final long MSIX_ADDRESS = 0x7000;
    static final int MSIX_DATA = 0x4000_0000 | VECTOR;
    static final long UAR_BASE = 0x1_0000_0000L;
    static final long CQ_ARM_DOORBELL = UAR_BASE + 0x20;
    static final long EQ_DOORBELL = UAR_BASE + 0x28;

    final Simulation sim = new Simulation();
    final Partition host;
    final Partition device;
    final PhysicalMemory memory = new PhysicalMemory("host0.memory", 1L << 24);
    final StatsRegistry stats = new StatsRegistry();
    final PcieLinkParams linkParams = PcieLinkParams.defaults();
    final PcieRootComplex rc;
    final PcieEndpoint endpoint;
    final CompletionUnit unit;
    final int logCqSize;

    // The driver's state and flyweights.
    final CqeFlyweight cqe = new CqeFlyweight();
    final EqeFlyweight eqe = new EqeFlyweight();
    final CqDoorbellRecordFlyweight dbr = new CqDoorbellRecordFlyweight();
    int consumerIndex;
    int eqConsumerIndex;
    int armSn;
    boolean recordCqes = true;
    /** CQEs polled, as {@code {qpn, wqeCounter, byteCount, immediate, opcode, syndrome, vendor, solicited, owner, wqeOpcode}}. */
    final java.util.List<int[]> polled = new java.util.ArrayList<>();
    long cqesPolled;
    long cqeChecksum;
    long interruptsSeen;
    long completionEqesSeen;
    /** Event types of EQEs seen, in order (recording only). */
    final java.util.List<int[]> eqesSeen = new java.util.ArrayList<>();

    CompletionHarness(final CompletionUnitParams params, final int logCqSize)
    {
        this(params, logCqSize, true);
    }

    /**
     * @param twoPartitions the NIC on its own partition (as in a real run), or with the host
     */
    CompletionHarness(final CompletionUnitParams params, final int logCqSize, final boolean twoPartitions)
    {
        this.logCqSize = logCqSize;
        host = sim.partition("host0");
        device = twoPartitions ? sim.partition("nic0") : host;
        final PcieLink link = PcieLink.connect(sim, "host0.pcie", linkParams, host, memory, device, stats);
        rc = link.rootComplex();
        endpoint = link.endpoint();
        unit = new CompletionUnit("nic0.completion", params, endpoint, stats);
        endpoint.mmioTarget(this::onMmio);
        // The driver's part of CREATE_EQ / CREATE_CQ: initialise the rings and the record.
        for (int i = 0; i < 1 << logCqSize; i++)
        {
            cqe.wrap(memory, CQ_BASE + (long)i * CqeDescriptor.LENGTH_BYTES).initialise();
        }
        for (int i = 0; i < 1 << LOG_EQ_SIZE; i++)
        {
            eqe.wrap(memory, EQ_BASE + (long)i * EqeDescriptor.LENGTH_BYTES).initialise();
        }
        dbr.wrap(memory, DBR_PA).clear();
        unit.createEq(EQN, EQ_BASE, LOG_EQ_SIZE, VECTOR);
        unit.createCq(CQN, CQ_BASE, logCqSize, EQN, DBR_PA);
        unit.msixEntry(VECTOR, MSIX_ADDRESS, MSIX_DATA, false);
        unit.eqDoorbell(EQN, 0, true); // the driver arms the EQ after CREATE_EQ
    }

    /** The stand-in register file: decodes the two doorbells the unit serves. */
    private void onMmio(final long address, final byte[] data, final int offset, final int lengthBytes)
    {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            value |= (data[offset + i] & 0xFFL) << (8 * i);
        }
        if (address == CQ_ARM_DOORBELL)
        {
            unit.arm(CqArmDoorbell.cqn(value), CqArmDoorbell.armSn(value),
                ArmCommand.of(CqArmDoorbell.armCommand(value)), CqArmDoorbell.consumerIndex(value));
        }
        else if (address == EQ_DOORBELL)
        {
            unit.eqDoorbell(EqDoorbell.eqn(value), EqDoorbell.consumerIndex(value), EqDoorbell.arm(value));
        }
        else
        {
            throw new IllegalStateException("MMIO write to an unknown register");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The driver (host partition).

    /** Polls the CQ until it is empty, then publishes the consumer index in the doorbell record. */
    int pollCq()
    {
        int n = 0;
        while (true)
        {
            cqe.wrap(memory, CQ_BASE + (long)(consumerIndex & ((1 << logCqSize) - 1)) * CqeDescriptor.LENGTH_BYTES);
            if (!cqe.softwareOwned(consumerIndex, logCqSize))
            {
                break;
            }
            if (recordCqes)
            {
                polled.add(new int[] {cqe.qpn(), cqe.wqeCounter(), cqe.byteCount(), cqe.immediate(), cqe.opcode(),
                    cqe.syndrome(), cqe.vendorSyndrome(), cqe.solicited() ? 1 : 0, cqe.owner() ? 1 : 0,
                    cqe.wqeOpcode()});
            }
            cqeChecksum = cqeChecksum * 31 + cqe.wqeCounter();
            cqesPolled++;
            consumerIndex = (consumerIndex + 1) & CompletionUnit.INDEX_MASK;
            n++;
        }
        if (n > 0)
        {
            dbr.wrap(memory, DBR_PA).consumerIndex(consumerIndex);
        }
        return n;
    }

    /** Arms the CQ: the arm word into the record, then the doorbell (HARDWARE.md 13). */
    void armCq(final ArmCommand command)
    {
        final int armWord = CqDoorbellRecordDescriptor.armWord(armSn, command, consumerIndex);
        dbr.wrap(memory, DBR_PA).armWord(armWord);
        rc.mmioWrite64(CQ_ARM_DOORBELL, CqArmDoorbell.encode(armWord, CQN));
    }

    /** Consumes every waiting EQE; completion events advance the driver's arm sequence number. */
    int pollEq()
    {
        int n = 0;
        while (true)
        {
            eqe.wrap(memory, EQ_BASE + (long)(eqConsumerIndex & ((1 << LOG_EQ_SIZE) - 1)) * EqeDescriptor.LENGTH_BYTES);
            if (!eqe.softwareOwned(eqConsumerIndex, LOG_EQ_SIZE))
            {
                break;
            }
            if (recordCqes)
            {
                eqesSeen.add(new int[] {eqe.eventType(), eqe.object(), eqe.syndrome()});
            }
            if (eqe.eventType() == org.sansim.hw.EqeType.COMPLETION.code())
            {
                completionEqesSeen++;
                armSn = (armSn + 1) & 3;
            }
            eqConsumerIndex = (eqConsumerIndex + 1) & CompletionUnit.INDEX_MASK;
            n++;
        }
        return n;
    }

    /** @return whether an interrupt message arrived since the last call (and clears it) */
    boolean takeInterrupt()
    {
        if (memory.getIntLE(MSIX_ADDRESS) == MSIX_DATA)
        {
            memory.putIntLE(MSIX_ADDRESS, 0);
            interruptsSeen++;
            return true;
        }
        return false;
    }

    /**
     * Starts the usual interrupt-driven loop: every {@code periodPs} the host checks for an
     * interrupt; on one it drains the EQ, polls the CQ, re-arms the CQ, polls once more, and re-arms
     * the EQ.
     */
    void startEventDrivenDriver(final long periodPs, final ArmCommand command)
    {
        final Event[] tick = new Event[1];
        tick[0] = Event.of("driver", Priority.DEFAULT, () ->
        {
            if (takeInterrupt())
            {
                pollEq();
                pollCq();
                armCq(command);
                pollCq();
                rc.mmioWrite64(EQ_DOORBELL, EqDoorbell.encode(true, eqConsumerIndex, EQN));
            }
            host.loop().schedule(tick[0], host.loop().nowPs() + periodPs);
        });
        atHost(0, () -> armCq(command));
        host.loop().schedule(tick[0], periodPs);
    }

    /** Polls the CQ every {@code periodPs} without interrupts. */
    void startPollingDriver(final long periodPs)
    {
        final Event[] tick = new Event[1];
        tick[0] = Event.of("poller", Priority.DEFAULT, () ->
        {
            pollCq();
            host.loop().schedule(tick[0], host.loop().nowPs() + periodPs);
        });
        host.loop().schedule(tick[0], periodPs);
    }

    // ---------------------------------------------------------------------------------------------
    // Scripting.

    /** A request for CQE number {@code i}: every field derived from {@code i}. */
    static CompletionRequest request(final CompletionRequest r, final int i)
    {
        return r.clear().cqn(CQN).qpn(0x100 + i).wqeCounter(i & 0xFFFF).byteCount(1000 + i).immediate(0x5EED_0000 + i)
            .wqeOpcode(i & 0xFF).opcode(i % 3 == 0 ? org.sansim.hw.CqeOpcode.RESPONDER_SEND_IMM
                : org.sansim.hw.CqeOpcode.REQUESTER);
    }

    void completeAt(final long timePs, final int first, final int count)
    {
        final CompletionRequest r = new CompletionRequest();
        atDevice(timePs, () ->
        {
            for (int i = first; i < first + count; i++)
            {
                if (!unit.complete(request(r, i)))
                {
                    throw new IllegalStateException("request FIFO full");
                }
            }
        });
    }

    void atDevice(final long timePs, final Runnable action)
    {
        device.loop().schedule(Event.of("device-script", Priority.DEFAULT, action), timePs);
    }

    void atHost(final long timePs, final Runnable action)
    {
        host.loop().schedule(Event.of("host-script", Priority.DEFAULT, action), timePs);
    }

    void run(final long endPs)
    {
        sim.run(endPs, new SingleThreadRunner());
    }

    boolean cqeOwnedAt(final long index)
    {
        cqe.wrap(memory, CQ_BASE + (index & ((1 << logCqSize) - 1)) * CqeDescriptor.LENGTH_BYTES);
        return cqe.softwareOwned(index, logCqSize);
    }

    boolean eqeOwnedAt(final long index)
    {
        eqe.wrap(memory, EQ_BASE + (index & ((1 << LOG_EQ_SIZE) - 1)) * EqeDescriptor.LENGTH_BYTES);
        return eqe.softwareOwned(index, LOG_EQ_SIZE);
    }
}
