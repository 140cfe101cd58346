package org.sansim.provider.driver.user;

import org.sansim.hw.WqeOpcode;

/** A reusable work completion ({@code ibv_wc}), filled by {@link UserCompletionQueue#poll}. */
public final class WorkCompletion
{
    long wrId;
    WcStatus status = WcStatus.SUCCESS;
    WcOpcode opcode = WcOpcode.SEND;
    WqeOpcode wqeOpcode;
    int qpn;
    int byteLength;
    int immediate;
    boolean hasImmediate;
    boolean solicited;
    int vendorSyndrome;
    int wqeCounter;

    /** @return the work request's tag */
    public long wrId()
    {
        return wrId;
    }

    /** @return success or the error */
    public WcStatus status()
    {
        return status;
    }

    /** @return what completed */
    public WcOpcode opcode()
    {
        return opcode;
    }

    /** @return the local QP */
    public int qpn()
    {
        return qpn;
    }

    /** @return bytes transferred (the CQE's {@code BYTE_COUNT}) */
    public int byteLength()
    {
        return byteLength;
    }

    /** @return immediate data, valid when {@link #hasImmediate()} */
    public int immediate()
    {
        return immediate;
    }

    /** @return whether the completion carries immediate data */
    public boolean hasImmediate()
    {
        return hasImmediate;
    }

    /** @return responder: whether the message asked for a solicited event */
    public boolean solicited()
    {
        return solicited;
    }

    /** @return the vendor syndrome of an error completion, 0 otherwise */
    public int vendorSyndrome()
    {
        return vendorSyndrome;
    }

    /** @return the CQE's {@code WQE_COUNTER} */
    public int wqeCounter()
    {
        return wqeCounter;
    }
}
