package org.sansim.tools.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;

/**
 * {@code --set prefix.name=value} overrides, grouped by component prefix and applied to parameter
 * records with their units parsed. Unknown prefixes and keys are rejected with the valid choices.
 */
public final class Overrides
{
    private final Map<String, Map<String, String>> byPrefix = new LinkedHashMap<>();

    /**
     * Parses {@code key=value} strings.
     *
     * @param settings the {@code --set} arguments
     * @param usedPrefixes the component prefixes the scenario being configured has
     * @return the overrides
     * @throws ParamsException if a setting is not {@code prefix.name=value} or names a component the
     *     scenario does not have
     */
    public static Overrides parse(final List<String> settings, final List<String> usedPrefixes)
    {
        final Overrides overrides = new Overrides();
        for (final String setting : settings)
        {
            final int eq = setting.indexOf('=');
            final int dot = setting.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq)
            {
                throw new ParamsException("--set " + setting + ": expected prefix.name=value, such as pcie.lanes=8");
            }
            final String prefix = setting.substring(0, dot);
            if (!usedPrefixes.contains(prefix))
            {
                final boolean known = ComponentCatalog.KINDS.stream().anyMatch(k -> k.prefix().equals(prefix));
                throw new ParamsException("--set " + setting + ": " + (known ? "this scenario has no component '"
                    : "unknown component '") + prefix + "'; expected one of " + usedPrefixes);
            }
            overrides.byPrefix.computeIfAbsent(prefix, p -> new LinkedHashMap<>())
                .put(setting.substring(dot + 1, eq), setting.substring(eq + 1));
        }
        return overrides;
    }

    /**
     * Applies the overrides of one component to its defaults.
     *
     * @param prefix the component's prefix
     * @param base its default parameters
     * @param <R> the record type
     * @return the parameters with overrides applied and validated
     */
    public <R extends Record> R apply(final String prefix, final R base)
    {
        final Map<String, String> values = byPrefix.getOrDefault(prefix, Map.of());
        try
        {
            @SuppressWarnings("unchecked")
            final Class<? extends Record> type = (Class<? extends Record>)base.getClass();
            return ParamsDescriptor.of(type).with(base, values);
        }
        catch (final ParamsException e)
        {
            throw new ParamsException("--set " + prefix + ".*: " + e.getMessage(), e);
        }
    }
}
