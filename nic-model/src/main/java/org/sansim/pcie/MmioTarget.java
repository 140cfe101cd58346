package org.sansim.pcie;

/**
 * The device side of host MMIO: what a device implements to receive the posted memory writes the
 * host sends to its BARs (doorbells, write-combined WQEs).
 *
 * <p>Called on the device's partition at the write's arrival time, in the order the host issued the
 * writes. The bytes are valid only during the call.
 */
@FunctionalInterface
public interface MmioTarget
{
    /**
     * Handles one posted write TLP.
     *
     * @param address the bus address the host wrote (the device decodes its BAR and offset)
     * @param data holds the written bytes, PCIe (little-endian) byte order
     * @param offset index of the first byte in {@code data}
     * @param lengthBytes number of bytes written, 1 to max payload size
     */
    void mmioWrite(long address, byte[] data, int offset, int lengthBytes);
}
