package org.sansim.provider.wsp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every constant of {@link Winsock} against the value the public headers give it. */
class WinsockConstantsTest
{
    /** Name → value from the headers (winsock2.h, ws2spi.h, ws2san.h), written independently of the code. */
    private static final Map<String, Long> EXPECTED = new LinkedHashMap<>();

    static
    {
        expect("SOCKET_ERROR", -1);
        expect("INVALID_SOCKET", -1);
        expect("NO_ERROR", 0);
        expect("AF_INET", 2);
        expect("SOCK_STREAM", 1);
        expect("IPPROTO_TCP", 6);
        expect("SOMAXCONN", 2147483647);
        expect("SOL_SOCKET", 65535);
        expect("SO_DEBUG", 1);
        expect("TCP_NODELAY", 1);
        expect("SO_GROUP_ID", 8193);
        expect("SO_GROUP_PRIORITY", 8194);
        expect("SO_MAX_MSG_SIZE", 8195);
        expect("SO_MAX_RDMA_SIZE", 28685);
        expect("SO_RDMA_THRESHOLD_SIZE", 28686);
        expect("IOC_WS2", 0x08000000);
        expect("IOC_OUT", 0x40000000);
        expect("IOC_IN", (int)0x80000000L);
        expect("SIO_GET_EXTENSION_FUNCTION_POINTER", (int)3355443206L);
        expect("SIO_GET_QOS", (int)3355443207L);
        expect("SIO_GET_GROUP_QOS", (int)3355443208L);
        expect("SIO_SET_QOS", (int)2281701387L);
        expect("SIO_SET_GROUP_QOS", (int)2281701388L);
        expect("SIO_ADDRESS_LIST_QUERY", 1207959574);
        expect("FD_READ_BIT", 0);
        expect("FD_WRITE_BIT", 1);
        expect("FD_OOB_BIT", 2);
        expect("FD_ACCEPT_BIT", 3);
        expect("FD_CONNECT_BIT", 4);
        expect("FD_CLOSE_BIT", 5);
        expect("FD_READ", 1);
        expect("FD_WRITE", 2);
        expect("FD_OOB", 4);
        expect("FD_ACCEPT", 8);
        expect("FD_CONNECT", 16);
        expect("FD_CLOSE", 32);
        expect("FD_MAX_EVENTS", 10);
        expect("FD_ALL_EVENTS", 1023);
        expect("CF_ACCEPT", 0);
        expect("CF_REJECT", 1);
        expect("CF_DEFER", 2);
        expect("MEM_READ", 1);
        expect("MEM_WRITE", 2);
        expect("MEM_READWRITE", 3);
        expect("WSA_FLAG_OVERLAPPED", 1);
        expect("WSS_OPERATION_IN_PROGRESS", 259);
        expect("MSG_OOB", 1);
        expect("MSG_PEEK", 2);
        expect("MSG_PARTIAL", 32768);
        expect("PFL_HIDDEN", 4);
        expect("XP1_GUARANTEED_DELIVERY", 2);
        expect("XP1_GUARANTEED_ORDER", 4);
        expect("XP1_MESSAGE_ORIENTED", 8);
        expect("XP1_GRACEFUL_CLOSE", 32);
        expect("XP1_QOS_SUPPORTED", 8192);
        expect("BIGENDIAN", 0);
        expect("WSPDESCRIPTION_LEN", 255);
        expect("WSAPROTOCOL_LEN", 255);
        expect("MAX_PROTOCOL_CHAIN", 7);
    }

    private static void expect(final String name, final long value)
    {
        EXPECTED.put(name, value);
    }

    private static Map<String, Long> publicConstants()
    {
        final Map<String, Long> actual = new LinkedHashMap<>();
        for (final Field f : Winsock.class.getDeclaredFields())
        {
            final int mod = f.getModifiers();
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod))
            {
                try
                {
                    actual.put(f.getName(), ((Number)f.get(null)).longValue());
                }
                catch (final IllegalAccessException e)
                {
                    throw new AssertionError(e);
                }
            }
        }
        return actual;
    }

    @Test
    void shouldHaveTheHeaderValueForEveryConstant()
    {
        final Map<String, Long> actual = publicConstants();
        for (final Map.Entry<String, Long> e : EXPECTED.entrySet())
        {
            assertTrue(actual.containsKey(e.getKey()), "missing " + e.getKey());
            assertEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
        }
        assertEquals(new TreeSet<>(EXPECTED.keySet()), new TreeSet<>(actual.keySet()), "untested or extra constants");
    }

    @Test
    void shouldMakeInvalidSocketAllOnesAsLong()
    {
        assertEquals(~0L, Winsock.INVALID_SOCKET);
    }

    @Test
    void shouldDeriveIoctlCodesFromTheWsaioMacros()
    {
        final int ioc = Winsock.IOC_WS2;
        final int inout = Winsock.IOC_IN | Winsock.IOC_OUT;
        assertEquals(inout | ioc | 6, Winsock.SIO_GET_EXTENSION_FUNCTION_POINTER);
        assertEquals(inout | ioc | 7, Winsock.SIO_GET_QOS);
        assertEquals(inout | ioc | 8, Winsock.SIO_GET_GROUP_QOS);
        assertEquals(Winsock.IOC_IN | ioc | 11, Winsock.SIO_SET_QOS);
        assertEquals(Winsock.IOC_IN | ioc | 12, Winsock.SIO_SET_GROUP_QOS);
        assertEquals(Winsock.IOC_OUT | ioc | 22, Winsock.SIO_ADDRESS_LIST_QUERY);
    }

    @Test
    void shouldPairEachEventWithItsBit()
    {
        assertEquals(1 << Winsock.FD_READ_BIT, Winsock.FD_READ);
        assertEquals(1 << Winsock.FD_WRITE_BIT, Winsock.FD_WRITE);
        assertEquals(1 << Winsock.FD_OOB_BIT, Winsock.FD_OOB);
        assertEquals(1 << Winsock.FD_ACCEPT_BIT, Winsock.FD_ACCEPT);
        assertEquals(1 << Winsock.FD_CONNECT_BIT, Winsock.FD_CONNECT);
        assertEquals(1 << Winsock.FD_CLOSE_BIT, Winsock.FD_CLOSE);
        assertEquals(Winsock.MEM_READ | Winsock.MEM_WRITE, Winsock.MEM_READWRITE);
    }

    @Test
    void shouldMakeWordLowByteFirst()
    {
        assertEquals(0x0202, Winsock.makeWord(2, 2));
        assertEquals(0x0301, Winsock.makeWord(1, 3));
        assertEquals(0xFFFF, Winsock.makeWord(0x1FF, 0x2FF));
    }
}
