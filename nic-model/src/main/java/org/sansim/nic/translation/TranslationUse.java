package org.sansim.nic.translation;

import org.sansim.hw.CqeSyndrome;

/**
 * Who asks for a translation, which decides the completion syndrome a failure maps to and whether
 * the QP's remote access rights apply (HARDWARE.md 11.4, the table of uses).
 */
public enum TranslationUse
{
    /** The requester's gather or scatter through an lkey: failures are {@code LOCAL_PROTECTION}. */
    REQUESTER_LOCAL(CqeSyndrome.LOCAL_PROTECTION, false),
    /** The responder's scatter of an incoming SEND through an lkey: failures are {@code LOCAL_ACCESS}. */
    RESPONDER_LOCAL(CqeSyndrome.LOCAL_ACCESS, false),
    /**
     * The responder's access through an rkey for an incoming RDMA READ, WRITE or atomic: failures
     * are NAKed as remote access errors, {@code REMOTE_ACCESS} at the requester; the QP's access
     * rights must also allow the access.
     */
    RESPONDER_REMOTE(CqeSyndrome.REMOTE_ACCESS, true);

    private final CqeSyndrome failure;
    private final boolean remote;

    TranslationUse(final CqeSyndrome failure, final boolean remote)
    {
        this.failure = failure;
        this.remote = remote;
    }

    /** @return the syndrome a failed translation of this use completes with */
    public CqeSyndrome failure()
    {
        return failure;
    }

    /** @return whether the access comes from the remote side (an rkey) */
    public boolean remote()
    {
        return remote;
    }
}
