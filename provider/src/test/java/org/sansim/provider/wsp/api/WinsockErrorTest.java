package org.sansim.provider.wsp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Error code values and {@link WinsockError#name(int)}. */
class WinsockErrorTest
{
    /** A selection of codes with the values of winsock2.h/winerror.h. */
    private static final Object[][] TABLE = {
        {"WSA_OPERATION_ABORTED", 995}, {"WSA_IO_INCOMPLETE", 996}, {"WSA_IO_PENDING", 997},
        {"WSAEINTR", 10004}, {"WSAEACCES", 10013}, {"WSAEFAULT", 10014}, {"WSAEINVAL", 10022},
        {"WSAEMFILE", 10024}, {"WSAEWOULDBLOCK", 10035}, {"WSAEINPROGRESS", 10036}, {"WSAEALREADY", 10037},
        {"WSAENOTSOCK", 10038}, {"WSAEMSGSIZE", 10040}, {"WSAEPROTOTYPE", 10041}, {"WSAENOPROTOOPT", 10042},
        {"WSAEPROTONOSUPPORT", 10043}, {"WSAESOCKTNOSUPPORT", 10044}, {"WSAEOPNOTSUPP", 10045},
        {"WSAEAFNOSUPPORT", 10047}, {"WSAEADDRINUSE", 10048}, {"WSAEADDRNOTAVAIL", 10049},
        {"WSAENETDOWN", 10050}, {"WSAENETRESET", 10052}, {"WSAECONNABORTED", 10053}, {"WSAECONNRESET", 10054},
        {"WSAENOBUFS", 10055}, {"WSAEISCONN", 10056}, {"WSAENOTCONN", 10057}, {"WSAESHUTDOWN", 10058},
        {"WSAETIMEDOUT", 10060}, {"WSAECONNREFUSED", 10061}, {"WSAEHOSTUNREACH", 10065}, {"WSAEPROCLIM", 10067},
        {"WSASYSNOTREADY", 10091}, {"WSAVERNOTSUPPORTED", 10092}, {"WSANOTINITIALISED", 10093},
        {"WSAEDISCON", 10101}, {"WSAEPROVIDERFAILEDINIT", 10106}, {"WSATRY_AGAIN", 11002},
    };

    private static Map<String, Integer> constants()
    {
        final Map<String, Integer> result = new LinkedHashMap<>();
        for (final Field f : WinsockError.class.getDeclaredFields())
        {
            final int mod = f.getModifiers();
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && f.getType() == int.class)
            {
                try
                {
                    result.put(f.getName(), f.getInt(null));
                }
                catch (final IllegalAccessException e)
                {
                    throw new AssertionError(e);
                }
            }
        }
        return result;
    }

    @Test
    void shouldHaveTheHeaderValues()
    {
        final Map<String, Integer> actual = constants();
        for (final Object[] row : TABLE)
        {
            assertEquals(row[1], actual.get((String)row[0]), (String)row[0]);
        }
    }

    @Test
    void shouldKeepBsdCodesInTheWsabaseerrRange()
    {
        for (final Map.Entry<String, Integer> e : constants().entrySet())
        {
            if (e.getKey().startsWith("WSAE"))
            {
                assertTrue(e.getValue() > 10000 && e.getValue() <= 10106, e.getKey());
            }
        }
    }

    @Test
    void shouldRoundTripTheNameOfEveryConstant()
    {
        final Map<String, Integer> all = constants();
        assertTrue(all.size() >= TABLE.length);
        final Set<Integer> values = new HashSet<>();
        for (final Map.Entry<String, Integer> e : all.entrySet())
        {
            assertEquals(e.getKey(), WinsockError.name(e.getValue()));
            assertTrue(values.add(e.getValue()), "duplicate value " + e.getValue());
        }
    }

    @Test
    void shouldNameKnownAndUnknownCodes()
    {
        assertEquals("WSAEFAULT", WinsockError.name(10014));
        assertEquals("WSA_IO_PENDING", WinsockError.name(997));
        assertEquals("WSATRY_AGAIN", WinsockError.name(11002));
        assertEquals("NO_ERROR", WinsockError.name(0));
        assertEquals("error 12345", WinsockError.name(12345));
        assertEquals("error -1", WinsockError.name(-1));
    }
}
