package org.sansim.provider.wsp;

import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;

/**
 * One host process with the WSD provider loaded, as the Windows Sockets switch loads it, and the
 * switch's upcalls for it; with the process's memory calls an application test needs (allocate, read,
 * write).
 */
public class LoadedProcess
{
    private final SimProcess process;
    private final WsdProvider provider;
    private final SwitchUpcalls upcalls;

    /**
     * @param process the simulated process
     * @param provider the provider as loaded in it
     * @param upcalls the switch's upcalls for it
     */
    public LoadedProcess(final SimProcess process, final WsdProvider provider, final SwitchUpcalls upcalls)
    {
        this.process = process;
        this.provider = provider;
        this.upcalls = upcalls;
    }

    /** @return the simulated process */
    public SimProcess process()
    {
        return process;
    }

    /** @return the provider as loaded in it */
    public WsdProvider provider()
    {
        return provider;
    }

    /** @return the switch's upcalls */
    public SwitchUpcalls upcalls()
    {
        return upcalls;
    }

    /**
     * Allocates memory in the process.
     *
     * @param bytes the size
     * @return its address
     */
    public long allocate(final long bytes)
    {
        final long va = process.allocate(bytes, PageSize.SIZE_4K, Access.READ_WRITE);
        if (va == SimProcess.NO_MEMORY)
        {
            throw new IllegalStateException("no memory for " + bytes + " bytes in " + process);
        }
        return va;
    }

    /**
     * @param va where
     * @param bytes what
     */
    public void write(final long va, final byte[] bytes)
    {
        if (process.addressSpace().write(va, bytes, 0, bytes.length) != 0)
        {
            throw new IllegalStateException("cannot write " + bytes.length + " bytes at " + Long.toHexString(va));
        }
    }

    /**
     * @param va where
     * @param length how many bytes
     * @return the bytes
     */
    public byte[] read(final long va, final int length)
    {
        final byte[] b = new byte[length];
        if (process.addressSpace().read(va, b, 0, length) != 0)
        {
            throw new IllegalStateException("cannot read " + length + " bytes at " + Long.toHexString(va));
        }
        return b;
    }
}
