package org.sansim.provider.wsp.api;

/**
 * {@code WSATHREADID}: identifies the thread that issued an overlapped request (used by providers that
 * queue completion routines as APCs; SAN providers receive it and may ignore it).
 */
public final class WSATHREADID
{
    /** {@code HANDLE ThreadHandle}: the calling thread's handle value. */
    public long ThreadHandle;

    /** {@code DWORD_PTR Reserved}: reserved for the Winsock DLL. */
    public long Reserved;
}
