package org.sansim.provider.wsp.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The structures, the two tables and the extension-function handle convention. */
class StructuresTest
{
    /** {@code WSPPROC_TABLE} members in the order of ws2spi.h. */
    private static final List<String> PROC_TABLE = List.of("lpWSPAccept", "lpWSPAddressToString",
        "lpWSPAsyncSelect", "lpWSPBind", "lpWSPCancelBlockingCall", "lpWSPCleanup", "lpWSPCloseSocket",
        "lpWSPConnect", "lpWSPDuplicateSocket", "lpWSPEnumNetworkEvents", "lpWSPEventSelect",
        "lpWSPGetOverlappedResult", "lpWSPGetPeerName", "lpWSPGetSockName", "lpWSPGetSockOpt", "lpWSPGetQOSByName",
        "lpWSPIoctl", "lpWSPJoinLeaf", "lpWSPListen", "lpWSPRecv", "lpWSPRecvDisconnect", "lpWSPRecvFrom",
        "lpWSPSelect", "lpWSPSend", "lpWSPSendDisconnect", "lpWSPSendTo", "lpWSPSetSockOpt", "lpWSPShutdown",
        "lpWSPSocket", "lpWSPStringToAddress");

    /** The 17 members a SAN provider must fill. */
    private static final List<String> REQUIRED = List.of("lpWSPAccept", "lpWSPBind", "lpWSPCleanup",
        "lpWSPCloseSocket", "lpWSPConnect", "lpWSPDuplicateSocket", "lpWSPEnumNetworkEvents", "lpWSPEventSelect",
        "lpWSPGetOverlappedResult", "lpWSPGetQOSByName", "lpWSPGetSockOpt", "lpWSPIoctl", "lpWSPListen",
        "lpWSPRecv", "lpWSPSend", "lpWSPSetSockOpt", "lpWSPSocket");

    /** {@code WSPUPCALLTABLEEX} members in the order of ws2spi.h/ws2san.h. */
    private static final List<String> UPCALL_TABLE = List.of("lpWPUCloseEvent", "lpWPUCloseSocketHandle",
        "lpWPUCreateEvent", "lpWPUCreateSocketHandle", "lpWPUFDIsSet", "lpWPUGetProviderPath",
        "lpWPUModifyIFSHandle", "lpWPUPostMessage", "lpWPUQueryBlockingCallback", "lpWPUQuerySocketHandleContext",
        "lpWPUQueueApc", "lpWPUResetEvent", "lpWPUSetEvent", "lpWPUOpenCurrentThread", "lpWPUCloseThread",
        "lpWPUCompleteOverlappedRequest");

    /** Instance fields in declaration order (HotSpot reports them in source order). */
    private static List<Field> instanceFields(final Class<?> type)
    {
        final List<Field> fields = new ArrayList<>();
        for (final Field f : type.getDeclaredFields())
        {
            if (!Modifier.isStatic(f.getModifiers()))
            {
                fields.add(f);
            }
        }
        return fields;
    }

    @Test
    void shouldListTheProcTableMembersInSpiOrderWithTheRequiredOnesTyped()
    {
        final List<Field> fields = instanceFields(WSPPROC_TABLE.class);
        assertEquals(PROC_TABLE, fields.stream().map(Field::getName).toList());
        for (final Field f : fields)
        {
            final boolean typed = f.getType() != Object.class;
            assertEquals(REQUIRED.contains(f.getName()), typed, f.getName());
            if (typed)
            {
                assertEquals("LP" + f.getName().substring(2).toUpperCase(Locale.ROOT),
                    f.getType().getSimpleName());
                assertTrue(f.getType().isAnnotationPresent(FunctionalInterface.class), f.getName());
            }
        }
    }

    @Test
    void shouldListTheUpcallTableMembersInSpiOrder()
    {
        assertEquals(UPCALL_TABLE, instanceFields(WSPUPCALLTABLEEX.class).stream().map(Field::getName).toList());
        assertEquals(8, instanceFields(WSPUPCALLTABLEEX.class).stream().filter(f -> f.getType() != Object.class)
            .count());
    }

    @Test
    void shouldTellTheNoUpcallBitOfTheEventHandle()
    {
        final WSAOVERLAPPED ov = new WSAOVERLAPPED();
        ov.hEvent = 0x1234;
        assertFalse(ov.wantsNoCompletionUpcall());
        ov.hEvent = 0x1235;
        assertTrue(ov.wantsNoCompletionUpcall());
        ov.hEvent = 0;
        assertFalse(ov.wantsNoCompletionUpcall());
    }

    @Test
    void shouldCopyEveryProtocolInfoField() throws IllegalAccessException
    {
        final WSAPROTOCOL_INFOW src = new WSAPROTOCOL_INFOW();
        int n = 1;
        for (final Field f : instanceFields(WSAPROTOCOL_INFOW.class))
        {
            if (f.getType() == int.class)
            {
                f.setInt(src, n++);
            }
            else if (f.getType() == long.class)
            {
                f.setLong(src, 0x1_0000_0000L + n++);
            }
        }
        src.ProviderId = WsaGuids.WSAID_RDMAREAD;
        src.szProtocol = "SanSim SAN provider";
        src.ProtocolChain.ChainLen = 1;
        src.ProtocolChain.ChainEntries[6] = 99;

        final WSAPROTOCOL_INFOW dst = new WSAPROTOCOL_INFOW().copyFrom(src);
        for (final Field f : instanceFields(WSAPROTOCOL_INFOW.class))
        {
            if (f.getType().isPrimitive() || f.getType() == String.class || f.getType() == Guid.class)
            {
                assertEquals(f.get(src), f.get(dst), f.getName());
            }
        }
        assertEquals(1, dst.ProtocolChain.ChainLen);
        assertArrayEquals(src.ProtocolChain.ChainEntries, dst.ProtocolChain.ChainEntries);
        assertNotSame(src.ProtocolChain.ChainEntries, dst.ProtocolChain.ChainEntries);
        assertEquals(List.of("dwServiceFlags1", "dwServiceFlags2", "dwServiceFlags3", "dwServiceFlags4",
            "dwProviderFlags", "ProviderId", "dwCatalogEntryId", "ProtocolChain", "iVersion", "iAddressFamily",
            "iMaxSockAddr", "iMinSockAddr", "iSocketType", "iProtocol", "iProtocolMaxOffset", "iNetworkByteOrder",
            "iSecurityScheme", "dwMessageSize", "dwProviderReserved", "szProtocol"),
            instanceFields(WSAPROTOCOL_INFOW.class).stream().map(Field::getName).toList());
    }

    @Test
    void shouldSizeTheFixedArrays()
    {
        assertEquals(Winsock.FD_MAX_EVENTS, new WSANETWORKEVENTS().iErrorCode.length);
        assertEquals(Winsock.MAX_PROTOCOL_CHAIN, new WSAPROTOCOLCHAIN().ChainEntries.length);
        final WSANETWORKEVENTS ev = new WSANETWORKEVENTS();
        ev.lNetworkEvents = Winsock.FD_CONNECT;
        ev.iErrorCode[Winsock.FD_CONNECT_BIT] = WinsockError.WSAECONNREFUSED;
        ev.clear();
        assertEquals(0, ev.lNetworkEvents);
        assertEquals(0, ev.iErrorCode[Winsock.FD_CONNECT_BIT]);
    }

    @Test
    void shouldStoreExtensionHandlesAsLittleEndianPointers()
    {
        final byte[] out = new byte[10];
        ExtensionFunctionPointer.write(0x0102_0304_0506_0708L, out, 1);
        assertArrayEquals(new byte[] {0, 8, 7, 6, 5, 4, 3, 2, 1, 0}, out);
        assertEquals(0x0102_0304_0506_0708L, ExtensionFunctionPointer.read(out, 1));
        ExtensionFunctionPointer.write(-2L, out, 2);
        assertEquals(-2L, ExtensionFunctionPointer.read(out, 2));
    }

    @Test
    void shouldResolveHandlesToTypedFunctions()
    {
        final WsaExtensions.LPFN_WSPDEREGISTERMEMORY dereg = (s, handle, lpErrno) -> 0;
        final ExtensionFunctionResolver resolver = h -> h == 7 ? dereg : null;
        assertSame(dereg, resolver.resolve(7, WsaExtensions.LPFN_WSPDEREGISTERMEMORY.class));
        assertNull(resolver.resolve(ExtensionFunctionPointer.NULL_HANDLE, WsaExtensions.LPFN_WSPRDMAWRITE.class));
        assertThrows(ClassCastException.class, () -> resolver.resolve(7, WsaExtensions.LPFN_WSPRDMAWRITE.class));
    }
}
