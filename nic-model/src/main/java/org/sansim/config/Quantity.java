package org.sansim.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A physical quantity written as a decimal number followed by a unit ({@code "1.5us"}), converted
 * exactly to a {@code long} in its base unit (picoseconds, bytes, bits per second, hertz).
 *
 * <p>Package-private: {@link Units} is the public face.
 */
enum Quantity
{
    DURATION("a duration such as \"400ns\" (units: ps, ns, us, ms, s)", "picoseconds", false,
        List.of(
            new Scale("ps", 1L), new Scale("ns", 1_000L), new Scale("us", 1_000_000L),
            new Scale("\u00b5s", 1_000_000L), new Scale("\u03bcs", 1_000_000L),
            new Scale("ms", 1_000_000_000L), new Scale("s", 1_000_000_000_000L)),
        List.of(
            new Scale("ps", 1L), new Scale("ns", 1_000L), new Scale("us", 1_000_000L),
            new Scale("ms", 1_000_000_000L), new Scale("s", 1_000_000_000_000L))),

    SIZE("a size such as \"4KiB\" (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB; a bare number means"
        + " bytes)", "bytes", true,
        List.of(
            new Scale("B", 1L),
            new Scale("KB", 1_000L), new Scale("kB", 1_000L), new Scale("MB", 1_000_000L),
            new Scale("GB", 1_000_000_000L), new Scale("TB", 1_000_000_000_000L),
            new Scale("PB", 1_000_000_000_000_000L), new Scale("EB", 1_000_000_000_000_000_000L),
            new Scale("KiB", 1L << 10), new Scale("MiB", 1L << 20), new Scale("GiB", 1L << 30),
            new Scale("TiB", 1L << 40), new Scale("PiB", 1L << 50), new Scale("EiB", 1L << 60)),
        List.of(
            new Scale("B", 1L), new Scale("KiB", 1L << 10), new Scale("MiB", 1L << 20),
            new Scale("GiB", 1L << 30), new Scale("TiB", 1L << 40), new Scale("PiB", 1L << 50),
            new Scale("EiB", 1L << 60))),

    BIT_RATE("a bit rate such as \"100Gbps\" (units: bps, kbps, Mbps, Gbps, Tbps, or b/s, kb/s, Mb/s,"
        + " Gb/s, Tb/s)", "bits per second", false,
        List.of(
            new Scale("bps", 1L), new Scale("kbps", 1_000L), new Scale("Kbps", 1_000L),
            new Scale("Mbps", 1_000_000L), new Scale("Gbps", 1_000_000_000L),
            new Scale("Tbps", 1_000_000_000_000L),
            new Scale("b/s", 1L), new Scale("kb/s", 1_000L), new Scale("Kb/s", 1_000L),
            new Scale("Mb/s", 1_000_000L), new Scale("Gb/s", 1_000_000_000L),
            new Scale("Tb/s", 1_000_000_000_000L)),
        List.of(
            new Scale("b/s", 1L), new Scale("kb/s", 1_000L), new Scale("Mb/s", 1_000_000L),
            new Scale("Gb/s", 1_000_000_000L), new Scale("Tb/s", 1_000_000_000_000L))),

    FREQUENCY("a frequency such as \"430MHz\" (units: Hz, kHz, MHz, GHz, THz)", "hertz", false,
        List.of(
            new Scale("Hz", 1L), new Scale("kHz", 1_000L), new Scale("MHz", 1_000_000L),
            new Scale("GHz", 1_000_000_000L), new Scale("THz", 1_000_000_000_000L)),
        List.of(
            new Scale("Hz", 1L), new Scale("kHz", 1_000L), new Scale("MHz", 1_000_000L),
            new Scale("GHz", 1_000_000_000L), new Scale("THz", 1_000_000_000_000L)));

    /** Formatting keeps at most six decimals before falling back to a smaller unit. */
    private static final long MILLION = 1_000_000L;

    private static final Pattern NUMBER_THEN_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(.*)");
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final String expectation;
    private final String baseUnitName;
    private final boolean bareNumberAllowed;
    private final List<Scale> parseScales;
    private final List<Scale> formatScalesAscending;

    Quantity(
        final String expectation,
        final String baseUnitName,
        final boolean bareNumberAllowed,
        final List<Scale> parseScales,
        final List<Scale> formatScalesAscending)
    {
        this.expectation = expectation;
        this.baseUnitName = baseUnitName;
        this.bareNumberAllowed = bareNumberAllowed;
        this.parseScales = parseScales;
        this.formatScalesAscending = formatScalesAscending;
    }

    /**
     * Converts {@code text} exactly to the base unit.
     *
     * @param text a non-negative decimal number, optional spaces and a unit of this quantity (the unit
     *     may be left out for zero, and for any number of a quantity that allows bare numbers)
     * @return the value in the base unit
     * @throws IllegalArgumentException if the text is malformed, the unit unknown, the value not a
     *     whole number of base units, or larger than {@link Long#MAX_VALUE}
     */
    long parse(final String text)
    {
        if (text == null)
        {
            throw new IllegalArgumentException("expected " + expectation + ", got null");
        }
        final Matcher matcher = NUMBER_THEN_UNIT.matcher(text.strip());
        final Scale scale = matcher.matches() ? scaleOf(matcher.group(2), matcher.group(1)) : null;
        if (scale == null)
        {
            throw new IllegalArgumentException("expected " + expectation + ", got \"" + text + "\"");
        }
        final BigDecimal value = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(scale.factor()));
        if (value.stripTrailingZeros().scale() > 0)
        {
            throw new IllegalArgumentException(
                "expected a whole number of " + baseUnitName + ", got \"" + text + "\"");
        }
        if (value.compareTo(LONG_MAX) > 0)
        {
            throw new IllegalArgumentException(
                "expected at most " + Long.MAX_VALUE + " " + baseUnitName + ", got \"" + text + "\"");
        }
        return value.longValueExact();
    }

    /**
     * Formats {@code value} exactly, in the largest unit that needs at most six decimals.
     *
     * @param value a value in the base unit, any sign
     * @return for example {@code "1.25 us"}; parsing it back (for non-negative values) gives
     *     {@code value}
     */
    String format(final long value)
    {
        // Unsigned arithmetic on the magnitude, so that Long.MIN_VALUE needs no special case.
        final long magnitude = value < 0 ? -value : value;
        final String sign = value < 0 ? "-" : "";
        for (int i = formatScalesAscending.size() - 1; i > 0; i--)
        {
            final Scale scale = formatScalesAscending.get(i);
            final long remainder = Long.remainderUnsigned(magnitude, scale.factor());
            if (Long.compareUnsigned(magnitude, scale.factor()) >= 0 && remainder % scale.granule() == 0)
            {
                final String whole = Long.toUnsignedString(Long.divideUnsigned(magnitude, scale.factor()));
                final long millionths = remainder / scale.granule() * scale.millionthsPerGranule();
                return sign + whole + decimals(millionths) + " " + scale.suffix();
            }
        }
        return sign + Long.toUnsignedString(magnitude) + " " + formatScalesAscending.get(0).suffix();
    }

    /** Formats a fraction given in millionths as ".25", or "" for zero. */
    private static String decimals(final long millionths)
    {
        return millionths == 0 ? "" : "." + Long.toString(MILLION + millionths).substring(1).replaceFirst("0+$", "");
    }

    /**
     * The unit {@code suffix} names; with no suffix, the base unit if bare numbers are allowed or if
     * the number is zero, which is zero in every unit (so {@code "0"} is a duration, a rate or a
     * frequency without a guess).
     */
    private Scale scaleOf(final String suffix, final String number)
    {
        if (suffix.isEmpty())
        {
            return bareNumberAllowed || new BigDecimal(number).signum() == 0 ? new Scale("", 1L) : null;
        }
        for (final Scale scale : parseScales)
        {
            if (scale.suffix().equals(suffix))
            {
                return scale;
            }
        }
        return null;
    }

    /**
     * A unit suffix and how many base units it stands for. A value is a whole number of
     * millionths of the unit exactly when it is a multiple of {@code granule}, and then each
     * granule is {@code millionthsPerGranule} millionths of the unit.
     */
    private record Scale(String suffix, long factor, long granule, long millionthsPerGranule)
    {
        Scale(final String suffix, final long factor)
        {
            this(suffix, factor, factor / gcd(factor, MILLION), MILLION / gcd(factor, MILLION));
        }

        private static long gcd(final long a, final long b)
        {
            return b == 0 ? a : gcd(b, a % b);
        }
    }
}
