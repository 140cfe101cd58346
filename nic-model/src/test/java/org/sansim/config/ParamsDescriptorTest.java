package org.sansim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParamsDescriptorTest
{
    private final ParamsDescriptor descriptor = ParamsDescriptor.of(SampleParams.class);

    @Test
    void shouldDescribeEveryParameterInDeclarationOrder()
    {
        final List<ParamInfo> expected = List.of(
            new ParamInfo("fetchDelayPs", long.class, "ps", "delay before a WQE fetch", "1.25 us"),
            new ParamInfo("wqeCacheEntries", int.class, "count", "WQE cache entries, a power of two", "64"),
            new ParamInfo("maxPayloadBytes", int.class, "bytes", "PCIe max payload size", "256 B"),
            new ParamInfo("linkRateBps", long.class, "bps", "link rate", "25.78125 Gb/s"),
            new ParamInfo("clockHz", long.class, "Hz", "clock frequency of the block", "430 MHz"),
            new ParamInfo("pipelineCycles", int.class, "cycles", "pipeline depth", "12"),
            new ParamInfo("lossRatio", double.class, "ratio", "probability that a packet is lost", "0.0"),
            new ParamInfo("adaptiveRouting", boolean.class, "bool", "route packets adaptively", "false"),
            new ParamInfo("transport", SampleParams.Transport.class, "enum", "transport service", "RC"),
            new ParamInfo("name", String.class, "", "instance name used in logs", "tu"));
        assertEquals(expected, descriptor.params());
        assertSame(SampleParams.class, descriptor.type());
    }

    @Test
    void shouldOverrideParametersFromUnitStrings()
    {
        final Map<String, String> overrides = new HashMap<>();
        overrides.put("fetchDelayPs", "400ns");
        overrides.put("wqeCacheEntries", "4096");
        overrides.put("maxPayloadBytes", "4KiB");
        overrides.put("linkRateBps", "100Gbps");
        overrides.put("clockHz", "1.2GHz");
        overrides.put("pipelineCycles", "7");
        overrides.put("lossRatio", "0.5%");
        overrides.put("adaptiveRouting", "TRUE");
        overrides.put("transport", "ud");
        overrides.put("name", "port 1");

        final SampleParams params = descriptor.with(SampleParams.defaults(), overrides);

        assertEquals(new SampleParams(400_000, 4096, 4096, 100_000_000_000L, 1_200_000_000, 7, 0.005, true,
            SampleParams.Transport.UD, "port 1"), params);
    }

    @Test
    void shouldKeepParametersThatAreNotOverridden()
    {
        final SampleParams params = descriptor.with(SampleParams.defaults(), Map.of("lossRatio", "1e-6"));
        final SampleParams defaults = SampleParams.defaults();

        assertEquals(new SampleParams(defaults.fetchDelayPs(), defaults.wqeCacheEntries(), defaults.maxPayloadBytes(),
            defaults.linkRateBps(), defaults.clockHz(), defaults.pipelineCycles(), 1e-6, defaults.adaptiveRouting(),
            defaults.transport(), defaults.name()), params);
    }

    @Test
    void shouldReproduceDefaultsFromTheirDefaultText()
    {
        final Map<String, String> defaultTexts = descriptor.params().stream()
            .collect(Collectors.toMap(ParamInfo::name, ParamInfo::defaultText));
        final SampleParams other = new SampleParams(1, 2, 3, 4, 5, 6, 0.7, true, SampleParams.Transport.UC, "x");

        assertEquals(SampleParams.defaults(), descriptor.with(other, defaultTexts));
    }

    @Test
    void shouldListValidNamesForAnUnknownKey()
    {
        final ParamsException ex = assertThrows(ParamsException.class,
            () -> descriptor.with(SampleParams.defaults(), Map.of("fetchDelay", "400ns")));

        assertEquals("unknown parameter \"fetchDelay\" for SampleParams; valid names: fetchDelayPs, wqeCacheEntries,"
            + " maxPayloadBytes, linkRateBps, clockHz, pipelineCycles, lossRatio, adaptiveRouting, transport, name",
            ex.getMessage());
    }

    @Test
    void shouldNameEveryUnknownKeyInSortedOrder()
    {
        final Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("zeta", "1");
        overrides.put("fetchDelayPs", "1ns");
        overrides.put("alpha", "2");

        final ParamsException ex = assertThrows(ParamsException.class,
            () -> descriptor.with(SampleParams.defaults(), overrides));

        assertEquals("unknown parameters \"alpha\", \"zeta\" for SampleParams; valid names: fetchDelayPs,"
            + " wqeCacheEntries, maxPayloadBytes, linkRateBps, clockHz, pipelineCycles, lossRatio, adaptiveRouting,"
            + " transport, name", ex.getMessage());
    }

    @Test
    void shouldNameTheParameterAndTheExpectationForABadValue()
    {
        assertBadValue("fetchDelayPs", "40 parsecs", "parameter \"fetchDelayPs\" of SampleParams: expected a duration"
            + " such as \"400ns\" (units: ps, ns, us, ms, s), got \"40 parsecs\"");
        assertBadValue("fetchDelayPs", "400", "parameter \"fetchDelayPs\" of SampleParams: expected a duration"
            + " such as \"400ns\" (units: ps, ns, us, ms, s), got \"400\"");
        assertBadValue("maxPayloadBytes", "4GiB",
            "parameter \"maxPayloadBytes\" of SampleParams: expected at most 2147483647 (bytes), got \"4GiB\"");
        assertBadValue("wqeCacheEntries", "4k", "parameter \"wqeCacheEntries\" of SampleParams: expected a"
            + " non-negative integer such as \"4096\" (no unit or suffix), got \"4k\"");
        assertBadValue("lossRatio", "half", "parameter \"lossRatio\" of SampleParams: expected a number such as"
            + " \"0.25\", \"1e-6\" or \"25%\", got \"half\"");
        assertBadValue("lossRatio", "NaN", "parameter \"lossRatio\" of SampleParams: expected a number such as"
            + " \"0.25\", \"1e-6\" or \"25%\", got \"NaN\"");
        assertBadValue("adaptiveRouting", "yes",
            "parameter \"adaptiveRouting\" of SampleParams: expected true or false, got \"yes\"");
        assertBadValue("transport", "XRC",
            "parameter \"transport\" of SampleParams: expected one of RC, UC, UD, got \"XRC\"");
    }

    @Test
    void shouldValidateTheBuiltRecord()
    {
        final ParamsException ex = assertThrows(ParamsException.class,
            () -> descriptor.with(SampleParams.defaults(), Map.of("wqeCacheEntries", "100")));

        assertEquals("wqeCacheEntries must be a power of two, got 100", ex.getMessage());
    }

    @Test
    void shouldValidateEvenWithoutOverrides()
    {
        final SampleParams invalid = new SampleParams(1, 3, 3, 4, 5, 6, 0.5, true, SampleParams.Transport.UC, "x");

        assertThrows(ParamsException.class, () -> descriptor.with(invalid, Map.of()));
    }

    @Test
    void shouldTurnAConstructorRejectionIntoParamsException()
    {
        final ParamsException ex = assertThrows(ParamsException.class, () -> ParamsDescriptor.of(CheckedParams.class)
            .with(CheckedParams.defaults(), Map.of("sizeBytes", "3")));
        assertEquals("CheckedParams: sizeBytes must be even, got 3", ex.getMessage());
    }

    @Test
    void shouldRejectRecordsWithoutParamAnnotations()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ParamsDescriptor.of(Unannotated.class));

        assertEquals(Unannotated.class.getName() + ".sizeBytes has no @Param annotation", ex.getMessage());
    }

    @Test
    void shouldRejectRecordsWithoutDefaults()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ParamsDescriptor.of(NoDefaults.class));

        assertEquals(NoDefaults.class.getName() + " must declare public static NoDefaults defaults()",
            ex.getMessage());
    }

    @Test
    void shouldRejectUnitsThatDoNotFitTheType()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ParamsDescriptor.of(DoubleDuration.class));

        assertEquals(DoubleDuration.class.getName() + ".delayPs: unit \"ps\" does not fit type double (see the table"
            + " in @Param)", ex.getMessage());
    }

    @Test
    void shouldRejectUnitsOutsideTheVocabulary()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ParamsDescriptor.of(UnknownUnit.class));

        assertEquals(UnknownUnit.class.getName() + ".delay: unknown unit \"ns\"; expected one of \"ps\", \"bytes\","
            + " \"bps\", \"Hz\", \"count\", \"cycles\", \"bool\", \"enum\", \"ratio\", \"mac\", \"ipv4\", \"\"",
            ex.getMessage());
    }

    @Test
    void shouldRejectInvalidDefaults()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ParamsDescriptor.of(InvalidDefaults.class));

        assertEquals(InvalidDefaults.class.getName() + ".defaults() is invalid: entries must be positive",
            ex.getMessage());
    }

    @Test
    void shouldRejectABaseOfAnotherType()
    {
        assertThrows(IllegalArgumentException.class,
            () -> ParamsDescriptor.of(CheckedParams.class).with(SampleParams.defaults(), Map.of()));
    }

    private void assertBadValue(final String name, final String value, final String expectedMessage)
    {
        final ParamsException ex = assertThrows(ParamsException.class,
            () -> descriptor.with(SampleParams.defaults(), Map.of(name, value)));
        assertEquals(expectedMessage, ex.getMessage());
    }

    record CheckedParams(@Param(unit = Param.BYTES, description = "an even size") long sizeBytes)
    {
        CheckedParams
        {
            if (sizeBytes % 2 != 0)
            {
                throw new IllegalArgumentException("sizeBytes must be even, got " + sizeBytes);
            }
        }

        public static CheckedParams defaults()
        {
            return new CheckedParams(2);
        }
    }

    record Unannotated(long sizeBytes)
    {
        public static Unannotated defaults()
        {
            return new Unannotated(1);
        }
    }

    record NoDefaults(@Param(unit = Param.BYTES, description = "a size") long sizeBytes)
    {
        static NoDefaults defaults()
        {
            return new NoDefaults(1);
        }
    }

    record DoubleDuration(@Param(unit = Param.PS, description = "a delay") double delayPs)
    {
        public static DoubleDuration defaults()
        {
            return new DoubleDuration(1);
        }
    }

    record UnknownUnit(@Param(unit = "ns", description = "a delay") long delay)
    {
        public static UnknownUnit defaults()
        {
            return new UnknownUnit(1);
        }
    }

    record InvalidDefaults(@Param(unit = Param.COUNT, description = "entries") int entries) implements Validated
    {
        public static InvalidDefaults defaults()
        {
            return new InvalidDefaults(0);
        }

        @Override
        public void validate()
        {
            if (entries <= 0)
            {
                throw new ParamsException("entries must be positive");
            }
        }
    }
}
