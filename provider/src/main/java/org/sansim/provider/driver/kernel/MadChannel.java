package org.sansim.provider.driver.kernel;

import org.sansim.host.PhysicalMemory;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeFlyweight;
import org.sansim.hw.EqeType;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.hw.MadRecvEntryDescriptor;
import org.sansim.hw.MadRecvEntryFlyweight;
import org.sansim.hw.MadRingInputDescriptor;
import org.sansim.hw.MadRingInputFlyweight;
import org.sansim.hw.SendMadInputDescriptor;
import org.sansim.hw.SendMadInputFlyweight;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;

/**
 * The management datagram channel of QP1, the GSI (HARDWARE.md 15): the MAD receive ring, an EQ of
 * its own for {@code MAD_RECEIVED} events on an MSI-X vector of its own, and {@code SEND_MAD}.
 *
 * <p>{@link #open} allocates the ring with every entry's owner bit 1, takes a vector, creates the EQ,
 * issues {@code SET_MAD_RING} and arms the EQ; any failure frees what was taken. On each interrupt
 * the channel drains the EQ and, for each event, the ring (owner bit, then the entry), hands each MAD
 * to the {@link MadListener}, writes {@code MAD_RQ_CONSUMER} once after the ring's drain, then the
 * EQ's consumer index with the re-arm bit. Nothing runs while no MAD arrives.
 *
 * <p>Invariants: at most one channel is open or opening; the ring's consumer index only grows, and
 * the NIC is told it after every drain that took an entry.
 */
final class MadChannel
{
    /** log2 of the MAD EQ's entries. */
    private static final int LOG_MAD_EQ = 6;

    private final PhysicalMemory memory;
    private final DeviceMemory deviceMemory;
    private final DeviceMmio mmio;
    private final CommandInterface commands;
    private final EventQueues eventQueues;
    private final DeferredCallbacks callbacks;
    private final EqeFlyweight madEqe = new EqeFlyweight();
    private final MadRecvEntryFlyweight madEntry = new MadRecvEntryFlyweight();
    private MadListener madListener;
    private boolean madChannelOpening;
    private int madEqn = -1;
    private long madEqPa;
    private int madEqConsumer;
    private long madRingPa = -1;
    private int madRingLog;
    private int madRingConsumer;
    private int madVector = -1;

    private final Counter madsSent;
    private final Counter madsReceived;
    private final Counter madInterrupts;

    /**
     * @param deviceMemory where the ring comes from
     * @param mmio the driver's MMIO writes
     * @param commands the command interface
     * @param eventQueues the EQs and vectors
     * @param callbacks delivers outcomes
     * @param group the driver's stats group, where this registers its counters
     */
    MadChannel(final DeviceMemory deviceMemory, final DeviceMmio mmio, final CommandInterface commands,
        final EventQueues eventQueues, final DeferredCallbacks callbacks, final StatGroup group)
    {
        this.memory = deviceMemory.memory();
        this.deviceMemory = deviceMemory;
        this.mmio = mmio;
        this.commands = commands;
        this.eventQueues = eventQueues;
        this.callbacks = callbacks;
        madsSent = group.counter("madsSent", "count", "management datagrams handed to the NIC with SEND_MAD");
        madsReceived = group.counter("madsReceived", "count", "management datagrams taken from the receive ring");
        madInterrupts = group.counter("madInterrupts", "count", "interrupts of the MAD channel's EQ handled");
    }

    /** See {@link KernelDriver#openMadChannel}. */
    void open(final int logRingEntries, final MadListener listener, final DriverCallback callback)
    {
        if (!mmio.uarKnown() || madChannelOpening || madEqn >= 0 || logRingEntries < 0
            || logRingEntries > MadRingInputDescriptor.MAX_LOG_SIZE)
        {
            callbacks.after(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        final long bytes = (long)MadRecvEntryDescriptor.LENGTH_BYTES << logRingEntries;
        final long ring = deviceMemory.allocate(bytes);
        if (ring < 0)
        {
            callbacks.after(0, callback, DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        final int vector = eventQueues.allocateVector(this::onInterrupt);
        if (vector < 0)
        {
            deviceMemory.free(ring, bytes);
            callbacks.after(0, callback,
                vector == KernelDriver.NOT_READY ? DriverStatus.NOT_READY : DriverStatus.OUT_OF_MEMORY, null, 0);
            return;
        }
        for (long i = 0; i < 1L << logRingEntries; i++)
        {
            madEntry.wrap(memory, ring + i * MadRecvEntryDescriptor.LENGTH_BYTES).initialise();
        }
        madChannelOpening = true;
        eventQueues.createEq(LOG_MAD_EQ, vector, EqeType.MAD_RECEIVED.maskBit(), (status, commandStatus, eqn) ->
        {
            if (status != DriverStatus.OK)
            {
                madChannelOpening = false;
                deviceMemory.free(ring, bytes);
                eventQueues.freeVector(vector);
                callback.onDone(status, commandStatus, 0);
                return;
            }
            commands.command(CommandOpcode.SET_MAD_RING, (m, pa) -> new MadRingInputFlyweight().wrap(m, pa)
                .address(ring).logSize(logRingEntries).eqn(eqn), MailboxReader.NONE, (s2, cs2, v) ->
                {
                    madChannelOpening = false;
                    if (s2 != DriverStatus.OK)
                    {
                        deviceMemory.free(ring, bytes);
                        eventQueues.freeVector(vector);
                        callback.onDone(s2, cs2, 0);
                        return;
                    }
                    madListener = listener;
                    madEqn = eqn;
                    madEqPa = eventQueues.eq(eqn).ringPa();
                    madRingPa = ring;
                    madRingLog = logRingEntries;
                    madVector = vector;
                    mmio.eqDoorbell(eqn, madEqConsumer, true);
                    callback.onDone(s2, cs2, eqn);
                });
        });
    }

    /** See {@link KernelDriver#sendMad}. */
    void send(final long dstMac, final int dstIpv4, final int remoteQpn, final int qKey, final byte[] mad,
        final DriverCallback callback)
    {
        if (mad.length != SendMadInputDescriptor.MAD_BYTES)
        {
            callbacks.after(0, callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        final byte[] copy = mad.clone();
        madsSent.increment();
        commands.command(CommandOpcode.SEND_MAD, (m, pa) -> new SendMadInputFlyweight().wrap(m, pa)
            .dstMac(dstMac).dstIpv4(dstIpv4).remoteQpn(remoteQpn).qKey(qKey).writeMad(copy, 0),
            MailboxReader.NONE, callback);
    }

    /** The channel's interrupt: drains its EQ (and the ring for each event), then re-arms it. */
    private void onInterrupt()
    {
        madInterrupts.increment();
        while (true)
        {
            madEqe.wrap(memory, madEqPa + (long)(madEqConsumer & ((1 << LOG_MAD_EQ) - 1)) * EqeDescriptor.LENGTH_BYTES);
            if (!madEqe.softwareOwned(madEqConsumer, LOG_MAD_EQ))
            {
                break;
            }
            madEqConsumer++;
            if (madEqe.eventType() == EqeType.MAD_RECEIVED.code())
            {
                drainRing();
            }
        }
        mmio.eqDoorbell(madEqn, madEqConsumer, true);
    }

    private void drainRing()
    {
        boolean consumed = false;
        while (true)
        {
            madEntry.wrap(memory, madRingPa
                + (long)(madRingConsumer & ((1 << madRingLog) - 1)) * MadRecvEntryDescriptor.LENGTH_BYTES);
            if (!madEntry.softwareOwned(madRingConsumer & 0xFFFF_FFFFL, madRingLog))
            {
                break;
            }
            final byte[] mad = new byte[SendMadInputDescriptor.MAD_BYTES];
            madEntry.readMad(mad, 0, Math.min(mad.length, madEntry.madLength()));
            final long srcMac = madEntry.srcMac();
            final int srcIpv4 = madEntry.srcIpv4();
            final int srcQp = madEntry.srcQp();
            madRingConsumer++;
            consumed = true;
            madsReceived.increment();
            madListener.onMad(mad, srcMac, srcIpv4, srcQp);
        }
        if (consumed)
        {
            mmio.writeRegister(InitSegmentLayout.MAD_RQ_CONSUMER_OFFSET, madRingConsumer);
        }
    }

    /** @return management datagrams taken from the receive ring */
    long madsReceived()
    {
        return madsReceived.value();
    }

    /** @return management datagrams sent */
    long madsSent()
    {
        return madsSent.value();
    }

    /** @return the channel's EQ, or -1 before {@link #open} succeeded */
    int eqn()
    {
        return madEqn;
    }

    /** @return the channel's MSI-X vector, or -1 before {@link #open} succeeded */
    int vector()
    {
        return madVector;
    }
}
