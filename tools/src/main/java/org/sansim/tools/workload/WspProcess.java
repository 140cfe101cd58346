package org.sansim.tools.workload;

import org.sansim.host.Access;
import org.sansim.host.AddressSpace;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.provider.wsp.SwitchUpcalls;
import org.sansim.provider.wsp.WsdHost;
import org.sansim.provider.wsp.WsdProvider;
import org.sansim.provider.wsp.api.Guid;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WSPDATA;
import org.sansim.provider.wsp.api.WSPPROC_TABLE;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.provider.wsp.api.WsaExtensions;
import org.sansim.provider.wsp.api.WsaGuids;
import org.sansim.tools.scenario.system.SanHost;

/**
 * The WSD provider on one host of a scenario, loaded into the host's application process as the
 * Windows Sockets switch would: the host-wide {@link WsdHost} over the host's verbs device, connection
 * manager and threads (with its {@code wsd.*} parameters), the process's provider instance, the
 * switch's upcalls, {@code WSPStartupEx} and the extension functions by GUID. Built on the host's
 * partition ({@link #load} from a thread of the host).
 */
public final class WspProcess
{
    final SanHost host;
    final WsdProvider provider;
    final SwitchUpcalls upcalls;
    final WSPPROC_TABLE procs = new WSPPROC_TABLE();
    WsaExtensions.LPFN_WSPREGISTERMEMORY registerMemory;
    WsaExtensions.LPFN_WSPREGISTERRDMAMEMORY registerRdmaMemory;
    WsaExtensions.LPFN_WSPRDMAWRITE rdmaWrite;
    WsaExtensions.LPFN_WSPRDMAREAD rdmaRead;

    private WspProcess(final SanHost host, final WsdProvider provider, final SwitchUpcalls upcalls)
    {
        this.host = host;
        this.provider = provider;
        this.upcalls = upcalls;
    }

    /**
     * Loads the provider on a host and starts it up; on the host's partition, in a thread of the host.
     *
     * @param host the host
     * @param stats where the provider's statistics go
     * @return the process's provider, started
     */
    static WspProcess load(final SanHost host, final org.sansim.stats.StatsRegistry stats)
    {
        host.device().rdAtomic(host.params().wsd().responderResources());
        final WsdHost wsd = new WsdHost(host.name() + ".wsd", host.device(), host.cm(), host.resolver(),
            host.threads(), host.endpoint().ipv4(), host.endpoint().mac(), host.params().wsd(),
            stats);
        final SimProcess process = host.process();
        final WspProcess p = new WspProcess(host, wsd.load(process),
            new SwitchUpcalls(host.name() + ".switch" + process.pid()));
        final WSAPROTOCOL_INFOW tcp = new WSAPROTOCOL_INFOW();
        tcp.iAddressFamily = Winsock.AF_INET;
        tcp.iSocketType = Winsock.SOCK_STREAM;
        tcp.iProtocol = Winsock.IPPROTO_TCP;
        final int rc = p.provider.WSPStartupEx(Winsock.makeWord(2, 2), new WSPDATA(), tcp, p.upcalls.table(), p.procs);
        if (rc != 0)
        {
            throw new IllegalStateException(host + ": WSPStartupEx failed: " + WinsockError.name(rc));
        }
        p.upcalls.logCompletions(false);
        final IntHolder err = new IntHolder();
        final long s = p.newSocket(err);
        final long scratch = p.allocate(64);
        p.registerMemory = p.extension(s, WsaGuids.WSAID_REGISTERMEMORY, scratch, err);
        p.registerRdmaMemory = p.extension(s, WsaGuids.WSAID_REGISTERRDMAMEMORY, scratch, err);
        p.rdmaWrite = p.extension(s, WsaGuids.WSAID_RDMAWRITE, scratch, err);
        p.rdmaRead = p.extension(s, WsaGuids.WSAID_RDMAREAD, scratch, err);
        if (p.procs.lpWSPCloseSocket.WSPCloseSocket(s, err) != 0)
        {
            throw new IllegalStateException(host + ": WSPCloseSocket failed: " + WinsockError.name(err.value));
        }
        return p;
    }

    long newSocket(final IntHolder err)
    {
        final long s = procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, null, 0,
            Winsock.WSA_FLAG_OVERLAPPED, err);
        if (s == Winsock.INVALID_SOCKET)
        {
            throw new IllegalStateException(host + ": WSPSocket failed: " + WinsockError.name(err.value));
        }
        return s;
    }

    private <T> T extension(final long s, final Guid guid, final long scratch, final IntHolder err)
    {
        final byte[] g = guid.toBytes();
        memory().write(scratch, g, 0, g.length);
        if (procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER, scratch, 16, scratch + 16, 8,
            new IntHolder(), null, null, null, err) != 0)
        {
            throw new IllegalStateException(host + ": SIO_GET_EXTENSION_FUNCTION_POINTER failed: "
                + WinsockError.name(err.value));
        }
        @SuppressWarnings("unchecked")
        final T f = (T)provider.resolve(memory().getLongLE(scratch + 16));
        return f;
    }

    /** @return the provider's procedures, from {@code WSPStartupEx} */
    public WSPPROC_TABLE procs()
    {
        return procs;
    }

    /** @return {@code WSPRdmaWrite}, from {@code SIO_GET_EXTENSION_FUNCTION_POINTER} */
    public WsaExtensions.LPFN_WSPRDMAWRITE rdmaWrite()
    {
        return rdmaWrite;
    }

    /** @return {@code WSPRdmaRead}, from {@code SIO_GET_EXTENSION_FUNCTION_POINTER} */
    public WsaExtensions.LPFN_WSPRDMAREAD rdmaRead()
    {
        return rdmaRead;
    }

    AddressSpace memory()
    {
        return host.process().addressSpace();
    }

    long allocate(final long bytes)
    {
        final long va = host.process().allocate(bytes, PageSize.SIZE_4K, Access.READ_WRITE);
        if (va == SimProcess.NO_MEMORY)
        {
            throw new IllegalStateException(host + ": no memory for " + bytes + " bytes");
        }
        return va;
    }

    @Override
    public String toString()
    {
        return host.name();
    }
}
