package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.statistics.Statistics;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.Guid;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.QOS;
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
import org.sansim.provider.wsp.api.WsaGuids;

/**
 * Bad input at the SPI door, as a property (issue 13, item 4). Each try connects a well-behaved
 * pair of sockets (host 0 to host 1) that echo messages of random bytes, and runs beside it, on
 * host 0, a caller that throws random {@code WSP*} calls at a provider: closed, stale and made-up
 * handles, wrong lengths, unregistered and unmapped buffers, null holders and structures, calls in
 * the wrong state, and, when it has a provider of its own, calls after {@code WSPCleanup}. That
 * provider is, per try, either the well-behaved pair's own (it then never cleans up more than it
 * started) or another process's. The caller also has a connected socket of its own, to a peer that
 * accepts and then does nothing, so that the data path is reached too.
 *
 * <p>Every call must return a code wsd-spi.md §3 lists for that function (its DOC, SPI and WinOFED
 * lists, with {@code WSAENOTSOCK} for every call that takes a socket), no call may throw, and the
 * well-behaved pair must echo every byte.
 */
class SpiFuzzPropertyTest
{
    private static final long LIMIT_PS = 4_000_000_000_000L;
    private static final int GOOD_PORT = 5201;
    private static final int FUZZ_PORT = 5202;
    private static final int MESSAGES = 6;
    private static final int STEPS = 150;

    // The codes wsd-spi.md §3 documents for each function (DOC, SPI and WinOFED columns).
    private static final Set<Integer> STARTUP = Set.of(WinsockError.WSASYSNOTREADY, WinsockError.WSAVERNOTSUPPORTED,
        WinsockError.WSAEINPROGRESS, WinsockError.WSAEPROCLIM, WinsockError.WSAEFAULT,
        WinsockError.WSAEPROVIDERFAILEDINIT);
    private static final Set<Integer> CLEANUP = Set.of(WinsockError.WSANOTINITIALISED, WinsockError.WSAENETDOWN);
    // WSANOTINITIALISED: a call after the last WSPCleanup (the code WSPCleanup itself documents)
    private static final Set<Integer> SOCKET = Set.of(WinsockError.WSAENETDOWN, WinsockError.WSAEAFNOSUPPORT,
        WinsockError.WSAEMFILE, WinsockError.WSAENOBUFS, WinsockError.WSAEPROTONOSUPPORT, WinsockError.WSAEPROTOTYPE,
        WinsockError.WSAESOCKTNOSUPPORT, WinsockError.WSAEINVAL, WinsockError.WSANOTINITIALISED);
    private static final Set<Integer> BIND = Set.of(WinsockError.WSAENETDOWN, WinsockError.WSAEADDRNOTAVAIL,
        WinsockError.WSAEFAULT, WinsockError.WSAEINVAL, WinsockError.WSAENOBUFS, WinsockError.WSAENOTSOCK);
    private static final Set<Integer> LISTEN = Set.of(WinsockError.WSAENETDOWN, WinsockError.WSAEINVAL,
        WinsockError.WSAEISCONN, WinsockError.WSAEMFILE, WinsockError.WSAENOBUFS, WinsockError.WSAENOTSOCK);
    private static final Set<Integer> ACCEPT = Set.of(WinsockError.WSAECONNREFUSED, WinsockError.WSAENETDOWN,
        WinsockError.WSAECONNRESET, WinsockError.WSAEFAULT, WinsockError.WSAEINTR, WinsockError.WSAEINPROGRESS,
        WinsockError.WSAEINVAL, WinsockError.WSAEMFILE, WinsockError.WSAENOBUFS, WinsockError.WSAENOTSOCK,
        WinsockError.WSAEOPNOTSUPP, WinsockError.WSATRY_AGAIN, WinsockError.WSAEWOULDBLOCK, WinsockError.WSAEACCES);
    // WSAEALREADY: the generic SPI list's "non-blocking connect in progress" (§3 cut the list short)
    private static final Set<Integer> CONNECT = Set.of(WinsockError.WSAEWOULDBLOCK, WinsockError.WSAECONNRESET,
        WinsockError.WSAECONNREFUSED, WinsockError.WSAEHOSTUNREACH, WinsockError.WSAETIMEDOUT,
        WinsockError.WSAENETDOWN, WinsockError.WSAEADDRINUSE, WinsockError.WSAEINVAL, WinsockError.WSAEFAULT,
        WinsockError.WSAEADDRNOTAVAIL, WinsockError.WSAEISCONN, WinsockError.WSAENOTSOCK, WinsockError.WSAEALREADY);
    private static final Set<Integer> EVENTS = Set.of(WinsockError.WSAENETDOWN, WinsockError.WSAEINVAL,
        WinsockError.WSAENOTSOCK);
    private static final Set<Integer> OVERLAPPED = Set.of(WinsockError.WSA_IO_INCOMPLETE, WinsockError.WSAENETDOWN,
        WinsockError.WSAENOTSOCK, WinsockError.WSAEFAULT, WinsockError.WSA_OPERATION_ABORTED,
        WinsockError.WSAECONNABORTED, WinsockError.WSAECONNRESET, WinsockError.WSAEDISCON);
    private static final Set<Integer> QOS_BY_NAME = Set.of(WinsockError.WSAEOPNOTSUPP, WinsockError.WSAENOTSOCK,
        WinsockError.WSAEFAULT, WinsockError.WSAEINVAL, WinsockError.WSAENETDOWN);
    private static final Set<Integer> GET_OPT = Set.of(WinsockError.WSAENETDOWN, WinsockError.WSAEFAULT,
        WinsockError.WSAEINVAL, WinsockError.WSAENOPROTOOPT, WinsockError.WSAENOTSOCK);
    private static final Set<Integer> SET_OPT = Set.of(WinsockError.WSAENETDOWN, WinsockError.WSAEFAULT,
        WinsockError.WSAEINVAL, WinsockError.WSAENETRESET, WinsockError.WSAENOPROTOOPT, WinsockError.WSAENOTCONN,
        WinsockError.WSAENOTSOCK);
    // §3 did not retrieve WSPIoctl's table: the WinOFED codes, the generic ones, and WSANOTINITIALISED after
    // the last WSPCleanup (the extension query needs no socket, so it cannot answer WSAENOTSOCK)
    private static final Set<Integer> IOCTL = Set.of(WinsockError.WSAEOPNOTSUPP, WinsockError.WSAEINVAL,
        WinsockError.WSAENOPROTOOPT, WinsockError.WSAEFAULT, WinsockError.WSAENOTSOCK, WinsockError.WSAENETDOWN,
        WinsockError.WSANOTINITIALISED);
    private static final Set<Integer> SEND = Set.of(WinsockError.WSA_IO_PENDING, WinsockError.WSAENETDOWN,
        WinsockError.WSAEACCES, WinsockError.WSAEINPROGRESS, WinsockError.WSAEFAULT, WinsockError.WSAENETRESET,
        WinsockError.WSAENOBUFS, WinsockError.WSAENOTCONN, WinsockError.WSAENOTSOCK, WinsockError.WSAEOPNOTSUPP,
        WinsockError.WSAESHUTDOWN, WinsockError.WSAEWOULDBLOCK, WinsockError.WSAEMSGSIZE, WinsockError.WSAEINVAL,
        WinsockError.WSAECONNABORTED, WinsockError.WSAECONNRESET, WinsockError.WSA_OPERATION_ABORTED);
    private static final Set<Integer> RECV = Set.of(WinsockError.WSA_IO_PENDING, WinsockError.WSAENETDOWN,
        WinsockError.WSAENOTCONN, WinsockError.WSAEINTR, WinsockError.WSAEINPROGRESS, WinsockError.WSAENETRESET,
        WinsockError.WSAEFAULT, WinsockError.WSAENOTSOCK, WinsockError.WSAEOPNOTSUPP, WinsockError.WSAESHUTDOWN,
        WinsockError.WSAEWOULDBLOCK, WinsockError.WSAEMSGSIZE, WinsockError.WSAEINVAL, WinsockError.WSAECONNABORTED,
        WinsockError.WSAECONNRESET, WinsockError.WSAEDISCON, WinsockError.WSA_OPERATION_ABORTED,
        WinsockError.WSAENOBUFS);
    private static final Set<Integer> CLOSE = Set.of(WinsockError.WSAENETDOWN, WinsockError.WSAENOTSOCK);
    private static final Set<Integer> DUPLICATE = Set.of(WinsockError.WSAENETDOWN, WinsockError.WSAEINVAL,
        WinsockError.WSAEMFILE, WinsockError.WSAENOBUFS, WinsockError.WSAENOTSOCK, WinsockError.WSAENOTCONN);
    private static final Set<Integer> REGISTER = Set.of(WinsockError.WSAENOBUFS, WinsockError.WSAEFAULT,
        WinsockError.WSAEINVAL, WinsockError.WSAENOTCONN, WinsockError.WSAENOTSOCK);
    private static final Set<Integer> DEREGISTER = Set.of(WinsockError.WSAEINVAL, WinsockError.WSAENOTSOCK);
    private static final Set<Integer> CACHE_CALLBACK = Set.of(WinsockError.WSAEFAULT, WinsockError.WSAEINVAL);

    @Property(tries = 30, seed = "20261208", shrinking = ShrinkingMode.OFF)
    @Tag("property")
    void shouldAnswerEveryBadCallWithADocumentedCodeAndKeepTheGoodConnectionWorking(@ForAll final long seed)
    {
        final Random rnd = new Random(seed);
        final boolean shared = rnd.nextBoolean();
        final WsdTestbed bed = new WsdTestbed(WsdParams.defaults());
        try
        {
            new Run(bed, rnd, shared, seed).run();
        }
        finally
        {
            bed.close();
        }
        // the calls reach the data path, and calls after the last clean-up happen
        Statistics.label("outcome").coverage(c ->
        {
            for (final String o : new String[] {"WSPSend WSA_IO_PENDING", "WSPRecv WSA_IO_PENDING",
                "WSPRdmaWrite WSA_IO_PENDING", "WSPRdmaRead WSA_IO_PENDING", "WSPSend WSAEFAULT",
                "WSPGetOverlappedResult WSA_IO_INCOMPLETE", "WSPRegisterMemory ok", "WSPRegisterRdmaMemory ok",
                "WSPSocket WSANOTINITIALISED", "WSPCleanup WSANOTINITIALISED"})
            {
                c.check(o).count((final Integer n) -> n > 0);
            }
        });
    }

    /** One try. */
    static final class Run
    {
        final WsdTestbed bed;
        final Random rnd;
        final boolean shared;
        final long seed;
        final SwitchDriver client;
        final SwitchDriver server;
        final WsdTestbed.Process fuzzProcess;
        final List<String> failures = new ArrayList<>();
        final StringBuilder trace = new StringBuilder();
        final boolean[] done = new boolean[3];
        long goodSocket = Winsock.INVALID_SOCKET;
        final List<String> outcomes = new ArrayList<>();

        Run(final WsdTestbed bed, final Random rnd, final boolean shared, final long seed)
        {
            this.bed = bed;
            this.rnd = rnd;
            this.shared = shared;
            this.seed = seed;
            client = new SwitchDriver(bed.process(0));
            server = new SwitchDriver(bed.process(1));
            fuzzProcess = shared ? bed.process(0) : bed.newProcess(0);
        }

        void run()
        {
            final int serverIp = bed.host(1).ipv4();
            bed.start(1, "server", self ->
            {
                server.startup();
                final long[] good = server.listen(GOOD_PORT, 2);
                final long[] fuzz = server.listen(FUZZ_PORT, 2);
                final long s = server.acceptOk(self, good);
                server.acceptOk(self, fuzz);
                echo(server, s, self);
                done[1] = true;
            });
            bed.start(0, "client", self ->
            {
                client.startup();
                final long s = client.connectOk(self, serverIp, GOOD_PORT);
                goodSocket = s;
                talk(client, s, self);
                done[0] = true;
            });
            bed.start(0, "fuzzer", self ->
            {
                new Fuzzer(self, serverIp).run();
                done[2] = true;
            });
            final boolean finished = bed.runUntilDone(LIMIT_PS);
            for (final String o : outcomes)
            {
                Statistics.label("outcome").collect(o);
            }
            assertTrue(failures.isEmpty(), () -> "seed " + seed + ", shared " + shared + ":\n"
                + String.join("\n", failures) + "\ncalls:\n" + trace);
            assertTrue(finished && done[0] && done[1] && done[2], () -> "seed " + seed + ": not finished "
                + java.util.Arrays.toString(done) + "\ncalls:\n" + trace);
        }

        static byte[] message(final int i, final long seed)
        {
            final Random r = new Random(seed * 31 + i);
            final byte[] b = new byte[1 + r.nextInt(9000)];
            r.nextBytes(b);
            return b;
        }

        /** The well-behaved client: sends each message and checks its echo. */
        void talk(final SwitchDriver d, final long s, final SimThread self)
        {
            final long out = d.process.allocate(16384);
            final long in = d.process.allocate(16384);
            d.register(s, out, 16384, Winsock.MEM_READ);
            d.register(s, in, 16384, Winsock.MEM_READWRITE);
            for (int i = 0; i < MESSAGES; i++)
            {
                final byte[] m = message(i, seed);
                final WSAOVERLAPPED rov = SwitchDriver.polled();
                d.expectPending(d.recv(s, in, 16384, rov));
                d.process.write(out, m);
                final WSAOVERLAPPED sov = SwitchDriver.polled();
                d.expectPending(d.send(s, out, m.length, sov));
                assertEquals(0, d.result(s, sov)[0]);
                final int[] r = d.result(s, rov);
                assertEquals(0, r[0], () -> WinsockError.name(r[0]));
                assertEquals(m.length, r[1]);
                assertArrayEquals(m, d.process.read(in, m.length), "echo of message " + i);
            }
        }

        /** The well-behaved server: receives each message, checks it and sends it back. */
        void echo(final SwitchDriver d, final long s, final SimThread self)
        {
            final long buf = d.process.allocate(16384);
            d.register(s, buf, 16384, Winsock.MEM_READWRITE);
            for (int i = 0; i < MESSAGES; i++)
            {
                final byte[] m = message(i, seed);
                final WSAOVERLAPPED rov = SwitchDriver.polled();
                d.expectPending(d.recv(s, buf, 16384, rov));
                final int[] r = d.result(s, rov);
                assertEquals(0, r[0], () -> WinsockError.name(r[0]));
                assertEquals(m.length, r[1]);
                assertArrayEquals(m, d.process.read(buf, m.length), "message " + i);
                final WSAOVERLAPPED sov = SwitchDriver.polled();
                d.expectPending(d.send(s, buf, m.length, sov));
                assertEquals(0, d.result(s, sov)[0]);
            }
        }

        /** The caller that gets everything wrong. */
        final class Fuzzer
        {
            final SimThread self;
            final int serverIp;
            final WsdProvider p;
            final WSPPROC_TABLE procs = new WSPPROC_TABLE();
            final IntHolder err = new IntHolder();
            final List<Long> sockets = new ArrayList<>();
            final List<Long> events = new ArrayList<>();
            final List<WSAOVERLAPPED> overlapped = new ArrayList<>();
            final List<Long> handles = new ArrayList<>();
            final List<Long> descriptors = new ArrayList<>();
            final Map<Long, Integer> lengths = new HashMap<>();
            int ownStartups;
            int step;
            long connected = Winsock.INVALID_SOCKET;
            long buffer;
            long registered;
            long registeredHandle;
            long scratch;

            Fuzzer(final SimThread self, final int serverIp)
            {
                this.self = self;
                this.serverIp = serverIp;
                this.p = fuzzProcess.provider();
            }

            void run()
            {
                assertEquals(0, startup(Winsock.makeWord(2, 2), false));
                buffer = fuzzProcess.allocate(65536);
                scratch = fuzzProcess.allocate(4096);
                connectOwn();
                for (int step = 0; step < STEPS; step++)
                {
                    if (!shared && step == 3 * STEPS / 4)
                    {
                        // the last quarter runs after the provider's last clean-up
                        int rc;
                        do
                        {
                            rc = p.WSPCleanup(err);
                            check("WSPCleanup()", rc, CLEANUP);
                        }
                        while (rc == 0);
                        ownStartups = 0;
                    }
                    final int action = rnd.nextInt(24);
                    this.step = step;
                    try
                    {
                        act(action);
                    }
                    catch (final RuntimeException | AssertionError e)
                    {
                        final java.io.StringWriter w = new java.io.StringWriter();
                        e.printStackTrace(new java.io.PrintWriter(w));
                        failures.add("step " + step + " action " + action + " threw " + w);
                        return;
                    }
                }
            }

            int startup(final int version, final boolean withNulls)
            {
                final WSAPROTOCOL_INFOW tcp = new WSAPROTOCOL_INFOW();
                tcp.iAddressFamily = Winsock.AF_INET;
                tcp.iSocketType = Winsock.SOCK_STREAM;
                tcp.iProtocol = Winsock.IPPROTO_TCP;
                final boolean nulls = withNulls && rnd.nextInt(8) == 0;
                final int rc = p.WSPStartupEx(version, nulls && rnd.nextBoolean() ? null : new WSPDATA(), tcp,
                    nulls && rnd.nextBoolean() ? null : fuzzProcess.upcalls().table(),
                    nulls && rnd.nextBoolean() ? null : procs);
                if (rc == 0)
                {
                    ownStartups++;
                }
                trace.append("WSPStartupEx(").append(Integer.toHexString(version)).append(") = ").append(rc)
                    .append('\n');
                if (rc != 0 && !STARTUP.contains(rc))
                {
                    failures.add("WSPStartupEx returned " + WinsockError.name(rc));
                }
                return rc;
            }

            /** A socket connected to the peer that accepts and then does nothing. */
            void connectOwn()
            {
                final long s = p.WSPSocket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, null, 0,
                    Winsock.WSA_FLAG_OVERLAPPED, err);
                assertEquals(0, p.WSPBind(s, SOCKADDR_IN.of(p.host.ipv4(), 0), 16, err));
                final long event = fuzzProcess.upcalls().WPUCreateEvent(err);
                assertEquals(0, p.WSPEventSelect(s, event, Winsock.FD_CONNECT, err));
                assertEquals(Winsock.SOCKET_ERROR, p.WSPConnect(s, SOCKADDR_IN.of(serverIp, FUZZ_PORT), 16, null, null,
                    null, null, err));
                assertEquals(WinsockError.WSAEWOULDBLOCK, err.value);
                fuzzProcess.upcalls().event(event).await(self);
                final WSANETWORKEVENTS ne = new WSANETWORKEVENTS();
                assertEquals(0, p.WSPEnumNetworkEvents(s, event, ne, err));
                assertEquals(0, ne.iErrorCode[Winsock.FD_CONNECT_BIT]);
                connected = s;
                sockets.add(s);
                events.add(event);
                registered = fuzzProcess.allocate(32768);
                registeredHandle = p.WSPRegisterMemory(s, registered, 32768, Winsock.MEM_READWRITE, err);
                assertTrue(registeredHandle != 0);
                handles.add(registeredHandle);
            }

            long socketArg()
            {
                final long s = anySocket();
                // sharing the provider, the caller may name every socket but the good pair's
                return shared && s == goodSocket ? Winsock.INVALID_SOCKET : s;
            }

            long anySocket()
            {
                final int pick = rnd.nextInt(12);
                if (pick < 7 && !sockets.isEmpty())
                {
                    return sockets.get(rnd.nextInt(sockets.size()));
                }
                if (pick == 7 && connected != Winsock.INVALID_SOCKET)
                {
                    return connected;
                }
                if (pick == 8 && !sockets.isEmpty())
                {
                    return sockets.get(rnd.nextInt(sockets.size())) ^ (1L << 16); // stale generation
                }
                return switch (rnd.nextInt(4))
                {
                    case 0 -> 0;
                    case 1 -> Winsock.INVALID_SOCKET;
                    case 2 -> rnd.nextLong();
                    default -> rnd.nextInt(64);
                };
            }

            /** A buffer address: registered, unregistered, unmapped, 0 or wild. */
            long address()
            {
                return switch (rnd.nextInt(7))
                {
                    case 0, 1 -> registered + rnd.nextInt(32768);
                    case 2 -> buffer + rnd.nextInt(65536);
                    case 3 -> 0;
                    case 4 -> 0x7FFF_0000_0000L + rnd.nextInt(1 << 20);
                    case 5 -> registered;
                    default -> rnd.nextLong();
                };
            }

            int length()
            {
                return switch (rnd.nextInt(7))
                {
                    case 0 -> 0;
                    case 1 -> -1 - rnd.nextInt(10);
                    case 2 -> Integer.MAX_VALUE;
                    case 3 -> 1 + rnd.nextInt(64);
                    default -> 1 + rnd.nextInt(40000);
                };
            }

            IntHolder holder(final int value)
            {
                return rnd.nextInt(6) == 0 ? null : new IntHolder(value);
            }

            WSAOVERLAPPED newOverlapped()
            {
                final WSAOVERLAPPED ov = new WSAOVERLAPPED();
                ov.hEvent = rnd.nextBoolean() ? 1 : 0;
                overlapped.add(ov);
                return ov;
            }

            WSAOVERLAPPED overlappedArg()
            {
                final int pick = rnd.nextInt(8);
                if (pick == 0)
                {
                    return null;
                }
                if (pick < 3 && !overlapped.isEmpty())
                {
                    return overlapped.get(rnd.nextInt(overlapped.size()));
                }
                final WSAOVERLAPPED ov = new WSAOVERLAPPED();
                ov.hEvent = rnd.nextBoolean() ? 1 : 0;
                overlapped.add(ov);
                return ov;
            }

            /** Half the time a well-formed request on the caller's connected socket, so the data path is reached. */
            boolean wellFormed()
            {
                return rnd.nextBoolean();
            }

            WSABUF[] goodBufs()
            {
                final WSABUF[] b = new WSABUF[1 + rnd.nextInt(2)];
                for (int i = 0; i < b.length; i++)
                {
                    b[i] = new WSABUF(registered + rnd.nextInt(16384), rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(8192));
                }
                return b;
            }

            WSABUF[] wsabufs()
            {
                if (rnd.nextInt(8) == 0)
                {
                    return null;
                }
                final WSABUF[] b = new WSABUF[rnd.nextInt(6)];
                for (int i = 0; i < b.length; i++)
                {
                    b[i] = rnd.nextInt(10) == 0 ? null : new WSABUF(address(), length());
                }
                return b;
            }

            WSABUFEX[] wsabufexs()
            {
                if (rnd.nextInt(8) == 0)
                {
                    return null;
                }
                final WSABUFEX[] b = new WSABUFEX[rnd.nextInt(6)];
                for (int i = 0; i < b.length; i++)
                {
                    final long h = !handles.isEmpty() && rnd.nextBoolean() ? handles.get(rnd.nextInt(handles.size()))
                        : rnd.nextLong();
                    b[i] = rnd.nextInt(10) == 0 ? null : new WSABUFEX(address(), length(), h);
                }
                return b;
            }

            int count(final Object[] array)
            {
                final int n = array == null ? 0 : array.length;
                return rnd.nextInt(4) == 0 ? rnd.nextInt(10) - 1 : n;
            }

            SOCKADDR_IN name()
            {
                if (rnd.nextInt(6) == 0)
                {
                    return null;
                }
                final SOCKADDR_IN a = SOCKADDR_IN.of(switch (rnd.nextInt(4))
                {
                    case 0 -> p.host.ipv4();
                    case 1 -> serverIp;
                    case 2 -> 0;
                    default -> rnd.nextInt();
                }, switch (rnd.nextInt(4))
                {
                    case 0 -> GOOD_PORT;
                    case 1 -> 6000 + rnd.nextInt(4);
                    case 2 -> 0;
                    default -> rnd.nextInt(65536);
                });
                if (rnd.nextInt(8) == 0)
                {
                    a.sin_family = (short)rnd.nextInt(30);
                }
                return a;
            }

            long descriptorArg()
            {
                if (!descriptors.isEmpty() && rnd.nextBoolean())
                {
                    return descriptors.get(rnd.nextInt(descriptors.size()));
                }
                return address();
            }

            void outcome(final String call, final String result)
            {
                outcomes.add(call.substring(0, call.indexOf('(')) + " " + result);
            }

            void check(final String call, final int rc, final Set<Integer> allowed)
            {
                outcome(call, rc == Winsock.SOCKET_ERROR ? WinsockError.name(err.value) : "ok");
                trace.append(call).append(" = ").append(rc);
                if (rc == Winsock.SOCKET_ERROR)
                {
                    trace.append(' ').append(WinsockError.name(err.value));
                    if (!allowed.contains(err.value))
                    {
                        failures.add(call + " failed with " + WinsockError.name(err.value)
                            + ", which wsd-spi.md does not list for it");
                    }
                }
                else if (rc != 0)
                {
                    failures.add(call + " returned " + rc);
                }
                trace.append('\n');
            }

            void checkHandle(final String call, final long handle, final long failed, final Set<Integer> allowed)
            {
                outcome(call, handle == failed ? WinsockError.name(err.value) : "ok");
                trace.append(call).append(" = ").append(Long.toHexString(handle));
                if (handle == failed)
                {
                    trace.append(' ').append(WinsockError.name(err.value));
                    if (!allowed.contains(err.value))
                    {
                        failures.add(call + " failed with " + WinsockError.name(err.value)
                            + ", which wsd-spi.md does not list for it");
                    }
                }
                trace.append('\n');
            }

            void checkBool(final String call, final boolean ok, final Set<Integer> allowed)
            {
                outcome(call, ok ? "ok" : WinsockError.name(err.value));
                trace.append(call).append(" = ").append(ok);
                if (!ok)
                {
                    trace.append(' ').append(WinsockError.name(err.value));
                    if (!allowed.contains(err.value))
                    {
                        failures.add(call + " failed with " + WinsockError.name(err.value)
                            + ", which wsd-spi.md does not list for it");
                    }
                }
                trace.append('\n');
            }

            void act(final int action)
            {
                err.value = 0;
                switch (action)
                {
                    case 0 ->
                    {
                        final int af = rnd.nextInt(4) == 0 ? rnd.nextInt(30) : Winsock.AF_INET;
                        final int type = rnd.nextInt(4) == 0 ? rnd.nextInt(6) : Winsock.SOCK_STREAM;
                        final int proto = rnd.nextInt(4) == 0 ? rnd.nextInt(20) : Winsock.IPPROTO_TCP;
                        final int flags = rnd.nextInt(4) == 0 ? rnd.nextInt(16) : Winsock.WSA_FLAG_OVERLAPPED;
                        WSAPROTOCOL_INFOW info = null;
                        if (rnd.nextInt(5) == 0)
                        {
                            info = new WSAPROTOCOL_INFOW();
                            info.dwProviderReserved = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong();
                        }
                        final long s = p.WSPSocket(af, type, proto, info, 0, flags, err);
                        checkHandle("WSPSocket(" + af + ", " + type + ", " + proto + ", " + flags + ")", s,
                            Winsock.INVALID_SOCKET, SOCKET);
                        if (s != Winsock.INVALID_SOCKET)
                        {
                            sockets.add(s);
                        }
                    }
                    case 1 ->
                    {
                        final long s = socketArg();
                        final SOCKADDR_IN a = name();
                        final int len = rnd.nextInt(5) == 0 ? rnd.nextInt(20) : 16;
                        check("WSPBind(" + Long.toHexString(s) + ", " + a + ", " + len + ")", p.WSPBind(s, a, len, err),
                            BIND);
                    }
                    case 2 ->
                    {
                        final long s = socketArg();
                        final int backlog = rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(5);
                        check("WSPListen(" + Long.toHexString(s) + ", " + backlog + ")", p.WSPListen(s, backlog, err),
                            LISTEN);
                    }
                    case 3 ->
                    {
                        final long s = socketArg();
                        final SOCKADDR_IN a = rnd.nextBoolean() ? null : new SOCKADDR_IN();
                        final IntHolder len = holder(rnd.nextInt(4) == 0 ? rnd.nextInt(20) : 16);
                        final long r = p.WSPAccept(s, a, len, null, 0, err);
                        checkHandle("WSPAccept(" + Long.toHexString(s) + ")", r, Winsock.INVALID_SOCKET, ACCEPT);
                        if (r != Winsock.INVALID_SOCKET)
                        {
                            sockets.add(r);
                        }
                    }
                    case 4 ->
                    {
                        final long s = socketArg();
                        final SOCKADDR_IN a = name();
                        final int len = rnd.nextInt(5) == 0 ? rnd.nextInt(20) : 16;
                        final WSABUF data = rnd.nextInt(4) == 0 ? new WSABUF(address(), length()) : null;
                        check("WSPConnect(" + Long.toHexString(s) + ", " + a + ", " + len + ", " + data + ")",
                            p.WSPConnect(s, a, len, data, null, null, null, err), CONNECT);
                    }
                    case 5 ->
                    {
                        final long s = socketArg();
                        final long event = rnd.nextBoolean() || events.isEmpty()
                            ? fuzzProcess.upcalls().WPUCreateEvent(new IntHolder()) : events.get(0);
                        events.add(event);
                        final int mask = rnd.nextInt(3) == 0 ? rnd.nextInt(1024)
                            : rnd.nextBoolean() ? Winsock.FD_CONNECT : Winsock.FD_ACCEPT;
                        check("WSPEventSelect(" + Long.toHexString(s) + ", " + mask + ")",
                            p.WSPEventSelect(s, event, mask, err), EVENTS);
                    }
                    case 6 ->
                    {
                        final long s = socketArg();
                        final long event = events.isEmpty() || rnd.nextInt(3) == 0 ? 0 : events.get(0);
                        check("WSPEnumNetworkEvents(" + Long.toHexString(s) + ")", p.WSPEnumNetworkEvents(s, event,
                            rnd.nextInt(4) == 0 ? null : new WSANETWORKEVENTS(), err), EVENTS);
                    }
                    case 7, 8 ->
                    {
                        final boolean good = wellFormed();
                        final long s = good || rnd.nextBoolean() ? connected : socketArg();
                        final WSABUF[] b = good ? goodBufs() : wsabufs();
                        final int n = good ? b.length : count(b);
                        final int flags = !good && rnd.nextInt(6) == 0 ? rnd.nextInt(8) : 0;
                        check("WSPSend(" + Long.toHexString(s) + ", " + java.util.Arrays.toString(b) + ", " + n + ", "
                            + flags + ")", p.WSPSend(s, b, n, holder(0), flags, good ? newOverlapped() : overlappedArg(), null,
                            null, err), SEND);
                    }
                    case 9, 10 ->
                    {
                        final boolean good = wellFormed();
                        final long s = good || rnd.nextBoolean() ? connected : socketArg();
                        final WSABUF[] b = good ? new WSABUF[] {goodBufs()[0]} : wsabufs();
                        final int n = good ? 1 : count(b);
                        check("WSPRecv(" + Long.toHexString(s) + ", " + java.util.Arrays.toString(b) + ", " + n + ")",
                            p.WSPRecv(s, b, n, holder(0), holder(rnd.nextInt()), good ? newOverlapped() : overlappedArg(),
                                null, null, err), RECV);
                    }
                    case 11 ->
                    {
                        final boolean good = wellFormed() && !descriptors.isEmpty();
                        final long s = good || rnd.nextBoolean() ? connected : socketArg();
                        final WSABUFEX[] b = good ? new WSABUFEX[] {new WSABUFEX(registered + rnd.nextInt(16384),
                            1 + rnd.nextInt(8192), registeredHandle)} : wsabufexs();
                        final int n = good ? 1 : count(b);
                        final long d = good ? descriptors.get(rnd.nextInt(descriptors.size())) : descriptorArg();
                        final int dlen = !good && rnd.nextInt(4) == 0 ? rnd.nextInt(40) : RdmaDescriptor.LENGTH_BYTES;
                        final int offset = rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt(4096);
                        final boolean read = rnd.nextBoolean();
                        final String call = (read ? "WSPRdmaRead(" : "WSPRdmaWrite(") + Long.toHexString(s) + ", "
                            + java.util.Arrays.toString(b) + ", " + n + ", " + Long.toHexString(d) + ", " + dlen + ", "
                            + offset + ")";
                        if (read)
                        {
                            check(call, p.WSPRdmaRead(s, b, n, d, dlen, offset, holder(0), 0,
                                good ? newOverlapped() : overlappedArg(), null, null, err), SEND);
                        }
                        else
                        {
                            check(call, p.WSPRdmaWrite(s, b, n, d, dlen, offset, holder(0), 0,
                                good ? newOverlapped() : overlappedArg(), null, null, err), SEND);
                        }
                    }
                    case 12 ->
                    {
                        final long s = rnd.nextBoolean() ? connected : socketArg();
                        final WSAOVERLAPPED ov = overlappedArg();
                        final IntHolder bytes = holder(0);
                        final IntHolder flags = holder(0);
                        checkBool("WSPGetOverlappedResult(" + Long.toHexString(s) + ")",
                            p.WSPGetOverlappedResult(s, ov, bytes, false, flags, err), OVERLAPPED);
                    }
                    case 13 ->
                    {
                        final long s = socketArg();
                        final int level = rnd.nextInt(3) == 0 ? rnd.nextInt() : Winsock.SOL_SOCKET;
                        final int[] names = {Winsock.SO_DEBUG, Winsock.SO_MAX_MSG_SIZE, Winsock.SO_MAX_RDMA_SIZE,
                            Winsock.SO_RDMA_THRESHOLD_SIZE, Winsock.SO_GROUP_ID, Winsock.SO_GROUP_PRIORITY,
                            Winsock.TCP_NODELAY, rnd.nextInt()};
                        final int name = names[rnd.nextInt(names.length)];
                        final IntHolder len = holder(rnd.nextInt(3) == 0 ? rnd.nextInt(12) - 2 : 4);
                        check("WSPGetSockOpt(" + Long.toHexString(s) + ", " + level + ", " + name + ")",
                            p.WSPGetSockOpt(s, level, name, address(), len, err), GET_OPT);
                    }
                    case 14 ->
                    {
                        final long s = socketArg();
                        final int level = rnd.nextInt(3) == 0 ? rnd.nextInt() : Winsock.SOL_SOCKET;
                        final int[] names = {Winsock.SO_DEBUG, Winsock.SO_GROUP_PRIORITY, Winsock.SO_MAX_MSG_SIZE,
                            Winsock.TCP_NODELAY, rnd.nextInt()};
                        final int name = names[rnd.nextInt(names.length)];
                        final int len = rnd.nextInt(3) == 0 ? rnd.nextInt(12) - 2 : 4;
                        check("WSPSetSockOpt(" + Long.toHexString(s) + ", " + level + ", " + name + ", " + len + ")",
                            p.WSPSetSockOpt(s, level, name, address(), len, err), SET_OPT);
                    }
                    case 15 ->
                    {
                        final long s = socketArg();
                        final int[] codes = {Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER, Winsock.SIO_ADDRESS_LIST_QUERY,
                            Winsock.SIO_GET_QOS, Winsock.SIO_SET_QOS, Winsock.SIO_GET_GROUP_QOS, rnd.nextInt()};
                        final int code = codes[rnd.nextInt(codes.length)];
                        long in = address();
                        int inLen = rnd.nextInt(3) == 0 ? rnd.nextInt(40) : 16;
                        if (code == Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER && rnd.nextBoolean())
                        {
                            final Guid[] guids = {WsaGuids.WSAID_RDMAWRITE, WsaGuids.WSAID_REGISTERMEMORY,
                                WsaGuids.WSAID_RDMAREAD};
                            fuzzProcess.write(scratch, guids[rnd.nextInt(guids.length)].toBytes());
                            in = scratch;
                            inLen = 16;
                        }
                        final int outLen = rnd.nextInt(3) == 0 ? rnd.nextInt(64) - 4 : 8;
                        final long out = rnd.nextBoolean() ? scratch + 64 : address();
                        check("WSPIoctl(" + Long.toHexString(s) + ", " + Integer.toHexString(code) + ", " + inLen + ", "
                            + outLen + ")", p.WSPIoctl(s, code, in, inLen, out, outLen, holder(0), null, null, null,
                            err), IOCTL);
                    }
                    case 16 ->
                    {
                        final long s = socketArg();
                        checkBool("WSPGetQOSByName(" + Long.toHexString(s) + ")", p.WSPGetQOSByName(s,
                            rnd.nextBoolean() ? null : new WSABUF(address(), length()),
                            rnd.nextBoolean() ? null : new QOS(), err), QOS_BY_NAME);
                    }
                    case 17 ->
                    {
                        final long s = rnd.nextBoolean() ? connected : socketArg();
                        final long va = address();
                        final int len = length();
                        final int flags = rnd.nextInt(4) == 0 ? rnd.nextInt(8) : Winsock.MEM_READWRITE;
                        final long h = p.WSPRegisterMemory(s, va, len, flags, err);
                        checkHandle("WSPRegisterMemory(" + Long.toHexString(s) + ", " + Long.toHexString(va) + ", "
                            + len + ", " + flags + ")", h, 0, REGISTER);
                        if (h != 0)
                        {
                            handles.add(h);
                        }
                    }
                    case 18 ->
                    {
                        final long s = rnd.nextBoolean() ? connected : socketArg();
                        final long h = !handles.isEmpty() && rnd.nextBoolean() ? handles.get(rnd.nextInt(handles.size()))
                            : rnd.nextLong();
                        check("WSPDeregisterMemory(" + Long.toHexString(s) + ", " + Long.toHexString(h) + ")",
                            p.WSPDeregisterMemory(s, h, err), DEREGISTER);
                    }
                    case 19 ->
                    {
                        final long s = rnd.nextBoolean() ? connected : socketArg();
                        final long va = rnd.nextBoolean() ? registered + rnd.nextInt(16384) : address();
                        final int len = length();
                        final int flags = rnd.nextInt(4) == 0 ? rnd.nextInt(8) : Winsock.MEM_READWRITE;
                        final long d = rnd.nextInt(4) == 0 ? address() : scratch + 128 + 32 * rnd.nextInt(8);
                        final IntHolder dlen = holder(rnd.nextInt(4) == 0 ? rnd.nextInt(40) : RdmaDescriptor.LENGTH_BYTES);
                        final int rc = p.WSPRegisterRdmaMemory(s, va, len, flags, d, dlen, err);
                        check("WSPRegisterRdmaMemory(" + Long.toHexString(s) + ", " + Long.toHexString(va) + ", " + len
                            + ", " + flags + ", " + Long.toHexString(d) + ")", rc, REGISTER);
                        if (rc == 0)
                        {
                            descriptors.add(d);
                        }
                    }
                    case 20 ->
                    {
                        final long s = rnd.nextBoolean() ? connected : socketArg();
                        final long d = descriptorArg();
                        final int dlen = rnd.nextInt(4) == 0 ? rnd.nextInt(40) : RdmaDescriptor.LENGTH_BYTES;
                        check("WSPDeregisterRdmaMemory(" + Long.toHexString(s) + ", " + Long.toHexString(d) + ", "
                            + dlen + ")", p.WSPDeregisterRdmaMemory(s, d, dlen, err), DEREGISTER);
                    }
                    case 21 ->
                    {
                        final long va = address();
                        final long size = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(70000);
                        check("WSPMemoryRegistrationCacheCallback(" + Long.toHexString(va) + ", " + size + ")",
                            p.WSPMemoryRegistrationCacheCallback(va, size, err), CACHE_CALLBACK);
                    }
                    case 22 ->
                    {
                        final long s = socketArg();
                        if (rnd.nextInt(3) == 0)
                        {
                            final int pid = rnd.nextInt(3) == 0 ? rnd.nextInt() : fuzzProcess.process().pid();
                            check("WSPDuplicateSocket(" + Long.toHexString(s) + ", " + pid + ")",
                                p.WSPDuplicateSocket(s, pid, rnd.nextInt(4) == 0 ? null : new WSAPROTOCOL_INFOW(), err),
                                DUPLICATE);
                        }
                        else if (s != connected || step > STEPS / 2)
                        {
                            check("WSPCloseSocket(" + Long.toHexString(s) + ")", p.WSPCloseSocket(s, err), CLOSE);
                        }
                    }
                    default ->
                    {
                        // start-up and clean-up; sharing the good pair's provider, never below its own start-up
                        if (rnd.nextBoolean())
                        {
                            startup(rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : Winsock.makeWord(2, 2), true);
                        }
                        else if ((!shared || ownStartups > 0) && step > STEPS / 2 && rnd.nextInt(3) == 0)
                        {
                            final int rc = p.WSPCleanup(err);
                            if (rc == 0)
                            {
                                ownStartups--;
                            }
                            check("WSPCleanup()", rc, CLEANUP);
                        }
                    }
                }
            }
        }
    }
}
