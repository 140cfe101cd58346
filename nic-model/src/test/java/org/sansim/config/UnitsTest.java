package org.sansim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest
{
    @ParameterizedTest(name = "\"{0}\" = {1} ps")
    @CsvSource(delimiter = '|', value = {
        "400ns                  | 400000",
        "1.5us                  | 1500000",
        "10 ps                  | 10",
        "2ms                    | 2000000000",
        "1s                     | 1000000000000",
        "'  7ns  '              | 7000",
        "0ps                    | 0",
        "0                      | 0",
        "0.0                    | 0",
        "0.001ns                | 1",
        "1.000ns                | 1000",
        "3\u00b5s               | 3000000",
        "3\u03bcs               | 3000000",
        "9223372036854775807ps  | 9223372036854775807",
        "9223372.036854775807s  | 9223372036854775807",
    })
    void shouldParseDurations(final String text, final long expectedPs)
    {
        assertEquals(expectedPs, Units.parseDurationPs(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"400", "40 parsecs", "", "ns", "-5ns", "+5ns", "1e3ns", "1,5us", ".5ns", "5.ns",
        "400NS", "4 0ns", "400 ns s"})
    void shouldRejectMalformedDurations(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Units.parseDurationPs(text));
        assertEquals("expected a duration such as \"400ns\" (units: ps, ns, us, ms, s), got \"" + text + "\"",
            ex.getMessage());
    }

    @Test
    void shouldTakeABareZeroForEveryQuantityButNoOtherBareNumber()
    {
        assertEquals(0, Units.parseBitRateBps("0"));
        assertEquals(0, Units.parseFrequencyHz("0"));
        assertEquals(0, Units.parseDurationPs(" 0 "));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDurationPs("1"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDurationPs("0.001"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseBitRateBps("10"));
    }

    @Test
    void shouldRejectNullWithMessage()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Units.parseDurationPs(null));
        assertEquals("expected a duration such as \"400ns\" (units: ps, ns, us, ms, s), got null", ex.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0.5ps", "1.0001ns", "0.0000000000001s"})
    void shouldRejectDurationsThatAreNotWholePicoseconds(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Units.parseDurationPs(text));
        assertEquals("expected a whole number of picoseconds, got \"" + text + "\"", ex.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"9223372036854775808ps", "10000000s", "9223372.036854775808s",
        "99999999999999999999999999999999999s"})
    void shouldRejectDurationsThatOverflowLong(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Units.parseDurationPs(text));
        assertEquals("expected at most 9223372036854775807 picoseconds, got \"" + text + "\"", ex.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" = {1} B")
    @CsvSource(delimiter = '|', value = {
        "4KiB    | 4096",
        "2MiB    | 2097152",
        "1GiB    | 1073741824",
        "1TiB    | 1099511627776",
        "64B     | 64",
        "1KB     | 1000",
        "1kB     | 1000",
        "3MB     | 3000000",
        "4096    | 4096",
        "1.5KiB  | 1536",
        "384 KiB | 393216",
        "0       | 0",
        "7EiB    | 8070450532247928832",
    })
    void shouldParseSizes(final String text, final long expectedBytes)
    {
        assertEquals(expectedBytes, Units.parseBytes(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"4 kib", "4KIB", "4Kib", "4KiB/s", "4 bytes", "-1", "four", "1e3"})
    void shouldRejectMalformedSizes(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Units.parseBytes(text));
        assertEquals("expected a size such as \"4KiB\" (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB; a bare number"
            + " means bytes), got \"" + text + "\"", ex.getMessage());
    }

    @Test
    void shouldRejectSizesThatAreNotWholeBytesOrOverflow()
    {
        assertEquals("expected a whole number of bytes, got \"0.5B\"",
            assertThrows(IllegalArgumentException.class, () -> Units.parseBytes("0.5B")).getMessage());
        assertEquals("expected a whole number of bytes, got \"1.0001KiB\"",
            assertThrows(IllegalArgumentException.class, () -> Units.parseBytes("1.0001KiB")).getMessage());
        assertEquals("expected at most 9223372036854775807 bytes, got \"8EiB\"",
            assertThrows(IllegalArgumentException.class, () -> Units.parseBytes("8EiB")).getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" = {1} bps")
    @CsvSource(delimiter = '|', value = {
        "100Gbps      | 100000000000",
        "25.78125Gbps | 25781250000",
        "800Mbps      | 800000000",
        "1Tbps        | 1000000000000",
        "10kbps       | 10000",
        "10Kbps       | 10000",
        "1bps         | 1",
        "100 Gb/s     | 100000000000",
        "2.5 Mb/s     | 2500000",
    })
    void shouldParseBitRates(final String text, final long expectedBps)
    {
        assertEquals(expectedBps, Units.parseBitRateBps(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"100", "100GBps", "100 GB/s", "100gbps", "100 Gbit/s"})
    void shouldRejectMalformedBitRates(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Units.parseBitRateBps(text));
        assertEquals("expected a bit rate such as \"100Gbps\" (units: bps, kbps, Mbps, Gbps, Tbps, or b/s, kb/s, Mb/s,"
            + " Gb/s, Tb/s), got \"" + text + "\"", ex.getMessage());
    }

    @Test
    void shouldRejectBitRatesThatAreNotWholeBitsPerSecond()
    {
        assertEquals("expected a whole number of bits per second, got \"0.5bps\"",
            assertThrows(IllegalArgumentException.class, () -> Units.parseBitRateBps("0.5bps")).getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" = {1} Hz")
    @CsvSource(delimiter = '|', value = {
        "430MHz  | 430000000",
        "1.2GHz  | 1200000000",
        "1Hz     | 1",
        "32.768kHz | 32768",
        "1THz    | 1000000000000",
    })
    void shouldParseFrequencies(final String text, final long expectedHz)
    {
        assertEquals(expectedHz, Units.parseFrequencyHz(text));
    }

    @Test
    void shouldRejectBadFrequencies()
    {
        assertEquals("expected a frequency such as \"430MHz\" (units: Hz, kHz, MHz, GHz, THz), got \"430mhz\"",
            assertThrows(IllegalArgumentException.class, () -> Units.parseFrequencyHz("430mhz")).getMessage());
        assertEquals("expected a frequency such as \"430MHz\" (units: Hz, kHz, MHz, GHz, THz), got \"430\"",
            assertThrows(IllegalArgumentException.class, () -> Units.parseFrequencyHz("430")).getMessage());
        assertEquals("expected a whole number of hertz, got \"1.5Hz\"",
            assertThrows(IllegalArgumentException.class, () -> Units.parseFrequencyHz("1.5Hz")).getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" = {1}")
    @CsvSource(delimiter = '|', value = {
        "0                   | 0",
        "4096                | 4096",
        "' 12 '              | 12",
        "007                 | 7",
        "9223372036854775807 | 9223372036854775807",
    })
    void shouldParseCounts(final String text, final long expected)
    {
        assertEquals(expected, Units.parseCount(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"1k", "1M", "-1", "1.0", "", "4 096", "1_000", "0x10"})
    void shouldRejectCountsWithSuffixesOrFractions(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Units.parseCount(text));
        assertEquals("expected a non-negative integer such as \"4096\" (no unit or suffix), got \"" + text + "\"",
            ex.getMessage());
    }

    @ParameterizedTest
    @NullSource
    void shouldRejectNullCount(final String text)
    {
        assertEquals("expected a non-negative integer such as \"4096\" (no unit or suffix), got null",
            assertThrows(IllegalArgumentException.class, () -> Units.parseCount(text)).getMessage());
    }

    @Test
    void shouldRejectCountsThatOverflowLong()
    {
        assertEquals("expected an integer of at most 9223372036854775807, got \"9223372036854775808\"",
            assertThrows(IllegalArgumentException.class, () -> Units.parseCount("9223372036854775808")).getMessage());
    }

    @ParameterizedTest(name = "{0} ps -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "0                   | 0 ps",
        "999                 | 999 ps",
        "1000                | 1 ns",
        "1250000             | 1.25 us",
        "1234567             | 1.234567 us",
        "1234567891          | 1234.567891 us",
        "1000000000000       | 1 s",
        "86400000000000000   | 86400 s",
        "-1500               | -1.5 ns",
        "9223372036854775807 | 9223372036854.775807 us",
        "-9223372036854775808 | -9223372036854.775808 us",
    })
    void shouldFormatDurations(final long durationPs, final String expected)
    {
        assertEquals(expected, Units.formatPs(durationPs));
    }

    @ParameterizedTest(name = "{0} B -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "0          | 0 B",
        "64         | 64 B",
        "1000       | 1000 B",
        "1025       | 1025 B",
        "1024       | 1 KiB",
        "4096       | 4 KiB",
        "1536       | 1.5 KiB",
        "1073741824 | 1 GiB",
        "1073741825 | 1073741825 B",
    })
    void shouldFormatSizes(final long sizeBytes, final String expected)
    {
        assertEquals(expected, Units.formatBytes(sizeBytes));
    }

    @ParameterizedTest(name = "{0} bps -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "100000000000 | 100 Gb/s",
        "25781250000  | 25.78125 Gb/s",
        "800000000    | 800 Mb/s",
        "1            | 1 b/s",
    })
    void shouldFormatBitRates(final long rateBps, final String expected)
    {
        assertEquals(expected, Units.formatBitRate(rateBps));
    }

    @ParameterizedTest(name = "{0} Hz -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "430000000  | 430 MHz",
        "1200000000 | 1.2 GHz",
        "999        | 999 Hz",
    })
    void shouldFormatFrequencies(final long frequencyHz, final String expected)
    {
        assertEquals(expected, Units.formatFrequency(frequencyHz));
    }

    @Test
    void shouldParseWhatItFormats()
    {
        final long seed = 0x5A45_1A5L;
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 5_000; i++)
        {
            // Log-uniform magnitudes, so every unit is exercised; plus round numbers in each unit.
            final long value = i % 2 == 0 ? random.nextLong(1L << (1 + random.nextInt(62)))
                : random.nextLong(1_000_000) * (long)Math.pow(10, random.nextInt(13));
            assertRoundTrip(value, Units::formatPs, Units::parseDurationPs, seed);
            assertRoundTrip(value, Units::formatBytes, Units::parseBytes, seed);
            assertRoundTrip(value, Units::formatBitRate, Units::parseBitRateBps, seed);
            assertRoundTrip(value, Units::formatFrequency, Units::parseFrequencyHz, seed);
        }
        assertRoundTrip(Long.MAX_VALUE, Units::formatBytes, Units::parseBytes, seed);
        assertRoundTrip(Long.MAX_VALUE, Units::formatBitRate, Units::parseBitRateBps, seed);
    }

    private static void assertRoundTrip(
        final long value, final LongFunction<String> format, final ToLongFunction<String> parse, final long seed)
    {
        final String text = format.apply(value);
        assertEquals(value, parse.applyAsLong(text), () -> "\"" + text + "\" (seed " + seed + ")");
    }
}
