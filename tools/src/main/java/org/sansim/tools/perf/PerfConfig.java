package org.sansim.tools.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sansim.config.ParamsException;
import org.sansim.nic.NicParams;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.tools.preset.Preset;
import org.sansim.tools.scenario.ComponentCatalog;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.Scenario;
import org.sansim.tools.scenario.ScenarioConfig;
import org.sansim.tools.scenario.Setting;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;

/**
 * The system of the two-node commands ({@code perf}, {@code validate}, {@code run} without a scenario):
 * two hosts back to back whose parameters are resolved exactly as a scenario's are
 * ({@link ScenarioConfig}): component defaults, then the preset, then each {@code --set} in order,
 * {@code prefix.name} for both hosts and {@code nodeN.prefix.name} (N 0 or 1) for one.
 */
public final class PerfConfig
{
    private static final Pattern NODE_KEY = Pattern.compile("node\\d{1,4}\\.(.+)");

    private PerfConfig()
    {
    }

    /**
     * @param nic both NICs' parameters
     * @return two hosts back to back with those NICs and every other component's defaults
     */
    public static SystemParams of(final NicParams nic)
    {
        return SystemParams.uniform(TopologySpec.defaults(), new NodeParams(nic, HostCpuCosts.defaults(),
            CmParams.defaults()));
    }

    /**
     * @param preset a preset's name, or {@code null} for the built-in defaults
     * @param settings {@code --set} arguments, {@code key=value}
     * @param prefixes the component prefixes the command's system has (a {@code nodeN.} key takes the
     *     per-host ones among them)
     * @return the two hosts' and their link's parameters, validated
     * @throws ParamsException naming the setting at fault
     */
    public static SystemParams system(final String preset, final List<String> settings, final List<String> prefixes)
    {
        return system(preset, settings, prefixes, List.of());
    }

    /**
     * As {@link #system(String, List, List)}, with values that go before the {@code --set} ones (a
     * command's own options that stand for parameters, such as {@code --inline}).
     *
     * @param preset a preset's name, or {@code null} for the built-in defaults
     * @param settings {@code --set} arguments, {@code key=value}
     * @param prefixes the component prefixes the command's system has
     * @param first {@code key=value} values applied before {@code settings}
     * @return the two hosts' and their link's parameters, validated
     */
    public static SystemParams system(final String preset, final List<String> settings, final List<String> prefixes,
        final List<Setting> first)
    {
        if (preset != null)
        {
            Preset.load(preset);
        }
        final List<Setting> all = new ArrayList<>(first);
        for (final String argument : settings)
        {
            final Setting s = Setting.ofArgument(argument);
            final Matcher m = NODE_KEY.matcher(s.key());
            final String key = m.matches() ? m.group(1) : s.key();
            final String prefix = key.substring(0, Math.max(0, key.indexOf('.')));
            if (!prefixes.contains(prefix))
            {
                final boolean known = ComponentCatalog.kind(prefix) != null;
                throw new ParamsException("--set " + argument + ": " + (known ? "this scenario has no component '"
                    : "unknown component '") + prefix + "'; expected one of " + prefixes);
            }
            all.add(s);
        }
        return ScenarioConfig.resolve(new Scenario("perf", "two nodes back to back", "--preset", 1, preset, 0,
            RunLoop.DEFAULT_NO_PROGRESS_PS, List.copyOf(all))).system();
    }
}
