package org.sansim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.nic.command.CommandProcessorParams;

/** Addresses are written and shown as addresses, not as integers. */
class AddressUnitsTest
{
    @Test
    void shouldParseAndFormatAddresses()
    {
        assertEquals(0x02_00_0a_00_00_05L, Units.parseMac("02:00:0a:00:00:05"));
        assertEquals(0x02_00_0a_00_00_05L, Units.parseMac(" 2:0:A:0:0:5 "));
        assertEquals("02:00:0a:00:00:05", Units.formatMac(0x02_00_0a_00_00_05L));
        assertEquals(0x0a_00_00_05, Units.parseIpv4("10.0.0.5"));
        assertEquals(0xC0_00_02_01, Units.parseIpv4("192.0.2.1"));
        assertEquals("192.0.2.1", Units.formatIpv4(0xC0_00_02_01));
        for (final String bad : new String[] {"10.0.0", "10.0.0.256", "10.0.0.5.1", "10..0.5", "a.b.c.d", "",
            "-1.0.0.0"})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseIpv4(bad));
            assertTrue(e.getMessage().startsWith("expected an IPv4 address such as \"10.0.0.5\""), e.getMessage());
        }
        for (final String bad : new String[] {"02:00:0a:00:00", "02:00:0a:00:00:05:06", "02:00:0a:00:00:123",
            "02:00:0g:00:00:05", "2199023255553"})
        {
            assertThrows(IllegalArgumentException.class, () -> Units.parseMac(bad), bad);
        }
    }

    @Test
    void shouldOverrideAndDescribeTheCommandProcessorsAddresses()
    {
        final ParamsDescriptor d = ParamsDescriptor.of(CommandProcessorParams.class);
        final CommandProcessorParams p = d.with(CommandProcessorParams.defaults(),
            Map.of("portMac", "02:00:0a:00:00:05", "portIpv4", "10.0.0.5"));
        assertEquals(0x02_00_0a_00_00_05L, p.portMac());
        assertEquals(0x0a_00_00_05, p.portIpv4());
        final Map<String, String> defaults = new java.util.HashMap<>();
        d.params().forEach(i -> defaults.put(i.name(), i.defaultText()));
        assertEquals("02:00:00:00:00:01", defaults.get("portMac"));
        assertEquals("192.0.2.1", defaults.get("portIpv4"));
        final ParamsException e = assertThrows(ParamsException.class,
            () -> d.with(CommandProcessorParams.defaults(), Map.of("portIpv4", "3221225985")));
        assertTrue(e.getMessage().contains("portIpv4") && e.getMessage().contains("10.0.0.5"), e.getMessage());
    }
}
