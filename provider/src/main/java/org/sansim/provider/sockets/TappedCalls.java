package org.sansim.provider.sockets;

import java.util.function.LongSupplier;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.SOCKADDR_IN;

/**
 * Runs one call of a {@link WinsockSwitch} under a {@link SocketTap}: reads the calling thread's clock before
 * and after, and reports the call with its arguments and result. Used only while a tap is installed, so the
 * switch's calls cost nothing more without one.
 */
final class TappedCalls
{
    private final String switchName;
    private final int pid;

    /**
     * @param switchName the switch's component path
     * @param pid        its process
     */
    TappedCalls(final String switchName, final int pid)
    {
        this.switchName = switchName;
        this.pid = pid;
    }

    /**
     * Runs {@code body} and reports it.
     *
     * @param tap       the tap
     * @param call      which call
     * @param socket    the socket it names
     * @param buffer    the data's address, or 0
     * @param sizeBytes bytes asked for, or the call's count argument, or 0
     * @param address   the address it names or fills, or null
     * @param body      the call itself
     * @return what the call returned
     */
    long run(final SocketTap tap, final SocketTap.Call call, final long socket, final long buffer,
        final long sizeBytes, final SOCKADDR_IN address, final LongSupplier body)
    {
        final SimThread caller = SimThread.current();
        final long entryPs = caller == null ? -1 : caller.nowPs();
        final long entryCpuPs = caller == null ? 0 : caller.cpuPs();
        final long result = body.getAsLong();
        tap.call(switchName, pid, call, socket, buffer, sizeBytes, address, result, entryPs, entryCpuPs,
            caller == null ? -1 : caller.nowPs());
        return result;
    }
}
