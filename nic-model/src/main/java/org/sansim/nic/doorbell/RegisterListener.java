package org.sansim.nic.doorbell;

/**
 * Told of each write to BAR 0 (the initialisation segment and the MSI-X structures, HARDWARE.md 3):
 * the command processor and the interrupt logic own those registers.
 */
@FunctionalInterface
public interface RegisterListener
{
    /**
     * Handles a BAR 0 write.
     *
     * @param offset the byte offset in BAR 0
     * @param value the written value: big-endian for the initialisation segment (offsets below
     *     {@link org.sansim.hw.InitSegmentLayout#MSIX_TABLE_OFFSET}), little-endian for the MSI-X
     *     table and pending-bit array, as the PCI specification fixes them; only the low
     *     {@code lengthBytes} bytes are meaningful
     * @param lengthBytes bytes written, 1 to 8
     */
    void onRegisterWrite(int offset, long value, int lengthBytes);
}
