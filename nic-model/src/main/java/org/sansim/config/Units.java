package org.sansim.config;

/**
 * Parses quantities written with units ({@code "400ns"}, {@code "4KiB"}, {@code "100Gbps"}) into
 * exact {@code long}s in base units, and formats such {@code long}s for humans.
 *
 * <p>Use it at the configuration boundary only (scenario files, {@code --set key=value}); the
 * simulation works on the parsed {@code long}s, with the unit in the variable's name.
 *
 * <p>Grammar of every {@code parse*} method: optional surrounding white space, a non-negative
 * decimal number ({@code 12} or {@code 1.5}: no sign, exponent or digit separators), optional
 * spaces, and a unit. Units are case-sensitive ({@code ms} is not {@code Ms}). The conversion is
 * exact: the value must be a whole number of base units (so {@code "0.5ps"} is rejected) and at
 * most {@link Long#MAX_VALUE}. Every rejection is an {@link IllegalArgumentException} whose
 * message says what was expected and quotes what was given.
 *
 * <p>Every {@code format*} method returns text its {@code parse*} counterpart reads back to the
 * same value (for non-negative values).
 */
public final class Units
{
    private Units()
    {
    }

    /**
     * Parses a duration: units {@code ps}, {@code ns}, {@code us} (also {@code µs}), {@code ms},
     * {@code s}. A bare number is rejected, because its unit would be a guess; only {@code 0} needs
     * none.
     *
     * @param text for example {@code "400ns"}, {@code "1.5us"}, {@code "10 ps"}
     * @return the duration in picoseconds
     * @throws IllegalArgumentException if the text is not such a duration, is not a whole number of
     *     picoseconds, or exceeds {@link Long#MAX_VALUE} picoseconds (about 106 days)
     */
    public static long parseDurationPs(final String text)
    {
        return Quantity.DURATION.parse(text);
    }

    /**
     * Parses a size: decimal units {@code B}, {@code KB} (also {@code kB}) = 1000, {@code MB},
     * {@code GB}, {@code TB}, {@code PB}, {@code EB}, and binary units {@code KiB} = 1024,
     * {@code MiB}, {@code GiB}, {@code TiB}, {@code PiB}, {@code EiB}. A bare number means bytes.
     *
     * @param text for example {@code "4KiB"}, {@code "1.5 MiB"}, {@code "64B"}, {@code "4096"}
     * @return the size in bytes
     * @throws IllegalArgumentException if the text is not such a size, is not a whole number of
     *     bytes, or exceeds {@link Long#MAX_VALUE} bytes
     */
    public static long parseBytes(final String text)
    {
        return Quantity.SIZE.parse(text);
    }

    /**
     * Parses a bit rate: decimal units {@code bps}, {@code kbps} (also {@code Kbps}), {@code Mbps},
     * {@code Gbps}, {@code Tbps}, each also written {@code b/s}, {@code kb/s}... {@code Tb/s}. A bare
     * number other than {@code 0} is rejected.
     *
     * @param text for example {@code "100Gbps"}, {@code "25.78125Gbps"}, {@code "800 Mb/s"}
     * @return the rate in bits per second
     * @throws IllegalArgumentException if the text is not such a rate, is not a whole number of
     *     bits per second, or exceeds {@link Long#MAX_VALUE} bits per second
     */
    public static long parseBitRateBps(final String text)
    {
        return Quantity.BIT_RATE.parse(text);
    }

    /**
     * Parses a frequency: units {@code Hz}, {@code kHz}, {@code MHz}, {@code GHz}, {@code THz}. A
     * bare number other than {@code 0} is rejected.
     *
     * @param text for example {@code "430MHz"}, {@code "1.2GHz"}
     * @return the frequency in hertz
     * @throws IllegalArgumentException if the text is not such a frequency, is not a whole number
     *     of hertz, or exceeds {@link Long#MAX_VALUE} hertz
     */
    public static long parseFrequencyHz(final String text)
    {
        return Quantity.FREQUENCY.parse(text);
    }

    /**
     * Parses a count: a plain non-negative decimal integer, with optional surrounding white space.
     * Suffixes such as {@code k} or {@code M} are deliberately not accepted, because for table
     * sizes readers disagree on whether {@code 4k} means 4000 or 4096; write the number.
     *
     * @param text for example {@code "4096"}
     * @return the count
     * @throws IllegalArgumentException if the text is not such an integer or exceeds
     *     {@link Long#MAX_VALUE}
     */
    public static long parseCount(final String text)
    {
        final String digits = text == null ? "" : text.strip();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw new IllegalArgumentException(
                "expected a non-negative integer such as \"4096\" (no unit or suffix), got "
                + (text == null ? "null" : "\"" + text + "\""));
        }
        try
        {
            return Long.parseLong(digits);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(
                "expected an integer of at most " + Long.MAX_VALUE + ", got \"" + text + "\"", ex);
        }
    }

    /**
     * Parses a MAC address: six bytes of one or two hexadecimal digits (any case) separated by
     * colons, with optional surrounding white space.
     *
     * @param text for example {@code "02:00:0a:00:00:05"}
     * @return the 48-bit address, the first byte most significant
     * @throws IllegalArgumentException if the text is not such an address
     */
    public static long parseMac(final String text)
    {
        final String[] parts = text == null ? new String[0] : text.strip().split(":", -1);
        long mac = 0;
        for (final String part : parts)
        {
            if (parts.length != 6 || part.isEmpty() || part.length() > 2
                || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0))
            {
                throw new IllegalArgumentException("expected a MAC address such as \"02:00:0a:00:00:05\", got "
                    + (text == null ? "null" : "\"" + text + "\""));
            }
            mac = mac << 8 | Integer.parseInt(part, 16);
        }
        return mac;
    }

    /**
     * Parses an IPv4 address in dotted decimal, with optional surrounding white space.
     *
     * @param text for example {@code "10.0.0.5"}
     * @return the address, the first byte most significant (so {@code 128.0.0.0} and above are negative)
     * @throws IllegalArgumentException if the text is not four numbers 0 to 255 separated by dots
     */
    public static int parseIpv4(final String text)
    {
        final String[] parts = text == null ? new String[0] : text.strip().split("\\.", -1);
        int ipv4 = 0;
        for (final String part : parts)
        {
            if (parts.length != 4 || part.isEmpty() || part.length() > 3
                || !part.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(part) > 255)
            {
                throw new IllegalArgumentException("expected an IPv4 address such as \"10.0.0.5\", got "
                    + (text == null ? "null" : "\"" + text + "\""));
            }
            ipv4 = ipv4 << 8 | Integer.parseInt(part);
        }
        return ipv4;
    }

    /**
     * @param mac a 48-bit MAC address, the first byte most significant
     * @return for example {@code "02:00:0a:00:00:05"}
     */
    public static String formatMac(final long mac)
    {
        final StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            text.append(String.format(java.util.Locale.ROOT, "%02x", (mac >>> shift) & 0xFF));
            if (shift > 0)
            {
                text.append(':');
            }
        }
        return text.toString();
    }

    /**
     * @param ipv4 an IPv4 address, the first byte most significant
     * @return for example {@code "10.0.0.5"}
     */
    public static String formatIpv4(final int ipv4)
    {
        return (ipv4 >>> 24) + "." + (ipv4 >>> 16 & 0xFF) + "." + (ipv4 >>> 8 & 0xFF) + "." + (ipv4 & 0xFF);
    }

    /**
     * Formats a duration exactly, in the largest of {@code ps}, {@code ns}, {@code us}, {@code ms},
     * {@code s} that needs at most six decimals.
     *
     * @param durationPs a duration in picoseconds
     * @return for example {@code "1.25 us"} for 1 250 000, {@code "0 ps"} for 0
     */
    public static String formatPs(final long durationPs)
    {
        return Quantity.DURATION.format(durationPs);
    }

    /**
     * Formats a size exactly, in the largest binary unit ({@code B}, {@code KiB}... {@code EiB})
     * that needs at most six decimals.
     *
     * @param sizeBytes a size in bytes
     * @return for example {@code "4 KiB"} for 4096, {@code "1.5 KiB"} for 1536, {@code "1000 B"}
     */
    public static String formatBytes(final long sizeBytes)
    {
        return Quantity.SIZE.format(sizeBytes);
    }

    /**
     * Formats a bit rate exactly, in the largest of {@code b/s}, {@code kb/s}, {@code Mb/s},
     * {@code Gb/s}, {@code Tb/s} that needs at most six decimals.
     *
     * @param rateBps a rate in bits per second
     * @return for example {@code "100 Gb/s"}, {@code "25.78125 Gb/s"}
     */
    public static String formatBitRate(final long rateBps)
    {
        return Quantity.BIT_RATE.format(rateBps);
    }

    /**
     * Formats a frequency exactly, in the largest of {@code Hz}, {@code kHz}, {@code MHz},
     * {@code GHz}, {@code THz} that needs at most six decimals.
     *
     * @param frequencyHz a frequency in hertz
     * @return for example {@code "430 MHz"}, {@code "1.2 GHz"}
     */
    public static String formatFrequency(final long frequencyHz)
    {
        return Quantity.FREQUENCY.format(frequencyHz);
    }
}
