package org.sansim.hw;

/**
 * The detail behind an error: the CQE's {@code VENDOR_SYNDROME}, and the {@code SYNDROME} of a
 * {@code CQ_ERROR} event (HARDWARE.md 9.5). Codes 0x01-0x08 are the faults of address translation
 * (section 11.4), 0x10-0x16 the checks of a send WQE (6.7).
 */
public enum VendorSyndrome
{
    /** No detail. */
    NONE(0x00),
    /** MPT index 0 or beyond the MPT table. */
    KEY_INDEX_RANGE(0x01),
    /** The MPT entry is not valid. */
    KEY_NOT_VALID(0x02),
    /** The key's variant differs from the entry's. */
    KEY_VARIANT_MISMATCH(0x03),
    /** The entry's protection domain differs from the QP's. */
    PD_MISMATCH(0x04),
    /** A needed access right is missing. */
    ACCESS_DENIED(0x05),
    /** The range leaves the region. */
    OUT_OF_BOUNDS(0x06),
    /** The MTT index is beyond the region's entries or the MTT table. */
    MTT_RANGE(0x07),
    /** A translated physical address is outside host memory. */
    DMA_FAULT(0x08),
    /** One scatter/gather entry or packet spans more pages than the transport holds. */
    TOO_MANY_PAGES(0x09),
    /** WQE opcode unknown or not enabled. */
    BAD_OPCODE(0x10),
    /** WQE size out of range or too small for its segments. */
    BAD_WQE_SIZE(0x11),
    /** The control segment names another QP. */
    WQE_QPN_MISMATCH(0x12),
    /** The control segment's WQE index is not the expected counter. */
    WQE_INDEX_MISMATCH(0x13),
    /** Inline byte count beyond the WQE or the device's limit. */
    INLINE_OVERRUN(0x14),
    /** Atomic WQE without exactly one 8-byte data segment. */
    ATOMIC_LAYOUT(0x15),
    /** Message longer than 2^31 bytes. */
    MESSAGE_TOO_LONG(0x16),
    /** Incoming message longer than the receive WQE. */
    RECV_OVERFLOW(0x20),
    /** A CQE found its CQ full. */
    CQ_OVERRUN(0x30),
    /** Writing a CQE failed. */
    CQ_ACCESS(0x31);

    private static final VendorSyndrome[] BY_CODE = new VendorSyndrome[256];

    static
    {
        for (final VendorSyndrome syndrome : values())
        {
            BY_CODE[syndrome.code] = syndrome;
        }
    }

    private final int code;

    VendorSyndrome(final int code)
    {
        this.code = code;
    }

    /**
     * The encoding in the CQE or EQE.
     *
     * @return the 8-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * Whether this is a fault of address translation (HARDWARE.md 11.4).
     *
     * @return {@code true} for codes 0x01 to 0x08.
     */
    public boolean translationFault()
    {
        return code >= KEY_INDEX_RANGE.code && code <= DMA_FAULT.code;
    }

    /**
     * Decodes a vendor syndrome without allocating.
     *
     * @param code the 8-bit code.
     * @return the syndrome, or {@code null} if the code is not one.
     */
    public static VendorSyndrome of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
