package org.sansim.tools.perf;

import java.util.Arrays;
import java.util.Map;
import org.sansim.host.AddressSpace;
import org.sansim.host.thread.SimThread;
import org.sansim.nic.NicParams;
import org.sansim.provider.wsp.LoadedProcess;
import org.sansim.provider.wsp.RdmaDescriptor;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.provider.wsp.WsdProvider;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.provider.wsp.api.Guid;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSANETWORKEVENTS;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WSAPROTOCOL_INFOW;
import org.sansim.provider.wsp.api.WSPDATA;
import org.sansim.provider.wsp.api.WSPPROC_TABLE;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.provider.wsp.api.WsaExtensions;
import org.sansim.provider.wsp.api.WsaGuids;

/**
 * The perftest tests through the WSD provider ({@code sansim perf ... --api wsp}): the same
 * measurements as {@link Perftest}, with every operation a {@code WSPSend}, {@code WSPRecv},
 * {@code WSPRdmaWrite} or {@code WSPRdmaRead} on a connected SAN socket, so the provider layer's
 * cost shows beside verbs.
 *
 * <p>Set-up, as the switch does it: {@code WSPStartupEx}, the extension functions by GUID, listen,
 * non-blocking connect answered through {@code FD_CONNECT}, accept; each side registers its buffer
 * with {@code WSPRegisterMemory} and exposes it with {@code WSPRegisterRdmaMemory}, and the
 * descriptors cross in a {@code WSPSend}. Every request uses an overlapped structure whose
 * {@code hEvent} has its low bit set, and is reaped with {@code WSPGetOverlappedResult(fWait=FALSE)},
 * which polls the CQ once when the request is still pending, as the switch polls.
 *
 * <p>Each side runs on one simulated thread that busy-polls every {@link Perftest#POLL_PS}. Latency
 * loops follow {@link Perftest}: {@code write_lat} polls the last byte of the slot, {@code send_lat}
 * the receive's overlapped result, {@code read_lat} times each READ to its result. Bandwidth keeps
 * up to the provider's send-queue depth of operations outstanding. {@code provider_post_ns} is the
 * CPU time the provider's own code charges inside each posting call on the client (its
 * {@code WsdParams} costs, without the driver's): what the provider adds before the doorbell.
 */
public final class WspPerftest
{
    /** Time the connection's set-up may take. */
    private static final long SET_UP_LIMIT_PS = 60_000_000_000L;
    /** Time after the measurement given to the last bytes to land in the responder's memory. */
    private static final long LANDING_PS = 1_000_000_000L;
    private static final int PORT = 18_515;
    private static final int CONTROL_BYTES = 4096;

    private WspPerftest()
    {
    }

    /** One side's provider, socket, buffers and extension functions. */
    private static final class Side
    {
        final LoadedProcess process;
        final WsdProvider p;
        final WSPPROC_TABLE procs = new WSPPROC_TABLE();
        final IntHolder err = new IntHolder();
        final IntHolder bytes = new IntHolder();
        final IntHolder flags = new IntHolder();
        final IntHolder ignored = new IntHolder();
        WsaExtensions.LPFN_WSPREGISTERMEMORY registerMemory;
        WsaExtensions.LPFN_WSPREGISTERRDMAMEMORY registerRdmaMemory;
        WsaExtensions.LPFN_WSPRDMAWRITE rdmaWrite;
        WsaExtensions.LPFN_WSPRDMAREAD rdmaRead;
        long socket;
        long buffer;
        long handle;
        /** The peer's descriptor, in this side's memory. */
        long peerDescriptor;
        long control;

        Side(final LoadedProcess process)
        {
            this.process = process;
            this.p = process.provider();
        }

        AddressSpace memory()
        {
            return process.process().addressSpace();
        }

        void check(final boolean ok, final String what)
        {
            if (!ok)
            {
                throw new IllegalStateException(what + " failed: " + WinsockError.name(err.value));
            }
        }

        void startup(final long bufferBytes)
        {
            final WSAPROTOCOL_INFOW tcp = new WSAPROTOCOL_INFOW();
            tcp.iAddressFamily = Winsock.AF_INET;
            tcp.iSocketType = Winsock.SOCK_STREAM;
            tcp.iProtocol = Winsock.IPPROTO_TCP;
            final int rc = p.WSPStartupEx(Winsock.makeWord(2, 2), new WSPDATA(), tcp, process.upcalls().table(),
                procs);
            if (rc != 0)
            {
                throw new IllegalStateException("WSPStartupEx failed: " + WinsockError.name(rc));
            }
            process.upcalls().logCompletions(false);
            control = process.allocate(CONTROL_BYTES);
            buffer = process.allocate(bufferBytes);
            final long s = newSocket();
            registerMemory = extension(s, WsaGuids.WSAID_REGISTERMEMORY);
            registerRdmaMemory = extension(s, WsaGuids.WSAID_REGISTERRDMAMEMORY);
            rdmaWrite = extension(s, WsaGuids.WSAID_RDMAWRITE);
            rdmaRead = extension(s, WsaGuids.WSAID_RDMAREAD);
            check(procs.lpWSPCloseSocket.WSPCloseSocket(s, err) == 0, "WSPCloseSocket");
        }

        <T> T extension(final long s, final Guid guid)
        {
            final byte[] g = guid.toBytes();
            memory().write(control, g, 0, g.length);
            check(procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER, control, 16, control + 16, 8,
                ignored, null, null, null, err) == 0, "SIO_GET_EXTENSION_FUNCTION_POINTER");
            @SuppressWarnings("unchecked")
            final T f = (T)p.resolve(memory().getLongLE(control + 16));
            return f;
        }

        long newSocket()
        {
            final long s = procs.lpWSPSocket.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, null,
                0, Winsock.WSA_FLAG_OVERLAPPED, err);
            check(s != Winsock.INVALID_SOCKET, "WSPSocket");
            return s;
        }

        /** Registers the buffer and control page, exposes the buffer, and swaps descriptors with the peer. */
        void exchange(final SimThread self, final long bufferBytes)
        {
            handle = registerMemory.WSPRegisterMemory(socket, buffer, (int)bufferBytes, Winsock.MEM_READWRITE, err);
            check(handle != 0, "WSPRegisterMemory");
            check(registerMemory.WSPRegisterMemory(socket, control, CONTROL_BYTES, Winsock.MEM_READWRITE, err) != 0,
                "WSPRegisterMemory");
            final IntHolder length = new IntHolder(RdmaDescriptor.LENGTH_BYTES);
            check(registerRdmaMemory.WSPRegisterRdmaMemory(socket, buffer, (int)bufferBytes, Winsock.MEM_READWRITE,
                control + 64, length, err) == 0, "WSPRegisterRdmaMemory");
            peerDescriptor = control + 128;
            final WSAOVERLAPPED r = polled();
            pending(procs.lpWSPRecv.WSPRecv(socket, new WSABUF[] {new WSABUF(peerDescriptor, 64)}, 1, ignored,
                flags, r, null, null, err), "WSPRecv");
            final WSAOVERLAPPED w = polled();
            pending(procs.lpWSPSend.WSPSend(socket, new WSABUF[] {new WSABUF(control + 64, RdmaDescriptor.LENGTH_BYTES)},
                1, ignored, 0, w, null, null, err), "WSPSend");
            await(self, w);
            await(self, r);
        }

        void pending(final int rc, final String what)
        {
            check(rc == Winsock.SOCKET_ERROR && err.value == WinsockError.WSA_IO_PENDING, what);
        }

        /** One {@code WSPGetOverlappedResult(fWait=FALSE)}: true when done (and successful). */
        boolean done(final WSAOVERLAPPED ov)
        {
            if (procs.lpWSPGetOverlappedResult.WSPGetOverlappedResult(socket, ov, bytes, false, flags, err))
            {
                return true;
            }
            check(err.value == WinsockError.WSA_IO_INCOMPLETE, "overlapped request");
            return false;
        }

        void await(final SimThread self, final WSAOVERLAPPED ov)
        {
            while (!done(ov))
            {
                self.compute(Perftest.POLL_PS);
                self.sync();
            }
        }
    }

    private static WSAOVERLAPPED polled()
    {
        final WSAOVERLAPPED ov = new WSAOVERLAPPED();
        ov.hEvent = 1;
        return ov;
    }

    private static WspPair connect(final SystemParams params, final long bufferBytes, final Side[] sides,
        final java.util.function.Consumer<SanSystem> onBuilt)
    {
        final WspPair bed = new WspPair(params);
        onBuilt.accept(bed.system());
        sides[0] = new Side(bed.process(0));
        sides[1] = new Side(bed.process(1));
        final Side c = sides[0];
        final Side s = sides[1];
        final int serverIp = bed.host(1).ipv4();
        bed.start(1, "accept", self ->
        {
            s.startup(bufferBytes);
            final long l = s.newSocket();
            s.check(s.procs.lpWSPBind.WSPBind(l, SOCKADDR_IN.of(0, PORT), 16, s.err) == 0, "WSPBind");
            final long event = s.process.upcalls().WPUCreateEvent(s.err);
            s.check(s.procs.lpWSPEventSelect.WSPEventSelect(l, event, Winsock.FD_ACCEPT, s.err) == 0, "WSPEventSelect");
            s.check(s.procs.lpWSPListen.WSPListen(l, 1, s.err) == 0, "WSPListen");
            s.process.upcalls().event(event).await(self);
            s.check(s.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(l, event, new WSANETWORKEVENTS(), s.err) == 0,
                "WSPEnumNetworkEvents");
            s.socket = s.procs.lpWSPAccept.WSPAccept(l, null, null, null, 0, s.err);
            s.check(s.socket != Winsock.INVALID_SOCKET, "WSPAccept");
            s.exchange(self, bufferBytes);
        });
        bed.start(0, "connect", self ->
        {
            c.startup(bufferBytes);
            c.socket = c.newSocket();
            c.check(c.procs.lpWSPBind.WSPBind(c.socket, SOCKADDR_IN.of(bed.host(0).ipv4(), 0), 16, c.err) == 0,
                "WSPBind");
            final long event = c.process.upcalls().WPUCreateEvent(c.err);
            c.check(c.procs.lpWSPEventSelect.WSPEventSelect(c.socket, event, Winsock.FD_CONNECT, c.err) == 0,
                "WSPEventSelect");
            final int rc = c.procs.lpWSPConnect.WSPConnect(c.socket, SOCKADDR_IN.of(serverIp, PORT), 16, null, null,
                null, null, c.err);
            c.check(rc == Winsock.SOCKET_ERROR && c.err.value == WinsockError.WSAEWOULDBLOCK, "WSPConnect");
            c.process.upcalls().event(event).await(self);
            final WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
            c.check(c.procs.lpWSPEnumNetworkEvents.WSPEnumNetworkEvents(c.socket, event, ne, c.err) == 0,
                "WSPEnumNetworkEvents");
            if (ne.iErrorCode[Winsock.FD_CONNECT_BIT] != 0)
            {
                throw new IllegalStateException("connect failed: " + WinsockError.name(
                    ne.iErrorCode[Winsock.FD_CONNECT_BIT]));
            }
            c.exchange(self, bufferBytes);
        });
        if (!bed.runUntil(bed::threadsDone, SET_UP_LIMIT_PS))
        {
            bed.close();
            throw new IllegalStateException("the WSD connection was not set up");
        }
        return bed;
    }

    /**
     * Runs a latency test through the provider.
     *
     * @param test write_lat, send_lat or read_lat
     * @param size message bytes, at least 1
     * @param iterations measured iterations
     * @param wsd the provider's parameters on both hosts
     * @param params both NICs' parameters
     * @param onBuilt told the NICs' testbed before the connection is set up (to tap its ports)
     * @return as {@link Perftest#latency}, plus {@code provider_post_ns}
     */
    public static Map<String, Object> latency(final Perftest.Test test, final int size, final int iterations,
        final WsdParams wsd, final NicParams params, final java.util.function.Consumer<SanSystem> onBuilt)
    {
        return latency(test, size, iterations, withWsd(PerfConfig.of(params), wsd), onBuilt);
    }

    /** @return {@code params} with {@code wsd} as every host's provider parameters */
    private static SystemParams withWsd(final SystemParams params, final WsdParams wsd)
    {
        return new SystemParams(params.topology(), params.hostLink(), params.switchParams(), params.nodes().stream()
            .map(n -> new org.sansim.tools.scenario.system.NodeParams(n.nic(), n.cpu(), n.cm(), n.irq(), n.kdriver(),
                wsd, n.link())).toList());
    }

    /**
     * Runs a latency test through the provider on hosts with every component's parameters given.
     *
     * @param test write_lat, send_lat or read_lat
     * @param size message bytes, at least 1
     * @param iterations measured iterations
     * @param params every component's parameters, each host's provider's ({@code wsd.*}) among them
     * @param onBuilt told the system before the connection is set up (to tap its ports)
     * @return as {@link Perftest#latency}, plus {@code provider_post_ns}
     */
    public static Map<String, Object> latency(final Perftest.Test test, final int size, final int iterations,
        final SystemParams params, final java.util.function.Consumer<SanSystem> onBuilt)
    {
        final Side[] sides = new Side[2];
        final long bufferBytes = Math.max(4096, (2L * size + 4095) & -4096L);
        final WspPair bed = connect(params, bufferBytes, sides, onBuilt);
        try
        {
            return latency(bed, sides, test, size, iterations);
        }
        finally
        {
            bed.close();
        }
    }

    private static Map<String, Object> latency(final WspPair bed, final Side[] sides, final Perftest.Test test,
        final int size, final int iterations)
    {
        final Side c = sides[0];
        final Side s = sides[1];
        final long[] samples = new long[iterations];
        final long[] finished = {0};
        final long[] providerCpu = new long[1];
        final boolean pingPong = test != Perftest.Test.READ_LAT;
        final byte[][] patterns = {new byte[size], new byte[size]};
        final byte[] zeros = new byte[size];
        if (test == Perftest.Test.READ_LAT)
        {
            s.memory().write(s.buffer, pattern(new byte[size], 0x33), 0, size);
        }
        bed.start(0, "client", self ->
        {
            long postCpu = 0;
            final WSAOVERLAPPED op = polled();
            final WSAOVERLAPPED recv = polled();
            final WSABUF[] sendBuf = {new WSABUF(c.buffer, size)};
            final WSABUF[] recvBuf = {new WSABUF(c.buffer + size, size)};
            final WSABUFEX[] local = {new WSABUFEX(c.buffer, size, c.handle)};
            if (test == Perftest.Test.SEND_LAT)
            {
                c.pending(c.procs.lpWSPRecv.WSPRecv(c.socket, recvBuf, 1, c.ignored, c.flags, recv, null, null, c.err),
                    "WSPRecv");
            }
            for (int i = 1; i <= iterations; i++)
            {
                final byte[] pattern = pattern(patterns[0], i);
                c.memory().write(c.buffer, test == Perftest.Test.READ_LAT ? zeros : pattern, 0, size);
                final long start = self.nowPs();
                final long cpu0 = c.p.cpuPs();
                switch (test)
                {
                    case WRITE_LAT -> c.pending(c.rdmaWrite.WSPRdmaWrite(c.socket, local, 1, c.peerDescriptor,
                        RdmaDescriptor.LENGTH_BYTES, size, c.ignored, 0, op, null, null, c.err), "WSPRdmaWrite");
                    case SEND_LAT -> c.pending(c.procs.lpWSPSend.WSPSend(c.socket, sendBuf, 1, c.ignored, 0, op, null,
                        null, c.err), "WSPSend");
                    default -> c.pending(c.rdmaRead.WSPRdmaRead(c.socket, local, 1, c.peerDescriptor,
                        RdmaDescriptor.LENGTH_BYTES, 0, c.ignored, 0, op, null, null, c.err), "WSPRdmaRead");
                }
                postCpu += c.p.cpuPs() - cpu0;
                boolean reaped = false;
                while (true)
                {
                    if (!reaped)
                    {
                        reaped = c.done(op);
                    }
                    final boolean arrived = switch (test)
                    {
                        case WRITE_LAT -> c.memory().getByte(c.buffer + 2L * size - 1) == (byte)i;
                        case SEND_LAT -> c.done(recv);
                        default -> reaped;
                    };
                    if (arrived)
                    {
                        break;
                    }
                    self.compute(Perftest.POLL_PS);
                    self.sync();
                }
                samples[i - 1] = pingPong ? (bed.system().host(0).nowPs() - start) / 2
                    : bed.system().host(0).nowPs() - start;
                finished[0] = i;
                if (test == Perftest.Test.SEND_LAT && i < iterations)
                {
                    c.pending(c.procs.lpWSPRecv.WSPRecv(c.socket, recvBuf, 1, c.ignored, c.flags, recv, null, null,
                        c.err), "WSPRecv");
                }
                verify(test, c, s, size, i, patterns);
                c.await(self, op);
            }
            providerCpu[0] = postCpu / iterations;
        });
        if (pingPong)
        {
            bed.start(1, "server", self ->
            {
                final WSAOVERLAPPED op = polled();
                final WSAOVERLAPPED recv = polled();
                final WSABUF[] sendBuf = {new WSABUF(s.buffer, size)};
                final WSABUF[] recvBuf = {new WSABUF(s.buffer + size, size)};
                final WSABUFEX[] local = {new WSABUFEX(s.buffer, size, s.handle)};
                if (test == Perftest.Test.SEND_LAT)
                {
                    s.pending(s.procs.lpWSPRecv.WSPRecv(s.socket, recvBuf, 1, s.ignored, s.flags, recv, null, null,
                        s.err), "WSPRecv");
                }
                boolean reaped = true;
                for (int i = 1; i <= iterations; i++)
                {
                    while (true)
                    {
                        if (!reaped)
                        {
                            reaped = s.done(op);
                        }
                        final boolean arrived = test == Perftest.Test.WRITE_LAT
                            ? s.memory().getByte(s.buffer + 2L * size - 1) == (byte)i : s.done(recv);
                        if (arrived)
                        {
                            break;
                        }
                        self.compute(Perftest.POLL_PS);
                        self.sync();
                    }
                    if (!reaped)
                    {
                        s.await(self, op);
                    }
                    if (test == Perftest.Test.SEND_LAT && i < iterations)
                    {
                        s.pending(s.procs.lpWSPRecv.WSPRecv(s.socket, recvBuf, 1, s.ignored, s.flags, recv, null, null,
                            s.err), "WSPRecv");
                    }
                    final byte[] pattern = pattern(patterns[1], i);
                    s.memory().write(s.buffer, pattern, 0, size);
                    if (test == Perftest.Test.WRITE_LAT)
                    {
                        s.pending(s.rdmaWrite.WSPRdmaWrite(s.socket, local, 1, s.peerDescriptor,
                            RdmaDescriptor.LENGTH_BYTES, size, s.ignored, 0, op, null, null, s.err), "WSPRdmaWrite");
                    }
                    else
                    {
                        s.pending(s.procs.lpWSPSend.WSPSend(s.socket, sendBuf, 1, s.ignored, 0, op, null, null, s.err),
                            "WSPSend");
                    }
                    reaped = false;
                }
                s.await(self, op);
            });
        }
        bed.runUntilDone(test + " --api wsp " + size + " B", () -> finished[0], iterations, 0,
            RunLoop.DEFAULT_NO_PROGRESS_PS);
        final Map<String, Object> row = Perftest.latencyRow(size, iterations, samples);
        row.put("provider_post_ns", providerCpu[0] / 1000.0);
        return row;
    }

    /** Iteration {@code i}'s bytes: its last byte is the mark the receiver polls for. */
    private static byte[] pattern(final byte[] into, final int i)
    {
        for (int x = 0; x < into.length; x++)
        {
            into[x] = (byte)(x * 31 + i * 7);
        }
        into[into.length - 1] = (byte)i;
        return into;
    }

    private static void verify(final Perftest.Test test, final Side c, final Side s, final int size, final int i,
        final byte[][] patterns)
    {
        final byte[] got = new byte[size];
        final byte[] expected;
        if (test == Perftest.Test.READ_LAT)
        {
            expected = new byte[size];
            s.memory().read(s.buffer, expected, 0, size);
            c.memory().read(c.buffer, got, 0, size);
        }
        else
        {
            expected = pattern(new byte[size], i);
            c.memory().read(c.buffer + size, got, 0, size);
        }
        if (!Arrays.equals(expected, got))
        {
            throw new IllegalStateException(test + " --api wsp iteration " + i + ": the bytes that arrived differ");
        }
    }

    /**
     * Runs a bandwidth test through the provider: the client keeps up to {@code txDepth} (at most the
     * provider's send-queue depth) operations outstanding.
     *
     * @param test write_bw, send_bw or read_bw
     * @param size message bytes, at least 1
     * @param iterations messages
     * @param txDepth most outstanding
     * @param wsd the provider's parameters on both hosts
     * @param params both NICs' parameters
     * @param onBuilt told the NICs' testbed before the connection is set up (to tap its ports)
     * @return as {@link Perftest#bandwidth}, plus {@code provider_post_ns}
     */
    public static Map<String, Object> bandwidth(final Perftest.Test test, final int size, final int iterations,
        final int txDepth, final WsdParams wsd, final NicParams params,
        final java.util.function.Consumer<SanSystem> onBuilt)
    {
        return bandwidth(test, size, iterations, txDepth, withWsd(PerfConfig.of(params), wsd), onBuilt);
    }

    /**
     * Runs a bandwidth test through the provider on hosts with every component's parameters given.
     *
     * @param test write_bw, send_bw or read_bw
     * @param size message bytes, at least 1
     * @param iterations messages
     * @param txDepth most outstanding
     * @param params every component's parameters, each host's provider's ({@code wsd.*}) among them
     * @param onBuilt told the system before the connection is set up (to tap its ports)
     * @return as {@link Perftest#bandwidth}, plus {@code provider_post_ns}
     */
    public static Map<String, Object> bandwidth(final Perftest.Test test, final int size, final int iterations,
        final int txDepth, final SystemParams params, final java.util.function.Consumer<SanSystem> onBuilt)
    {
        final Side[] sides = new Side[2];
        final long bufferBytes = Math.max(4096, (2L * size + 4095) & -4096L);
        final WspPair bed = connect(params, bufferBytes, sides, onBuilt);
        try
        {
            return bandwidth(bed, sides, test, size, iterations, Math.min(txDepth,
                params.nodes().get(0).wsd().sendQueueDepth()));
        }
        finally
        {
            bed.close();
        }
    }

    private static Map<String, Object> bandwidth(final WspPair bed, final Side[] sides, final Perftest.Test test,
        final int size, final int iterations, final int depth)
    {
        final Side c = sides[0];
        final Side s = sides[1];
        final long[] completions = new long[iterations];
        final long[] posts = new long[iterations];
        final long[] first = new long[1];
        final long[] finished = {0};
        final long[] providerCpu = new long[1];
        final byte[] expected = pattern(new byte[size], 0x5A);
        if (test == Perftest.Test.READ_BW)
        {
            s.memory().write(s.buffer, expected, 0, size);
        }
        else
        {
            c.memory().write(c.buffer, expected, 0, size);
        }
        if (test == Perftest.Test.SEND_BW)
        {
            bed.start(1, "server", self ->
            {
                final WSAOVERLAPPED[] recvs = new WSAOVERLAPPED[16];
                final WSABUF[] buf = {new WSABUF(s.buffer, size)};
                int posted = 0;
                int received = 0;
                for (int k = 0; k < recvs.length && posted < iterations; k++, posted++)
                {
                    recvs[k] = polled();
                    s.pending(s.procs.lpWSPRecv.WSPRecv(s.socket, buf, 1, s.ignored, s.flags, recvs[k], null, null,
                        s.err), "WSPRecv");
                }
                while (received < iterations)
                {
                    final WSAOVERLAPPED r = recvs[received % recvs.length];
                    if (!s.done(r))
                    {
                        self.compute(Perftest.POLL_PS);
                        self.sync();
                        continue;
                    }
                    received++;
                    if (posted < iterations)
                    {
                        s.pending(s.procs.lpWSPRecv.WSPRecv(s.socket, buf, 1, s.ignored, s.flags, r, null, null,
                            s.err), "WSPRecv");
                        posted++;
                    }
                }
            });
        }
        bed.start(0, "client", self ->
        {
            long postCpu = 0;
            final WSAOVERLAPPED[] ops = new WSAOVERLAPPED[depth];
            for (int k = 0; k < depth; k++)
            {
                ops[k] = polled();
            }
            final WSABUF[] sendBuf = {new WSABUF(c.buffer, size)};
            final WSABUFEX[] local = {new WSABUFEX(c.buffer, size, c.handle)};
            int posted = 0;
            int completed = 0;
            first[0] = self.nowPs();
            while (completed < iterations)
            {
                while (posted < iterations && posted - completed < depth)
                {
                    final WSAOVERLAPPED ov = ops[posted % depth];
                    posts[posted] = self.nowPs();
                    final long cpu0 = c.p.cpuPs();
                    switch (test)
                    {
                        case WRITE_BW -> c.pending(c.rdmaWrite.WSPRdmaWrite(c.socket, local, 1, c.peerDescriptor,
                            RdmaDescriptor.LENGTH_BYTES, size, c.ignored, 0, ov, null, null, c.err), "WSPRdmaWrite");
                        case SEND_BW -> c.pending(c.procs.lpWSPSend.WSPSend(c.socket, sendBuf, 1, c.ignored, 0, ov,
                            null, null, c.err), "WSPSend");
                        default -> c.pending(c.rdmaRead.WSPRdmaRead(c.socket, local, 1, c.peerDescriptor,
                            RdmaDescriptor.LENGTH_BYTES, 0, c.ignored, 0, ov, null, null, c.err), "WSPRdmaRead");
                    }
                    postCpu += c.p.cpuPs() - cpu0;
                    posted++;
                }
                boolean progress = false;
                while (completed < posted && c.done(ops[completed % depth]))
                {
                    completions[completed++] = bed.system().host(0).nowPs();
                    finished[0] = completed;
                    progress = true;
                }
                if (!progress)
                {
                    self.compute(Perftest.POLL_PS);
                    self.sync();
                }
            }
            providerCpu[0] = postCpu / iterations;
        });
        bed.runUntilDone(test + " --api wsp " + size + " B", () -> finished[0], iterations, 0,
            RunLoop.DEFAULT_NO_PROGRESS_PS);
        final java.util.function.BooleanSupplier landed = () ->
        {
            final byte[] got = new byte[size];
            switch (test)
            {
                case WRITE_BW -> s.memory().read(s.buffer + size, got, 0, size);
                case SEND_BW -> s.memory().read(s.buffer, got, 0, size);
                default -> c.memory().read(c.buffer, got, 0, size);
            }
            return Arrays.equals(expected, got);
        };
        if (!bed.runUntil(landed, LANDING_PS))
        {
            throw new IllegalStateException(test + " --api wsp " + size + " B: the bytes that arrived differ");
        }
        final Map<String, Object> row = Perftest.bandwidthRow(size, iterations, posts, completions, first[0]);
        row.put("provider_post_ns", providerCpu[0] / 1000.0);
        return row;
    }
}
