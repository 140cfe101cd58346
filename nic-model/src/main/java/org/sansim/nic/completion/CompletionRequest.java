package org.sansim.nic.completion;

import org.sansim.hw.CqeOpcode;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.VendorSyndrome;

/**
 * One completion for {@link CompletionUnit#complete}: the CQ and the fields of the CQE
 * (HARDWARE.md 9.1). The transport engine keeps one instance and refills it for every completion;
 * the unit copies it, so it may be reused as soon as {@code complete} returns. Setters are fluent
 * and allocate nothing.
 */
public final class CompletionRequest
{
    int cqn;
    CqeOpcode opcode = CqeOpcode.REQUESTER;
    int wqeOpcode;
    int qpn;
    int wqeCounter;
    int byteCount;
    int immediate;
    CqeSyndrome syndrome = CqeSyndrome.SUCCESS;
    VendorSyndrome vendorSyndrome = VendorSyndrome.NONE;
    boolean solicited;

    /** When the unit accepted it (queue slots only). */
    long acceptedPs;

    /**
     * Puts every field back to its initial value: CQ 0, a successful {@link CqeOpcode#REQUESTER}
     * CQE with zero fields.
     *
     * @return this request
     */
    public CompletionRequest clear()
    {
        cqn = 0;
        opcode = CqeOpcode.REQUESTER;
        wqeOpcode = 0;
        qpn = 0;
        wqeCounter = 0;
        byteCount = 0;
        immediate = 0;
        syndrome = CqeSyndrome.SUCCESS;
        vendorSyndrome = VendorSyndrome.NONE;
        solicited = false;
        return this;
    }

    /**
     * @param value the CQ to write the CQE to, 24 bits
     * @return this request
     */
    public CompletionRequest cqn(final int value)
    {
        cqn = check("cqn", value, 0xFF_FFFF);
        return this;
    }

    /**
     * @param value the CQE opcode; never {@link CqeOpcode#INVALID}
     * @return this request
     */
    public CompletionRequest opcode(final CqeOpcode value)
    {
        if (value == null || value == CqeOpcode.INVALID)
        {
            throw new IllegalArgumentException("a CQE opcode other than INVALID is needed, got " + value);
        }
        opcode = value;
        return this;
    }

    /**
     * @param value requester CQEs: the completed WQE's {@code WqeOpcode} code, 8 bits
     * @return this request
     */
    public CompletionRequest wqeOpcode(final int value)
    {
        wqeOpcode = check("wqeOpcode", value, 0xFF);
        return this;
    }

    /**
     * @param value the local QP, 24 bits
     * @return this request
     */
    public CompletionRequest qpn(final int value)
    {
        qpn = check("qpn", value, 0xFF_FFFF);
        return this;
    }

    /**
     * @param value the completed WQE's index or the receive WQE counter, 16 bits
     * @return this request
     */
    public CompletionRequest wqeCounter(final int value)
    {
        wqeCounter = check("wqeCounter", value, 0xFFFF);
        return this;
    }

    /**
     * @param value bytes transferred, unsigned 32 bits
     * @return this request
     */
    public CompletionRequest byteCount(final int value)
    {
        byteCount = value;
        return this;
    }

    /**
     * @param value immediate data
     * @return this request
     */
    public CompletionRequest immediate(final int value)
    {
        immediate = value;
        return this;
    }

    /**
     * @param value error CQEs: the syndrome
     * @return this request
     */
    public CompletionRequest syndrome(final CqeSyndrome value)
    {
        syndrome = value == null ? CqeSyndrome.SUCCESS : value;
        return this;
    }

    /**
     * @param value error CQEs: the detail behind the syndrome
     * @return this request
     */
    public CompletionRequest vendorSyndrome(final VendorSyndrome value)
    {
        vendorSyndrome = value == null ? VendorSyndrome.NONE : value;
        return this;
    }

    /**
     * @param value responder CQEs: the message's last packet had the solicited-event bit
     * @return this request
     */
    public CompletionRequest solicited(final boolean value)
    {
        solicited = value;
        return this;
    }

    /** @return the CQ */
    public int cqn()
    {
        return cqn;
    }

    /** @return the CQE opcode */
    public CqeOpcode opcode()
    {
        return opcode;
    }

    /** @return whether the CQE can trigger a solicited-only arm: solicited, or an error CQE */
    public boolean solicitedOrError()
    {
        return solicited || opcode.error();
    }

    void copyFrom(final CompletionRequest other)
    {
        cqn = other.cqn;
        opcode = other.opcode;
        wqeOpcode = other.wqeOpcode;
        qpn = other.qpn;
        wqeCounter = other.wqeCounter;
        byteCount = other.byteCount;
        immediate = other.immediate;
        syndrome = other.syndrome;
        vendorSyndrome = other.vendorSyndrome;
        solicited = other.solicited;
    }

    private static int check(final String field, final int value, final int mask)
    {
        if ((value & ~mask) != 0)
        {
            throw new IllegalArgumentException(field + " out of range: " + Integer.toUnsignedString(value));
        }
        return value;
    }
}
