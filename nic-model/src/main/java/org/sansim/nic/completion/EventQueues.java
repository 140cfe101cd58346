package org.sansim.nic.completion;

import static org.sansim.nic.completion.CompletionUnit.INDEX_MASK;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.sansim.hw.EqeDescriptor;
import org.sansim.hw.EqeType;
import org.sansim.hw.OwnerBit;
import org.sansim.pcie.PcieEndpoint;

/**
 * The completion unit's EQs and MSI-X vectors (HARDWARE.md 10). An EQE is written at the EQ's producer
 * index with the owner-bit rule, in one 64-byte DMA write, unless the EQ does not exist or is full by
 * the consumer index of the last {@link #eqDoorbell} (the event is then dropped and counted in
 * {@code eqOverflow}). EQs start disarmed. An armed EQ that receives an EQE is disarmed and raises its
 * vector: a posted 4-byte DMA write of the vector's message data (little-endian) to its message
 * address, from the unit's copy of the MSI-X table ({@link #msixEntry}); PCIe ordering makes it arrive
 * after the EQE. A masked vector (every vector out of reset) records a pending interrupt instead and
 * fires when unmasked.
 *
 * <p>Configuration errors (numbers out of range, an EQ that exists, misalignment) throw
 * {@link IllegalArgumentException} or {@link IllegalStateException} naming the unit. Writing an event
 * allocates nothing.
 */
final class EventQueues
{
    private static final int MSIX_DATA_BYTES = 4;

    private final String name;
    private final CompletionUnitParams params;
    private final PcieEndpoint endpoint;
    private final CompletionStats stats;
    private final EqContext[] eqs;
    private final long[] msixAddress;
    private final int[] msixData;
    private final boolean[] msixMasked;
    private final boolean[] msixPending;
    private final byte[] eqeBytes = new byte[EqeDescriptor.LENGTH_BYTES];
    private final ByteBuffer eqeView = ByteBuffer.wrap(eqeBytes);
    private final byte[] msixBytes = new byte[MSIX_DATA_BYTES];
    private final ByteBuffer msixView = ByteBuffer.wrap(msixBytes).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * @param name the unit's name, for error messages
     * @param params the unit's parameters, validated ({@code maxEqs}, {@code maxLogEqSize},
     *     {@code msixVectors})
     * @param endpoint the device's end of the PCIe link, for the EQE and MSI-X writes
     * @param stats the unit's statistics
     */
    EventQueues(final String name, final CompletionUnitParams params, final PcieEndpoint endpoint,
        final CompletionStats stats)
    {
        this.name = name;
        this.params = params;
        this.endpoint = endpoint;
        this.stats = stats;
        eqs = new EqContext[params.maxEqs()];
        msixAddress = new long[params.msixVectors()];
        msixData = new int[params.msixVectors()];
        msixMasked = new boolean[params.msixVectors()];
        Arrays.fill(msixMasked, true); // PCI: vectors come out of reset masked
        msixPending = new boolean[params.msixVectors()];
    }

    /**
     * Creates an EQ, disarmed ({@link CompletionUnit#createEq(int, long, int, int, int)}).
     *
     * @param eqn the EQ number, below {@code maxEqs}, not in use
     * @param basePa its ring's physical address, 64-byte aligned
     * @param logSize log2 of its entries
     * @param msixVector the vector it raises
     * @param eventMask the event types it takes among those routed by type
     */
    void createEq(final int eqn, final long basePa, final int logSize, final int msixVector, final int eventMask)
    {
        if (eqn < 0 || eqn >= eqs.length)
        {
            throw new IllegalArgumentException(name + ": EQN " + eqn + " outside 0.." + (eqs.length - 1));
        }
        if (eqs[eqn] != null && eqs[eqn].valid)
        {
            throw new IllegalStateException(name + ": EQ " + eqn + " already exists");
        }
        if (logSize < 0 || logSize > params.maxLogEqSize())
        {
            throw new IllegalArgumentException(name + ": EQ log size " + logSize + " outside 0.."
                + params.maxLogEqSize());
        }
        if (msixVector < 0 || msixVector >= msixAddress.length)
        {
            throw new IllegalArgumentException(name + ": MSI-X vector " + msixVector + " outside 0.."
                + (msixAddress.length - 1));
        }
        if (basePa < 0 || (basePa & (EqeDescriptor.LENGTH_BYTES - 1)) != 0)
        {
            throw new IllegalArgumentException(name + ": EQ " + eqn + " ring misaligned");
        }
        EqContext eq = eqs[eqn];
        if (eq == null)
        {
            eq = new EqContext();
            eqs[eqn] = eq;
        }
        eq.valid = true;
        eq.basePa = basePa;
        eq.logSize = logSize;
        eq.msixVector = msixVector;
        eq.eventMask = eventMask;
        eq.producerIndex = 0;
        eq.consumerIndex = 0;
        eq.armed = false;
    }

    /**
     * Checks that an EQ exists.
     *
     * @param eqn the EQ
     * @param user who names it, for the message
     * @throws IllegalArgumentException if it does not
     */
    void requireEq(final int eqn, final String user)
    {
        eq(eqn, user);
    }

    /**
     * One entry of the MSI-X table ({@link CompletionUnit#msixEntry}); unmasking a vector with a
     * pending interrupt fires it now.
     *
     * @param vector the vector, below {@code msixVectors}
     * @param messageAddress the message address
     * @param messageData the message data
     * @param masked the mask bit
     */
    void msixEntry(final int vector, final long messageAddress, final int messageData, final boolean masked)
    {
        if (vector < 0 || vector >= msixAddress.length)
        {
            throw new IllegalArgumentException(name + ": MSI-X vector " + vector + " outside 0.."
                + (msixAddress.length - 1));
        }
        msixAddress[vector] = messageAddress;
        msixData[vector] = messageData;
        msixMasked[vector] = masked;
        if (!masked && msixPending[vector])
        {
            msixPending[vector] = false;
            sendMsix(vector);
        }
    }

    /**
     * An EQ doorbell ({@link CompletionUnit#eqDoorbell}): the consumer index and, with {@code arm}, the
     * re-arming of the interrupt, which fires at once if EQEs wait past the consumer index.
     *
     * @param eqn an existing EQ
     * @param consumerIndex the driver's consumer index, 24 bits
     * @param arm whether to re-arm
     */
    void eqDoorbell(final int eqn, final int consumerIndex, final boolean arm)
    {
        final EqContext eq = eq(eqn, "EQ doorbell");
        eq.consumerIndex = consumerIndex & INDEX_MASK;
        if (arm)
        {
            if (eq.producerIndex != eq.consumerIndex)
            {
                eq.armed = false;
                raise(eq.msixVector);
            }
            else
            {
                eq.armed = true;
            }
        }
    }

    /**
     * Writes an event to an EQ number that may be out of range ({@link CompletionUnit#postEvent}).
     *
     * @param eqn the EQ
     * @param type the event type
     * @param object the EQE's {@code OBJECT}, 24 bits kept
     * @param syndrome the EQE's {@code SYNDROME}
     */
    void postEvent(final int eqn, final EqeType type, final int object, final int syndrome)
    {
        if (eqn < 0 || eqn >= eqs.length)
        {
            stats.eqOverflow.increment();
            return;
        }
        writeEqe(eqn, type, object, syndrome, 0);
    }

    /**
     * Posts a {@code COMMAND_COMPLETION} event to the lowest-numbered EQ whose event mask takes it.
     *
     * @param slot the command queue slot
     * @param status the {@code CommandStatus} code
     * @param token the command header's token
     * @return whether an EQ took it
     */
    boolean postCommandCompletion(final int slot, final int status, final int token)
    {
        final int bit = 1 << EqeType.COMMAND_COMPLETION.code();
        for (int eqn = 0; eqn < eqs.length; eqn++)
        {
            final EqContext eq = eqs[eqn];
            if (eq != null && eq.valid && (eq.eventMask & bit) != 0)
            {
                return writeEqe(eqn, EqeType.COMMAND_COMPLETION, slot, status, token);
            }
        }
        return false;
    }

    /**
     * Writes an EQE and raises the EQ's vector if it is armed; drops the event if the EQ does not
     * exist or is full.
     *
     * @param eqn the EQ, in range
     * @param type the event type
     * @param object the EQE's {@code OBJECT}, 24 bits kept
     * @param syndrome the EQE's {@code SYNDROME}
     * @param token the EQE's {@code TOKEN}
     * @return whether it was written
     */
    boolean writeEqe(final int eqn, final EqeType type, final int object, final int syndrome, final int token)
    {
        final EqContext eq = eqs[eqn];
        if (eq == null || !eq.valid || ((eq.producerIndex - eq.consumerIndex) & INDEX_MASK) >= 1 << eq.logSize)
        {
            stats.eqOverflow.increment();
            return false;
        }
        Arrays.fill(eqeBytes, (byte)0);
        eqeView.put(EqeDescriptor.EVENT_TYPE_OFFSET, (byte)type.code());
        eqeView.putInt(EqeDescriptor.OBJECT_OFFSET, object & EqeDescriptor.OBJECT_MASK);
        eqeView.put(EqeDescriptor.SYNDROME_OFFSET, (byte)syndrome);
        eqeView.put(EqeDescriptor.TOKEN_OFFSET, (byte)token);
        eqeView.put(EqeDescriptor.OWNER_OFFSET,
            (byte)(OwnerBit.expected(eq.producerIndex, eq.logSize) << EqeDescriptor.OWNER_SHIFT));
        endpoint.dmaWrite(eq.basePa + (long)OwnerBit.slot(eq.producerIndex, eq.logSize) * EqeDescriptor.LENGTH_BYTES,
            eqeBytes, 0, eqeBytes.length);
        eq.producerIndex = (eq.producerIndex + 1) & INDEX_MASK;
        stats.eqesWritten.increment();
        if (eq.armed)
        {
            eq.armed = false;
            raise(eq.msixVector);
        }
        return true;
    }

    private void raise(final int vector)
    {
        if (msixMasked[vector])
        {
            msixPending[vector] = true;
            stats.interruptsDeferred.increment();
            return;
        }
        sendMsix(vector);
    }

    private void sendMsix(final int vector)
    {
        msixView.putInt(0, msixData[vector]);
        endpoint.dmaWrite(msixAddress[vector], msixBytes, 0, MSIX_DATA_BYTES);
        stats.interrupts.increment();
    }

    private EqContext eq(final int eqn, final String user)
    {
        if (eqn < 0 || eqn >= eqs.length || eqs[eqn] == null || !eqs[eqn].valid)
        {
            throw new IllegalArgumentException(name + ": " + user + " names EQ " + eqn + ", which does not exist");
        }
        return eqs[eqn];
    }
}
