package org.sansim.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The vocabulary of {@link Param#unit()}: which Java types each unit admits, how an override
 * string becomes a value and how a value is shown. Package-private: users name units through the
 * constants of {@link Param}.
 */
enum ParamUnit
{
    PS(Param.PS, Units::parseDurationPs, Units::formatPs),
    BYTES(Param.BYTES, Units::parseBytes, Units::formatBytes),
    BPS(Param.BPS, Units::parseBitRateBps, Units::formatBitRate),
    HZ(Param.HZ, Units::parseFrequencyHz, Units::formatFrequency),
    COUNT(Param.COUNT, Units::parseCount, Long::toString),
    CYCLES(Param.CYCLES, Units::parseCount, Long::toString),
    BOOL(Param.BOOL, null, null),
    ENUM(Param.ENUM, null, null),
    RATIO(Param.RATIO, null, null),
    MAC(Param.MAC, Units::parseMac, Units::formatMac),
    IPV4(Param.IPV4, Units::parseIpv4, v -> Units.formatIpv4((int)v)),
    NONE(Param.NONE, null, null);

    private static final Pattern RATIO_SYNTAX = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?%?");

    private final String symbol;
    private final ToLongFunction<String> integerParser;
    private final LongFunction<String> integerFormatter;

    ParamUnit(
        final String symbol,
        final ToLongFunction<String> integerParser,
        final LongFunction<String> integerFormatter)
    {
        this.symbol = symbol;
        this.integerParser = integerParser;
        this.integerFormatter = integerFormatter;
    }

    /**
     * Looks up a unit by its {@link Param} symbol.
     *
     * @param symbol the value of {@link Param#unit()}
     * @return the unit, or {@code null} if the symbol is not in the vocabulary
     */
    static ParamUnit ofSymbol(final String symbol)
    {
        for (final ParamUnit unit : values())
        {
            if (unit.symbol.equals(symbol))
            {
                return unit;
            }
        }
        return null;
    }

    /**
     * Lists the vocabulary for error messages.
     *
     * @return the symbols, quoted and comma-separated
     */
    static String vocabulary()
    {
        return Arrays.stream(values()).map(u -> "\"" + u.symbol + "\"").collect(Collectors.joining(", "));
    }

    String symbol()
    {
        return symbol;
    }

    /**
     * Tells whether a record component of {@code type} may carry this unit.
     *
     * @param type the component's type
     * @return whether the pair is allowed (see the table in {@link Param})
     */
    boolean admits(final Class<?> type)
    {
        return switch (this)
        {
            case BOOL -> type == boolean.class;
            case ENUM -> type.isEnum();
            case RATIO -> type == double.class;
            case NONE -> type == String.class;
            case MAC -> type == long.class;
            case IPV4 -> type == int.class;
            default -> type == long.class || type == int.class;
        };
    }

    /**
     * Parses an override.
     *
     * @param text the override string
     * @param type the component's type, one this unit {@link #admits}
     * @return the boxed value for the record's constructor
     * @throws IllegalArgumentException with a message saying what was expected
     */
    Object parse(final String text, final Class<?> type)
    {
        if (text == null)
        {
            throw new IllegalArgumentException("expected a value, got null");
        }
        return switch (this)
        {
            case BOOL -> parseBoolean(text);
            case ENUM -> parseEnum(text, type);
            case RATIO -> parseRatio(text);
            case NONE -> text;
            case IPV4 -> Units.parseIpv4(text);
            default -> parseInteger(text, type);
        };
    }

    /**
     * Formats a value so that {@link #parse} reads it back.
     *
     * @param value a component value of a type this unit {@link #admits}
     * @return the text, with the unit for physical quantities
     */
    String format(final Object value)
    {
        if (integerFormatter != null)
        {
            return integerFormatter.apply(((Number)value).longValue());
        }
        return value instanceof Enum<?> ? ((Enum<?>)value).name() : String.valueOf(value);
    }

    private Object parseInteger(final String text, final Class<?> type)
    {
        final long value = integerParser.applyAsLong(text);
        if (type == long.class)
        {
            return value;
        }
        if (value > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(
                "expected at most " + Integer.MAX_VALUE + " (" + symbol + "), got \"" + text + "\"");
        }
        return (int)value;
    }

    private static Boolean parseBoolean(final String text)
    {
        final String lower = text.strip().toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false"))
        {
            return Boolean.valueOf(lower);
        }
        throw new IllegalArgumentException("expected true or false, got \"" + text + "\"");
    }

    private static Object parseEnum(final String text, final Class<?> type)
    {
        final Object[] constants = type.getEnumConstants();
        final String name = text.strip();
        for (final Object constant : constants)
        {
            if (((Enum<?>)constant).name().equals(name))
            {
                return constant;
            }
        }
        for (final Object constant : constants)
        {
            if (((Enum<?>)constant).name().equalsIgnoreCase(name))
            {
                return constant;
            }
        }
        final String names = Arrays.stream(constants).map(c -> ((Enum<?>)c).name()).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("expected one of " + names + ", got \"" + text + "\"");
    }

    private static Double parseRatio(final String text)
    {
        final String number = text.strip();
        if (RATIO_SYNTAX.matcher(number).matches())
        {
            final boolean percent = number.endsWith("%");
            final double value = Double.parseDouble(percent ? number.substring(0, number.length() - 1) : number);
            if (Double.isFinite(value))
            {
                return percent ? value / 100.0 : value;
            }
        }
        throw new IllegalArgumentException(
            "expected a number such as \"0.25\", \"1e-6\" or \"25%\", got \"" + text + "\"");
    }
}
