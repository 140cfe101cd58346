package org.sansim.provider.driver.kernel;

import org.sansim.hw.EqDoorbell;
import org.sansim.hw.InitSegmentLayout;
import org.sansim.hw.UarLayout;
import org.sansim.pcie.PcieRootComplex;

/**
 * The kernel driver's MMIO writes to the NIC, through the {@link PcieRootComplex}: the big-endian
 * registers of the initialisation segment and the MSI-X table in BAR 0 (HARDWARE.md 3, 10.3), and
 * the EQ doorbell of UAR page 0 in BAR 2 (HARDWARE.md 4.3). Posted writes reach the NIC in the
 * order they are made; the model has no MMIO reads.
 *
 * <p>Stateless apart from the two BAR addresses; allocates nothing.
 */
final class DeviceMmio
{
    private final String name;
    private final PcieRootComplex rc;
    private final long bar0Address;
    private final long bar2Address;

    /**
     * @param name the driver's component path, for error messages
     * @param rc the host's end of the NIC's PCIe link
     * @param bar0Address bus address of the NIC's BAR 0
     * @param bar2Address bus address of the NIC's BAR 2; -1 if unknown (then {@link #eqDoorbell} throws)
     */
    DeviceMmio(final String name, final PcieRootComplex rc, final long bar0Address, final long bar2Address)
    {
        this.name = name;
        this.rc = rc;
        this.bar0Address = bar0Address;
        this.bar2Address = bar2Address;
    }

    /** @return whether BAR 2's address is known, so that the driver may ring EQ doorbells */
    boolean uarKnown()
    {
        return bar2Address >= 0;
    }

    /** Writes a 32-bit big-endian register: the CPU's little-endian store of the byte-swapped value. */
    void writeRegister(final int offset, final int value)
    {
        rc.mmioWrite32(bar0Address + offset, Integer.reverseBytes(value));
    }

    /** Writes the {@code _HI} register at {@code hiOffset}, then the {@code _LO} one that latches. */
    void writeRegister64(final int hiOffset, final long value)
    {
        writeRegister(hiOffset, (int)(value >>> Integer.SIZE));
        writeRegister(hiOffset + Integer.BYTES, (int)value);
    }

    /**
     * Writes one MSI-X table entry (little-endian, PCI layout), vector control last when unmasking
     * and first when masking, so that the vector is never live with a half-written entry.
     *
     * <pre>
     *  entry (16 bytes, at MSIX_TABLE_OFFSET + vector * 16)
     *  +0  message address, low dword
     *  +4  message address, high dword
     *  +8  message data
     *  +12 vector control (bit 0: masked)
     * </pre>
     */
    void writeMsixEntry(final int vector, final long address, final int data, final boolean masked)
    {
        final long entry = bar0Address + InitSegmentLayout.MSIX_TABLE_OFFSET
            + (long)vector * InitSegmentLayout.MSIX_ENTRY_BYTES;
        if (masked)
        {
            rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_VECTOR_CONTROL, 1);
        }
        rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_ADDRESS_LO, (int)address);
        rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_ADDRESS_HI, (int)(address >>> Integer.SIZE));
        rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_DATA, data);
        if (!masked)
        {
            rc.mmioWrite32(entry + InitSegmentLayout.MSIX_ENTRY_VECTOR_CONTROL, 0);
        }
    }

    /**
     * Rings an EQ's doorbell in UAR page 0: reports the consumer index and, with {@code arm}, re-arms
     * the EQ's interrupt.
     *
     * @throws IllegalStateException if BAR 2's address is unknown
     */
    void eqDoorbell(final int eqn, final int consumerIndex, final boolean arm)
    {
        if (bar2Address < 0)
        {
            throw new IllegalStateException(name + ": the address of BAR 2 is unknown");
        }
        rc.mmioWrite64(bar2Address + UarLayout.EQ_DOORBELL_OFFSET,
            Long.reverseBytes(EqDoorbell.encode(arm, consumerIndex, eqn)));
    }
}
