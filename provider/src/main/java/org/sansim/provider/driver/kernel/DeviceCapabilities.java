package org.sansim.provider.driver.kernel;

/**
 * What {@code QUERY_DEVICE} reported at bring-up (HARDWARE.md 5.5), the fields the driver uses.
 *
 * @param logMaxQp log2 of the number of QPs
 * @param logMaxCq log2 of the number of CQs
 * @param logMaxEq log2 of the number of EQs
 * @param logMaxMkey log2 of the largest MPT table
 * @param logMaxMtt log2 of the largest MTT table
 * @param logMaxCqes log2 of the largest CQ
 * @param maxRdAtomic largest initiator depth
 * @param maxDestRdAtomic most responder resources
 * @param maxInlineBytes most inline bytes in a send WQE
 * @param maxPathMtu largest {@code PathMtu} code
 * @param uarCount UAR pages
 * @param msixVectors MSI-X vectors
 * @param blueFlame whether BlueFlame is implemented
 */
public record DeviceCapabilities(int logMaxQp, int logMaxCq, int logMaxEq, int logMaxMkey, int logMaxMtt,
    int logMaxCqes, int maxRdAtomic, int maxDestRdAtomic, int maxInlineBytes, int maxPathMtu, int uarCount,
    int msixVectors, boolean blueFlame)
{
}
