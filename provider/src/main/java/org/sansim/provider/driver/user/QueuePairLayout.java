package org.sansim.provider.driver.user;

import org.sansim.hw.ReceiveWqeDescriptor;
import org.sansim.hw.UarLayout;
import org.sansim.hw.WqeLayout;

/**
 * What the kernel-mode driver hands the user-mode driver for one QP: where its rings, doorbell record
 * and UAR page are, and the device limits that apply. Addresses are physical (bus) addresses.
 *
 * @param qpn the QP number, 24 bits
 * @param sqBasePa the send ring, 2^{@code logSqBlocks} basic blocks of 64 bytes, 4 KiB aligned
 * @param logSqBlocks log2 of the send ring's size in basic blocks, at most 15
 * @param rqBasePa the receive ring, 2^{@code logRqSize} WQEs of 2^{@code logRqStride} bytes
 * @param logRqSize log2 of the number of receive WQEs
 * @param logRqStride log2 of a receive WQE's size in bytes, 4 to 10
 * @param doorbellRecordPa the QP doorbell record (HARDWARE.md 8.1), 8-byte aligned
 * @param uarAddress bus address of the UAR page the QP is rung through
 * @param blueFlameRegister the BlueFlame register of that page assigned to the QP, 0 to 3
 * @param maxInlineBytes the device's {@code MAX_INLINE_BYTES}
 * @param maxSendWqeUnits the device's {@code MAX_SEND_WQE_UNITS}
 */
public record QueuePairLayout(int qpn, long sqBasePa, int logSqBlocks, long rqBasePa, int logRqSize,
    int logRqStride, long doorbellRecordPa, long uarAddress, int blueFlameRegister, int maxInlineBytes,
    int maxSendWqeUnits)
{
    /** Checks the ranges. */
    public QueuePairLayout
    {
        if (logSqBlocks < 0 || logSqBlocks > WqeLayout.MAX_LOG_RING_SIZE || logRqSize < 0
            || logRqSize > WqeLayout.MAX_LOG_RING_SIZE || logRqStride < ReceiveWqeDescriptor.MIN_LOG_STRIDE
            || logRqStride > ReceiveWqeDescriptor.MAX_LOG_STRIDE || blueFlameRegister < 0
            || blueFlameRegister >= UarLayout.BLUEFLAME_REGISTER_COUNT || maxInlineBytes < 0 || maxSendWqeUnits < 1
            || (qpn & ~0xFF_FFFF) != 0)
        {
            throw new IllegalArgumentException("QPN " + qpn + ": a size, stride, BlueFlame register or limit is out of range");
        }
    }
}
