package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.host.AddressSpace;
import org.sansim.provider.wsp.api.Guid;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.QOS;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.SocketAddressList;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;
import org.sansim.provider.wsp.api.WsaExtensions;
import org.sansim.provider.wsp.api.WsaGuids;

/**
 * {@code WSPGetSockOpt}, {@code WSPSetSockOpt}, {@code WSPIoctl} and {@code WSPGetQOSByName} as the
 * switch uses them (wsd-spi.md §1.3, §2.3-§2.5, §3): every option and ioctl of the reference with
 * its value, every other one refused with its code, the sizes written back, and what QoS and the
 * optional extensions switch on and off.
 */
class OptionsTest
{
    private static final long LIMIT_PS = 1_000_000_000_000L;
    private static final int SO_KEEPALIVE = 0x0008;
    private static final int SO_LINGER = 0x0080;
    private static final int SO_RCVBUF = 0x1002;
    private static final int SO_SNDBUF = 0x1001;
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_IPV6 = 41;
    private WsdTestbed bed;

    @AfterEach
    void close()
    {
        bed.close();
    }

    /** Runs {@code body} with a started-up driver in host 0's process, under {@code params}. */
    private void run(final WsdParams params, final Body body)
    {
        bed = new WsdTestbed(params);
        final SwitchDriver d = new SwitchDriver(bed.process(0));
        bed.start(0, "switch", self ->
        {
            d.startup();
            body.run(d, d.socket(), d.process.allocate(4096));
        });
        assertTrue(bed.runUntilDone(LIMIT_PS), "the thread did not finish");
    }

    private interface Body
    {
        void run(SwitchDriver d, long s, long buf);
    }

    private static int get(final SwitchDriver d, final long s, final int level, final int name, final long buf,
        final IntHolder len)
    {
        return d.procs.lpWSPGetSockOpt.WSPGetSockOpt(s, level, name, buf, len, d.err);
    }

    private static int set(final SwitchDriver d, final long s, final int level, final int name, final long buf,
        final int len)
    {
        return d.procs.lpWSPSetSockOpt.WSPSetSockOpt(s, level, name, buf, len, d.err);
    }

    /** Reads an option into a buffer pre-filled with 0xEE and checks only 4 bytes were written. */
    private static int value(final SwitchDriver d, final long s, final int level, final int name, final long buf)
    {
        final byte[] fill = new byte[8];
        Arrays.fill(fill, (byte)0xEE);
        d.process.write(buf, fill);
        final IntHolder len = new IntHolder(8);
        assertEquals(0, get(d, s, level, name, buf, len), () -> WinsockError.name(d.err.value));
        assertEquals(4, len.value);
        final byte[] after = d.process.read(buf, 8);
        assertArrayEquals(Arrays.copyOfRange(fill, 4, 8), Arrays.copyOfRange(after, 4, 8));
        return d.process.process().addressSpace().getIntLE(buf);
    }

    @Test
    void getSockOptReportsEachOptionOfTheReference()
    {
        run(WsdParams.defaults(), (d, s, buf) ->
        {
            assertEquals(0, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf));
            assertEquals(0xFFFF_FFFF, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_MAX_MSG_SIZE, buf));
            assertEquals(0xFFFF_FFFF, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_MAX_RDMA_SIZE, buf));
            assertEquals(4096, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_RDMA_THRESHOLD_SIZE, buf));
            assertEquals(1, value(d, s, Winsock.IPPROTO_TCP, Winsock.TCP_NODELAY, buf));
        });
        bed.close();
        run(WsdParams.defaults().withLimits(65_536, 1L << 20), (d, s, buf) ->
        {
            assertEquals(65_536, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_MAX_MSG_SIZE, buf));
            assertEquals(1 << 20, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_MAX_RDMA_SIZE, buf));
        });
    }

    @Test
    void getSockOptRefusesOtherOptionsLevelsAndShortBuffers()
    {
        run(WsdParams.defaults(), (d, s, buf) ->
        {
            final IntHolder len = new IntHolder(4);
            for (final int name : new int[] {Winsock.SO_GROUP_ID, Winsock.SO_GROUP_PRIORITY, SO_KEEPALIVE, SO_LINGER,
                SO_RCVBUF, SO_SNDBUF, 0x7FFF})
            {
                d.expectError(get(d, s, Winsock.SOL_SOCKET, name, buf, len), WinsockError.WSAENOPROTOOPT);
            }
            d.expectError(get(d, s, Winsock.IPPROTO_TCP, 0x0002, buf, len), WinsockError.WSAENOPROTOOPT);
            for (final int level : new int[] {IPPROTO_IP, IPPROTO_IPV6, 17, 0x1234})
            {
                d.expectError(get(d, s, level, Winsock.SO_DEBUG, buf, len), WinsockError.WSAEINVAL);
            }
            d.expectError(get(d, 0x77, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf, len), WinsockError.WSAENOTSOCK);
            assertEquals(4, len.value);
            final byte[] fill = {1, 2, 3, 4};
            for (final int room : new int[] {0, 1, 3})
            {
                d.process.write(buf, fill);
                final IntHolder shortLen = new IntHolder(room);
                d.expectError(get(d, s, Winsock.SOL_SOCKET, Winsock.SO_RDMA_THRESHOLD_SIZE, buf, shortLen),
                    WinsockError.WSAEFAULT);
                assertEquals(4, shortLen.value, "the needed length is written back");
                assertArrayEquals(fill, d.process.read(buf, 4), "nothing written to a short buffer");
            }
            d.expectError(get(d, s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf, null), WinsockError.WSAEFAULT);
        });
    }

    @Test
    void setSockOptTakesDebugOnlyWithTheExactLength()
    {
        run(WsdParams.defaults(), (d, s, buf) ->
        {
            final AddressSpace space = d.process.process().addressSpace();
            space.putIntLE(buf, 7);
            assertEquals(0, set(d, s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf, 4));
            assertEquals(1, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf));
            space.putIntLE(buf, 0);
            d.expectError(set(d, s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf, 3), WinsockError.WSAEFAULT);
            d.expectError(set(d, s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf, 8), WinsockError.WSAEFAULT);
            assertEquals(1, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf), "failed sets change nothing");
            space.putIntLE(buf, 0);
            assertEquals(0, set(d, s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf, 4));
            assertEquals(0, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf));
            for (final int name : new int[] {Winsock.SO_GROUP_PRIORITY, Winsock.SO_GROUP_ID, Winsock.SO_MAX_MSG_SIZE,
                Winsock.SO_RDMA_THRESHOLD_SIZE, SO_RCVBUF})
            {
                d.expectError(set(d, s, Winsock.SOL_SOCKET, name, buf, 4), WinsockError.WSAENOPROTOOPT);
            }
            d.expectError(set(d, s, Winsock.IPPROTO_TCP, Winsock.TCP_NODELAY, buf, 4), WinsockError.WSAENOPROTOOPT);
            d.expectError(set(d, s, IPPROTO_IPV6, Winsock.SO_DEBUG, buf, 4), WinsockError.WSAEINVAL);
            d.expectError(set(d, 0x77, Winsock.SOL_SOCKET, Winsock.SO_DEBUG, buf, 4), WinsockError.WSAENOTSOCK);
        });
    }

    @Test
    void groupOptionsExistOnlyWithQos()
    {
        run(WsdParams.defaults().withQos(true), (d, s, buf) ->
        {
            assertEquals(0, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_GROUP_ID, buf));
            assertEquals(0, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_GROUP_PRIORITY, buf));
            d.process.process().addressSpace().putIntLE(buf, 7);
            assertEquals(0, set(d, s, Winsock.SOL_SOCKET, Winsock.SO_GROUP_PRIORITY, buf, 4));
            assertEquals(7, value(d, s, Winsock.SOL_SOCKET, Winsock.SO_GROUP_PRIORITY, buf));
            // Per socket.
            final long other = d.socket();
            assertEquals(0, value(d, other, Winsock.SOL_SOCKET, Winsock.SO_GROUP_PRIORITY, buf));
            d.expectError(set(d, s, Winsock.SOL_SOCKET, Winsock.SO_GROUP_ID, buf, 4), WinsockError.WSAENOPROTOOPT);
        });
    }

    private static int ioctlGuid(final SwitchDriver d, final long s, final Guid guid, final long buf, final int in,
        final int out, final IntHolder returned)
    {
        d.process.write(buf, guid.toBytes());
        return d.procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER, buf, in, buf + 64, out,
            returned, null, null, null, d.err);
    }

    @Test
    void extensionPointersResolveToTheirFunctionsAndBadQueriesAreRefused()
    {
        final Guid[] guids = {WsaGuids.WSAID_REGISTERMEMORY, WsaGuids.WSAID_DEREGISTERMEMORY,
            WsaGuids.WSAID_REGISTERRDMAMEMORY, WsaGuids.WSAID_DEREGISTERRDMAMEMORY, WsaGuids.WSAID_RDMAWRITE,
            WsaGuids.WSAID_RDMAREAD, WsaGuids.WSAID_MEMORYREGISTRATIONCACHECALLBACK};
        final Class<?>[] types = {WsaExtensions.LPFN_WSPREGISTERMEMORY.class,
            WsaExtensions.LPFN_WSPDEREGISTERMEMORY.class, WsaExtensions.LPFN_WSPREGISTERRDMAMEMORY.class,
            WsaExtensions.LPFN_WSPDEREGISTERRDMAMEMORY.class, WsaExtensions.LPFN_WSPRDMAWRITE.class,
            WsaExtensions.LPFN_WSPRDMAREAD.class, WsaExtensions.LPFN_WSPMEMORYREGISTRATIONCACHECALLBACK.class};
        run(WsdParams.defaults(), (d, s, buf) ->
        {
            final long[] handles = new long[guids.length];
            for (int i = 0; i < guids.length; i++)
            {
                final IntHolder returned = new IntHolder();
                // The reference: the socket is not looked at for this ioctl.
                assertEquals(0, ioctlGuid(d, i % 2 == 0 ? s : 0x999, guids[i], buf, 16, 8, returned));
                assertEquals(8, returned.value);
                handles[i] = d.process.process().addressSpace().getLongLE(buf + 64);
                final Object f = d.p.resolve(handles[i]);
                assertInstanceOf(types[i], f, guids[i].toString());
                for (int j = 0; j < i; j++)
                {
                    assertTrue(handles[j] != handles[i]);
                }
            }
            assertNull(d.p.resolve(0));
            assertNull(d.p.resolve(handles[0] + 7), "a handle never issued");
            assertNull(d.p.resolve(handles[0] ^ (1L << 40)));
            final IntHolder returned = new IntHolder(-5);
            final byte[] before = d.process.read(buf + 64, 8);
            d.expectError(ioctlGuid(d, s, Guid.parse("{C0B422FB-F58C-11d1-AD6C-00C04FA34A2D}"), buf, 16, 8,
                returned), WinsockError.WSAEINVAL);
            d.expectError(ioctlGuid(d, s, WsaGuids.WSAID_RDMAWRITE, buf, 16, 7, returned), WinsockError.WSAEFAULT);
            d.expectError(ioctlGuid(d, s, WsaGuids.WSAID_RDMAWRITE, buf, 15, 8, returned), WinsockError.WSAEFAULT);
            assertArrayEquals(before, d.process.read(buf + 64, 8), "nothing written by a refused query");
            d.expectError(d.procs.lpWSPIoctl.WSPIoctl(s, 0x1234_5678, buf, 16, buf + 64, 64, returned, null, null,
                null, d.err), WinsockError.WSAEINVAL);
        });
    }

    @Test
    void switchedOffExtensionsAreNotSupported()
    {
        run(WsdParams.defaults().withRdmaRead(false).withCacheCallback(false), (d, s, buf) ->
        {
            final IntHolder returned = new IntHolder();
            d.expectError(ioctlGuid(d, s, WsaGuids.WSAID_RDMAREAD, buf, 16, 8, returned), WinsockError.WSAEOPNOTSUPP);
            d.expectError(ioctlGuid(d, s, WsaGuids.WSAID_MEMORYREGISTRATIONCACHECALLBACK, buf, 16, 8, returned),
                WinsockError.WSAEOPNOTSUPP);
            assertEquals(0, ioctlGuid(d, s, WsaGuids.WSAID_RDMAWRITE, buf, 16, 8, returned));
            assertInstanceOf(WsaExtensions.LPFN_WSPRDMAWRITE.class,
                d.p.resolve(d.process.process().addressSpace().getLongLE(buf + 64)));
        });
        bed.close();
        run(WsdParams.defaults().withRdmaRead(false), (d, s, buf) ->
        {
            final IntHolder returned = new IntHolder();
            d.expectError(ioctlGuid(d, s, WsaGuids.WSAID_RDMAREAD, buf, 16, 8, returned), WinsockError.WSAEOPNOTSUPP);
            assertEquals(0, ioctlGuid(d, s, WsaGuids.WSAID_MEMORYREGISTRATIONCACHECALLBACK, buf, 16, 8, returned));
        });
    }

    @Test
    void addressListQueryReturnsTheHostsSanAddressOrTheSizeItNeeds()
    {
        run(WsdParams.defaults(), (d, s, buf) ->
        {
            final int needed = SocketAddressList.sizeBytes(1);
            final IntHolder returned = new IntHolder();
            final byte[] fill = new byte[128];
            Arrays.fill(fill, (byte)0x5A);
            d.process.write(buf, fill);
            d.expectError(d.procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_ADDRESS_LIST_QUERY, 0, 0, buf, needed - 1,
                returned, null, null, null, d.err), WinsockError.WSAEFAULT);
            assertEquals(needed, returned.value);
            assertArrayEquals(fill, d.process.read(buf, 128), "nothing written to a short buffer");
            returned.value = 0;
            assertEquals(0, d.procs.lpWSPIoctl.WSPIoctl(s, Winsock.SIO_ADDRESS_LIST_QUERY, 0, 0, buf, 128, returned,
                null, null, null, d.err));
            assertEquals(needed, returned.value);
            final byte[] out = d.process.read(buf, 128);
            final List<SOCKADDR_IN> list = SocketAddressList.decode(buf, Arrays.copyOf(out, needed));
            assertEquals(List.of(SOCKADDR_IN.of(bed.host(0).ipv4(), 0)), list);
            assertArrayEquals(Arrays.copyOfRange(fill, needed, 128), Arrays.copyOfRange(out, needed, 128));
            d.expectError(d.procs.lpWSPIoctl.WSPIoctl(0x77, Winsock.SIO_ADDRESS_LIST_QUERY, 0, 0, buf, 128, returned,
                null, null, null, d.err), WinsockError.WSAENOTSOCK);
        });
    }

    @Test
    void qosIoctlsAndTemplatesNeedQos()
    {
        final int[] codes = {Winsock.SIO_GET_QOS, Winsock.SIO_SET_QOS, Winsock.SIO_GET_GROUP_QOS,
            Winsock.SIO_SET_GROUP_QOS};
        run(WsdParams.defaults(), (d, s, buf) ->
        {
            for (final int code : codes)
            {
                d.expectError(d.procs.lpWSPIoctl.WSPIoctl(s, code, buf, 64, buf + 64, 64, new IntHolder(), null, null,
                    null, d.err), WinsockError.WSAEOPNOTSUPP);
            }
            d.process.write(buf, "Guaranteed".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            final QOS qos = new QOS();
            assertFalse(d.procs.lpWSPGetQOSByName.WSPGetQOSByName(s, new WSABUF(buf, 10), qos, d.err));
            assertEquals(WinsockError.WSAEOPNOTSUPP, d.err.value);
            assertEquals(0, qos.SendingFlowspec.ServiceType);
        });
        bed.close();
        run(WsdParams.defaults().withQos(true), (d, s, buf) ->
        {
            for (final int code : codes)
            {
                assertEquals(0, d.procs.lpWSPIoctl.WSPIoctl(s, code, buf, 64, buf + 64, 64, new IntHolder(), null,
                    null, null, d.err));
            }
            d.process.write(buf, "Guaranteed\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            final QOS qos = new QOS();
            assertTrue(d.procs.lpWSPGetQOSByName.WSPGetQOSByName(s, new WSABUF(buf, 11), qos, d.err));
            assertEquals(QosTemplates.SERVICETYPE_GUARANTEED, qos.SendingFlowspec.ServiceType);
            assertEquals(QosTemplates.SERVICETYPE_GUARANTEED, qos.ReceivingFlowspec.ServiceType);
            assertEquals(125_000_000, qos.SendingFlowspec.TokenRate);
            assertEquals(125_000_000, qos.ReceivingFlowspec.PeakBandwidth);
            assertEquals(QosTemplates.NOT_SPECIFIED, qos.SendingFlowspec.Latency);
            d.process.write(buf + 32, "BestEffort".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            final QOS best = new QOS();
            assertTrue(d.procs.lpWSPGetQOSByName.WSPGetQOSByName(s, new WSABUF(buf + 32, 10), best, d.err));
            assertEquals(QosTemplates.SERVICETYPE_BESTEFFORT, best.SendingFlowspec.ServiceType);
            assertEquals(QosTemplates.NOT_SPECIFIED, best.SendingFlowspec.TokenRate);
            d.process.write(buf + 64, "Platinum".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            final QOS unknown = new QOS();
            assertFalse(d.procs.lpWSPGetQOSByName.WSPGetQOSByName(s, new WSABUF(buf + 64, 8), unknown, d.err));
            assertEquals(WinsockError.WSAEINVAL, d.err.value);
            assertEquals(0, unknown.SendingFlowspec.ServiceType);
            assertFalse(d.procs.lpWSPGetQOSByName.WSPGetQOSByName(0x77, new WSABUF(buf, 10), qos, d.err));
            assertEquals(WinsockError.WSAENOTSOCK, d.err.value);
        });
    }
}
