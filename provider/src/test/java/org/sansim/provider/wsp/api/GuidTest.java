package org.sansim.provider.wsp.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@link Guid} text and memory forms, and the extension GUIDs of {@link WsaGuids}. */
class GuidTest
{
    /** The seven GUIDs as the reference table writes them. */
    private static final Object[][] EXTENSIONS = {
        {WsaGuids.WSAID_REGISTERMEMORY, "{C0B422F5-F58C-11d1-AD6C-00C04FA34A2D}"},
        {WsaGuids.WSAID_DEREGISTERMEMORY, "{C0B422F6-F58C-11d1-AD6C-00C04FA34A2D}"},
        {WsaGuids.WSAID_REGISTERRDMAMEMORY, "{C0B422F7-F58C-11d1-AD6C-00C04FA34A2D}"},
        {WsaGuids.WSAID_DEREGISTERRDMAMEMORY, "{C0B422F8-F58C-11d1-AD6C-00C04FA34A2D}"},
        {WsaGuids.WSAID_RDMAWRITE, "{C0B422F9-F58C-11d1-AD6C-00C04FA34A2D}"},
        {WsaGuids.WSAID_RDMAREAD, "{C0B422FA-F58C-11d1-AD6C-00C04FA34A2D}"},
        {WsaGuids.WSAID_MEMORYREGISTRATIONCACHECALLBACK, "{E5DA4AF8-D824-48CD-A799-6337A98ED2AF}"},
    };

    @Test
    void shouldLayOutRdmaWriteLikeTheCInitialiser()
    {
        // {0xC0B422F9, 0xF58C, 0x11d1, {0xAD, 0x6C, 0x00, 0xC0, 0x4F, 0xA3, 0x4A, 0x2D}} on a little-endian CPU
        final byte[] expected = {
            (byte)0xF9, (byte)0x22, (byte)0xB4, (byte)0xC0,
            (byte)0x8C, (byte)0xF5,
            (byte)0xD1, (byte)0x11,
            (byte)0xAD, (byte)0x6C, (byte)0x00, (byte)0xC0, (byte)0x4F, (byte)0xA3, (byte)0x4A, (byte)0x2D,
        };
        assertArrayEquals(expected, WsaGuids.WSAID_RDMAWRITE.toBytes());
        assertEquals(new Guid(0xC0B422F9, 0xF58C, 0x11D1, 0xAD6C00C04FA34A2DL), WsaGuids.WSAID_RDMAWRITE);
        assertEquals((byte)0xAD, WsaGuids.WSAID_RDMAWRITE.data4Byte(0));
        assertEquals((byte)0x2D, WsaGuids.WSAID_RDMAWRITE.data4Byte(7));
    }

    @Test
    void shouldLayOutCacheCallbackLikeTheCInitialiser()
    {
        final byte[] expected = {
            (byte)0xF8, (byte)0x4A, (byte)0xDA, (byte)0xE5, (byte)0x24, (byte)0xD8, (byte)0xCD, (byte)0x48,
            (byte)0xA7, (byte)0x99, (byte)0x63, (byte)0x37, (byte)0xA9, (byte)0x8E, (byte)0xD2, (byte)0xAF,
        };
        assertArrayEquals(expected, WsaGuids.WSAID_MEMORYREGISTRATIONCACHECALLBACK.toBytes());
    }

    @Test
    void shouldRoundTripTextAndMemoryForms()
    {
        for (final Object[] row : EXTENSIONS)
        {
            final Guid g = (Guid)row[0];
            final String text = (String)row[1];
            assertEquals(text.toUpperCase(Locale.ROOT), g.toString());
            assertEquals(g, Guid.parse(text));
            assertEquals(g, Guid.parse(g.toString()));
            assertEquals(g, Guid.parse(text.substring(1, text.length() - 1).toLowerCase(Locale.ROOT)));
            final byte[] buf = new byte[20];
            g.writeTo(buf, 3);
            assertEquals(g, Guid.readFrom(buf, 3));
            assertEquals(g.hashCode(), Guid.readFrom(buf, 3).hashCode());
        }
    }

    @Test
    void shouldTellTheExtensionGuidsApart()
    {
        for (int i = 0; i < EXTENSIONS.length; i++)
        {
            for (int j = i + 1; j < EXTENSIONS.length; j++)
            {
                assertNotEquals(EXTENSIONS[i][0], EXTENSIONS[j][0]);
            }
        }
    }

    @Test
    void shouldRejectMalformedText()
    {
        assertThrows(IllegalArgumentException.class, () -> Guid.parse("{C0B422F9-F58C-11d1-AD6C-00C04FA34A2}"));
        assertThrows(IllegalArgumentException.class, () -> Guid.parse("{C0B422F9+F58C-11d1-AD6C-00C04FA34A2D}"));
        assertThrows(IllegalArgumentException.class, () -> Guid.parse("{C0B422FG-F58C-11d1-AD6C-00C04FA34A2D}"));
        assertThrows(IllegalArgumentException.class, () -> Guid.parse("{+0B422F9-F58C-11d1-AD6C-00C04FA34A2D}"));
        assertThrows(IllegalArgumentException.class, () -> new Guid(0, 0x10000, 0, 0));
    }
}
