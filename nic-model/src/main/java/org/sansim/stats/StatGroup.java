package org.sansim.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The statistics of one component, under the component's path ({@code node0.nic.tu}). Obtained
 * from {@link StatsRegistry#group(String)}; each factory method registers a new stat whose
 * {@link Stat#fullName()} is {@code path + "." + name}.
 *
 * <p>Names are one path segment: letters, digits, {@code _} and {@code -}. A unit is a short
 * symbol, preferably from the parameter vocabulary ({@code "ps"}, {@code "bytes"}, {@code "bps"},
 * {@code "count"}, {@code "cycles"}, {@code "ratio"}); a description is one non-blank line.
 */
public final class StatGroup
{
    private final StatsRegistry registry;
    private final String path;
    private final List<Stat> stats = new ArrayList<>();

    StatGroup(final StatsRegistry registry, final String path)
    {
        this.registry = registry;
        this.path = path;
    }

    /**
     * Returns the component path of this group.
     *
     * @return for example {@code "node0.nic.tu"}
     */
    public String path()
    {
        return path;
    }

    /**
     * Registers a counter.
     *
     * @param name the stat's name within this group
     * @param unit the unit of the count
     * @param description what it counts, one line
     * @return the new counter
     * @throws IllegalArgumentException if the name is malformed or already used in this group, or
     *     the unit or description is blank
     */
    public Counter counter(final String name, final String unit, final String description)
    {
        return add(new Counter(fullName(name), checkUnit(unit), checkDescription(description)));
    }

    /**
     * Registers a gauge.
     *
     * @param name the stat's name within this group
     * @param unit the unit of the value
     * @param description what state it mirrors, one line
     * @return the new gauge, with value 0
     * @throws IllegalArgumentException as for {@link #counter}
     */
    public Gauge gauge(final String name, final String unit, final String description)
    {
        return add(new Gauge(fullName(name), checkUnit(unit), checkDescription(description)));
    }

    /**
     * Registers an accumulator.
     *
     * @param name the stat's name within this group
     * @param unit the unit of the samples
     * @param description what is sampled, one line
     * @return the new accumulator
     * @throws IllegalArgumentException as for {@link #counter}
     */
    public Accumulator accumulator(final String name, final String unit, final String description)
    {
        return add(new Accumulator(fullName(name), checkUnit(unit), checkDescription(description)));
    }

    /**
     * Registers a distribution.
     *
     * @param name the stat's name within this group
     * @param unit the unit of the values
     * @param description what is recorded, one line
     * @return the new distribution
     * @throws IllegalArgumentException as for {@link #counter}
     */
    public Distribution distribution(final String name, final String unit, final String description)
    {
        return add(new Distribution(fullName(name), checkUnit(unit), checkDescription(description)));
    }

    /**
     * Registers a formula, evaluated whenever the stats are reported.
     *
     * @param name the stat's name within this group
     * @param unit the unit of the result
     * @param description what it derives, one line
     * @param supplier computes the value from other stats or model state; must not change state
     * @return the new formula
     * @throws IllegalArgumentException as for {@link #counter}
     */
    public Formula formula(
        final String name, final String unit, final String description, final DoubleSupplier supplier)
    {
        Objects.requireNonNull(supplier, "supplier");
        return add(new Formula(fullName(name), checkUnit(unit), checkDescription(description), supplier));
    }

    /** Resets the stats of this group only, as {@link StatsRegistry#reset()} does for all. */
    public void reset()
    {
        for (final Stat stat : stats)
        {
            stat.reset();
        }
    }

    private <S extends Stat> S add(final S stat)
    {
        registry.register(stat);
        stats.add(stat);
        return stat;
    }

    private String fullName(final String name)
    {
        if (!StatsRegistry.isSegment(name))
        {
            throw new IllegalArgumentException(
                "stat name must be letters, digits, '_' or '-', got \"" + name + "\" in " + path);
        }
        return path + "." + name;
    }

    private String checkUnit(final String unit)
    {
        if (unit == null || unit.isBlank())
        {
            throw new IllegalArgumentException("stat in " + path + ": unit must not be blank");
        }
        return unit;
    }

    private String checkDescription(final String description)
    {
        if (description == null || description.isBlank() || description.lines().count() > 1)
        {
            throw new IllegalArgumentException("stat in " + path + ": description must be one non-blank line");
        }
        return description;
    }
}
