package org.sansim.provider.sockets;

import org.sansim.host.AddressSpace;
import org.sansim.host.SimProcess;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSPPROC_TABLE;
import org.sansim.provider.wsp.api.WsaExtensions;

/**
 * What the switch of one process holds of its SAN provider and of the process: the procedure table
 * {@code WSPStartupEx} filled, the extension functions {@code WSPIoctl} handed out (the read and the
 * cache callback {@code null} when the provider does not offer them), the process's memory, the
 * parameters and statistics, and the CPU meter that charges the switch's own work to the calling
 * simulated thread.
 */
final class ProviderView
{
    final WSPPROC_TABLE procs = new WSPPROC_TABLE();
    final SimProcess process;
    final AddressSpace memory;
    final SwitchParams params;
    final SwitchStats stats;
    final SwitchUpcallTable upcalls;
    WsaExtensions.LPFN_WSPREGISTERMEMORY registerMemory;
    WsaExtensions.LPFN_WSPDEREGISTERMEMORY deregisterMemory;
    WsaExtensions.LPFN_WSPREGISTERRDMAMEMORY registerRdmaMemory;
    WsaExtensions.LPFN_WSPDEREGISTERRDMAMEMORY deregisterRdmaMemory;
    WsaExtensions.LPFN_WSPRDMAWRITE rdmaWrite;
    WsaExtensions.LPFN_WSPRDMAREAD rdmaRead;
    WsaExtensions.LPFN_WSPMEMORYREGISTRATIONCACHECALLBACK cacheCallback;
    /** The host's SAN address, from {@code SIO_ADDRESS_LIST_QUERY}. */
    int localIp;
    private final byte[] copyScratch = new byte[64 * 1024];
    private final IntHolder ignored = new IntHolder();

    ProviderView(final SimProcess process, final SwitchParams params, final SwitchStats stats,
        final SwitchUpcallTable upcalls)
    {
        this.process = process;
        this.memory = process.addressSpace();
        this.params = params;
        this.stats = stats;
        this.upcalls = upcalls;
    }

    /**
     * Charges the switch's CPU time to the calling simulated thread, if any.
     *
     * @param ps picoseconds
     */
    void cpu(final long ps)
    {
        final SimThread t = SimThread.current();
        if (t != null && ps > 0)
        {
            t.compute(ps);
            stats.cpuPs.add(ps);
        }
    }

    /**
     * Copies bytes within the process's memory and charges the copy.
     *
     * @param from source address
     * @param to destination address
     * @param bytes how many
     * @return whether both ranges were mapped
     */
    boolean copy(final long from, final long to, final int bytes)
    {
        cpu(params.copyPs(bytes));
        int done = 0;
        while (done < bytes)
        {
            final int n = Math.min(bytes - done, copyScratch.length);
            if (memory.read(from + done, copyScratch, 0, n) != AddressSpace.OK
                || memory.write(to + done, copyScratch, 0, n) != AddressSpace.OK)
            {
                return false;
            }
            done += n;
        }
        return true;
    }

    /**
     * Copies bytes from the process's memory into a Java array (duplication's carried-over data).
     *
     * @param from source address
     * @param to destination
     * @param offset where in it
     * @param bytes how many
     */
    void copyOut(final long from, final byte[] to, final int offset, final int bytes)
    {
        cpu(params.copyPs(bytes));
        memory.read(from, to, offset, bytes);
    }

    /**
     * Copies bytes from a Java array into the process's memory.
     *
     * @param from source
     * @param offset where in it
     * @param to destination address
     * @param bytes how many
     * @return whether the range was mapped
     */
    boolean copyIn(final byte[] from, final int offset, final long to, final int bytes)
    {
        cpu(params.copyPs(bytes));
        return memory.write(to, from, offset, bytes) == AddressSpace.OK;
    }

    /**
     * Tells the provider that a range the switch registered is going away
     * ({@code WSPMemoryRegistrationCacheCallback}), when it offers the callback.
     *
     * @param va the range's start
     * @param bytes its length
     */
    void evict(final long va, final long bytes)
    {
        if (cacheCallback != null)
        {
            cacheCallback.WSPMemoryRegistrationCacheCallback(va, bytes, ignored);
        }
    }
}
