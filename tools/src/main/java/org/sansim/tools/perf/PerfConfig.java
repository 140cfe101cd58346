package org.sansim.tools.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sansim.config.ParamsException;
import org.sansim.fabric.TopologyParams;
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
 * two hosts whose parameters are resolved exactly as a scenario's are ({@link ScenarioConfig}): component
 * defaults, then the preset, then each {@code --set} in order, {@code prefix.name} for both hosts and
 * {@code nodeN.prefix.name} (N 0 or 1) for one.
 *
 * <p><b>Topology.</b> The two hosts are back to back unless {@code topology.shape} says otherwise; every
 * shape is taken in its two-host form ({@link #twoHosts}), so that {@code --set topology.shape=SINGLE_SWITCH}
 * or {@code LEAF_SPINE} alone is enough:
 * <ul>
 *   <li>{@code BACK_TO_BACK}: host 0 and host 1 on one link;</li>
 *   <li>{@code SINGLE_SWITCH}: host 0 on port 0 and host 1 on port 1 of {@code switch0}
 *       ({@code topology.hosts} 2, perf's default);</li>
 *   <li>{@code LEAF_SPINE}: host 0 under {@code leaf0}, host 1 under {@code leaf1}, so that every packet
 *       crosses leaf, spine and leaf ({@code topology.leaves} 2 and {@code topology.hostsPerLeaf} 1, perf's
 *       defaults; {@code topology.spines} as set, ECMP choosing one spine per flow).</li>
 * </ul>
 * Counts that would give more or fewer than those two hosts, or both under one leaf, are refused.
 */
public final class PerfConfig
{
    private static final Pattern NODE_KEY = Pattern.compile("node\\d{1,4}\\.(.+)");
    /** The fabric switches' component: only a topology with switches takes its settings. */
    private static final String SWITCH_PREFIX = "switch";
    /** Where perf's own topology counts come from, for messages. */
    private static final String PERF_DEFAULT = "perf's two-host topology";
    /**
     * perf's topology counts, applied after the preset and before {@code --set}: one switch with two
     * hosts, a leaf-spine of two leaves with one host each.
     */
    private static final List<Setting> TWO_HOST_COUNTS = List.of(new Setting("topology.hosts", "2", PERF_DEFAULT),
        new Setting("topology.hostsPerLeaf", "1", PERF_DEFAULT), new Setting("topology.leaves", "2", PERF_DEFAULT));

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
        final List<Setting> all = new ArrayList<>(TWO_HOST_COUNTS);
        all.addAll(first);
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
        final SystemParams system = ScenarioConfig.resolve(new Scenario("perf", "two nodes", "--preset", 1, preset,
            0, RunLoop.DEFAULT_NO_PROGRESS_PS, List.copyOf(all))).system();
        requireTwoHosts(system.topology());
        return system;
    }

    /**
     * For a command whose every test runs on {@code system}'s own topology ({@code perf}; not
     * {@code validate}, whose curves may name a topology of their own).
     *
     * @param settings the {@code --set} arguments {@code system} was resolved from
     * @param system the resolved system
     * @throws ParamsException naming the first {@code switch.*} setting when the two nodes are back to
     *     back, where it would change nothing
     */
    public static void requireSwitchForSwitchSettings(final List<String> settings, final SystemParams system)
    {
        if (system.topology().shape() != TopologyParams.Shape.BACK_TO_BACK)
        {
            return;
        }
        for (final String argument : settings)
        {
            if (argument.startsWith(SWITCH_PREFIX + "."))
            {
                throw new ParamsException("--set " + argument + ": the two nodes are back to back, with no switch; "
                    + "add --set topology.shape=single-switch or leaf-spine");
            }
        }
    }

    /**
     * @param params a two-host system, such as {@link #of}'s
     * @param shape a topology shape
     * @return the same hosts, links and switches on {@code shape}'s two-host form (see the class comment);
     *     the spine count and rate are kept
     */
    public static SystemParams onShape(final SystemParams params, final TopologyParams.Shape shape)
    {
        final TopologySpec t = params.topology();
        return new SystemParams(twoHosts(shape, t.spines(), t.spineBandwidthBps()), params.hostLink(),
            params.switchParams(), params.nodes());
    }

    /**
     * @param shape a topology shape
     * @param spines spine switches of a leaf-spine
     * @param spineBandwidthBps rate of each leaf-to-spine link; 0 takes the host links' rate
     * @return {@code shape} with exactly two hosts, under different leaves on a leaf-spine
     */
    public static TopologySpec twoHosts(final TopologyParams.Shape shape, final int spines,
        final long spineBandwidthBps)
    {
        return new TopologySpec(shape, 2, 2, spines, 1, spineBandwidthBps);
    }

    /**
     * @param t a resolved topology
     * @throws ParamsException in one line naming the counts to set, unless {@code t} has exactly perf's two
     *     hosts (under different leaves on a leaf-spine)
     */
    static void requireTwoHosts(final TopologySpec t)
    {
        switch (t.shape())
        {
            case BACK_TO_BACK ->
            {
            }
            case SINGLE_SWITCH ->
            {
                if (t.hosts() != 2)
                {
                    throw new ParamsException("topology.hosts=" + t.hosts() + ": perf runs two hosts on the switch; "
                        + "set topology.hosts=2 or leave it out");
                }
            }
            case LEAF_SPINE ->
            {
                if (t.leaves() != 2 || t.hostsPerLeaf() != 1)
                {
                    throw new ParamsException("topology.leaves=" + t.leaves() + ", topology.hostsPerLeaf="
                        + t.hostsPerLeaf() + ": perf runs two hosts, each under a leaf of its own; set "
                        + "topology.leaves=2 and topology.hostsPerLeaf=1 or leave them out");
                }
            }
            default -> throw new ParamsException("topology.shape=" + t.shape() + ": perf cannot place two hosts on it");
        }
    }
}
