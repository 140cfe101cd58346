package org.sansim.tools.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.fabric.SwitchParams;
import org.sansim.nic.NicParams;
import org.sansim.tools.preset.Preset;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.scenario.system.SystemParams;
import org.sansim.tools.scenario.system.TopologySpec;
import org.sansim.tools.workload.WorkloadParams;

/**
 * Resolves a {@link Scenario}'s settings into the parameters of its system and workload. Every value
 * starts at its component's default, then the preset's value, then the settings in order (the file's,
 * then {@code --set}): {@code prefix.name} for every host, {@code nodeN.prefix.name} for host N
 * only, after the ones for every host. Prefixes are those of {@link ComponentCatalog}; the ones a
 * scenario's system has are {@link #PREFIXES}. Each value is checked on its own first, so an error
 * names the setting's place ({@code FILE:LINE} or {@code --set}).
 *
 * @param system the system's parameters, validated
 * @param workload the workload's parameters, validated
 */
public record ScenarioConfig(SystemParams system, WorkloadParams workload)
{
    private static final Pattern NODE_KEY = Pattern.compile("node(\\d{1,4})\\.(.+)");

    /** The per-host components: catalog prefix, preset section names, and how to read and write them. */
    private static final List<HostPart> HOST_PARTS = List.of(
        nic("pcie", NicParams::pcie, (n, r) -> new NicParams((org.sansim.pcie.PcieLinkParams)r, n.doorbell(), n.wqe(),
            n.translation(), n.dma(), n.completion(), n.command(), n.port(), n.transport(), n.atomic(), n.gsi())),
        nic("doorbell", NicParams::doorbell, (n, r) -> new NicParams(n.pcie(),
            (org.sansim.nic.doorbell.DoorbellUnitParams)r, n.wqe(), n.translation(), n.dma(), n.completion(),
            n.command(), n.port(), n.transport(), n.atomic(), n.gsi())),
        nic("wqe", NicParams::wqe, (n, r) -> new NicParams(n.pcie(), n.doorbell(),
            (org.sansim.nic.wqe.WqeFetcherParams)r, n.translation(), n.dma(), n.completion(), n.command(), n.port(),
            n.transport(), n.atomic(), n.gsi())),
        nic("tu", NicParams::translation, (n, r) -> new NicParams(n.pcie(), n.doorbell(), n.wqe(),
            (org.sansim.nic.translation.TranslationUnitParams)r, n.dma(), n.completion(), n.command(), n.port(),
            n.transport(), n.atomic(), n.gsi()), "translation"),
        nic("dma", NicParams::dma, (n, r) -> new NicParams(n.pcie(), n.doorbell(), n.wqe(), n.translation(),
            (org.sansim.nic.dma.DmaEnginesParams)r, n.completion(), n.command(), n.port(), n.transport(), n.atomic(),
            n.gsi())),
        nic("cu", NicParams::completion, (n, r) -> new NicParams(n.pcie(), n.doorbell(), n.wqe(), n.translation(),
            n.dma(), (org.sansim.nic.completion.CompletionUnitParams)r, n.command(), n.port(), n.transport(),
            n.atomic(), n.gsi()), "completion"),
        nic("command", NicParams::command, (n, r) -> new NicParams(n.pcie(), n.doorbell(), n.wqe(), n.translation(),
            n.dma(), n.completion(), (org.sansim.nic.command.CommandProcessorParams)r, n.port(), n.transport(),
            n.atomic(), n.gsi())),
        nic("port", NicParams::port, (n, r) -> new NicParams(n.pcie(), n.doorbell(), n.wqe(), n.translation(),
            n.dma(), n.completion(), n.command(), (org.sansim.nic.port.PortParams)r, n.transport(), n.atomic(),
            n.gsi())),
        nic("rc", NicParams::transport, (n, r) -> new NicParams(n.pcie(), n.doorbell(), n.wqe(), n.translation(),
            n.dma(), n.completion(), n.command(), n.port(), (org.sansim.nic.transport.RcTransportParams)r,
            n.atomic(), n.gsi()), "transport"),
        nic("atomic", NicParams::atomic, (n, r) -> new NicParams(n.pcie(), n.doorbell(), n.wqe(), n.translation(),
            n.dma(), n.completion(), n.command(), n.port(), n.transport(),
            (org.sansim.nic.transport.AtomicUnitParams)r, n.gsi())),
        nic("gsi", NicParams::gsi, (n, r) -> new NicParams(n.pcie(), n.doorbell(), n.wqe(), n.translation(),
            n.dma(), n.completion(), n.command(), n.port(), n.transport(), n.atomic(),
            (org.sansim.nic.gsi.GsiAgentParams)r)),
        new HostPart("cpu", NodeParams::cpu, (n, r) -> new NodeParams(n.nic(),
            (org.sansim.provider.driver.user.HostCpuCosts)r, n.cm(), n.irq(), n.kdriver(), n.wsd(), n.link(),
            n.sockets()),
            List.of("cpu")),
        new HostPart("cm", NodeParams::cm, (n, r) -> new NodeParams(n.nic(), n.cpu(),
            (org.sansim.provider.cm.CmParams)r, n.irq(), n.kdriver(), n.wsd(), n.link(), n.sockets()), List.of("cm")),
        new HostPart("irq", NodeParams::irq, (n, r) -> new NodeParams(n.nic(), n.cpu(), n.cm(),
            (org.sansim.host.InterruptControllerParams)r, n.kdriver(), n.wsd(), n.link(), n.sockets()),
            List.of("irq")),
        new HostPart("kdriver", NodeParams::kdriver, (n, r) -> new NodeParams(n.nic(), n.cpu(), n.cm(), n.irq(),
            (org.sansim.provider.driver.kernel.KernelDriverParams)r, n.wsd(), n.link(), n.sockets()),
            List.of("kdriver")),
        new HostPart("wsd", NodeParams::wsd, (n, r) -> new NodeParams(n.nic(), n.cpu(), n.cm(), n.irq(),
            n.kdriver(), (org.sansim.provider.wsp.WsdParams)r, n.link(), n.sockets()), List.of("wsd")),
        new HostPart("link", NodeParams::link, (n, r) -> new NodeParams(n.nic(), n.cpu(), n.cm(), n.irq(),
            n.kdriver(), n.wsd(), (FabricLinkParams)r, n.sockets()), List.of("link")),
        new HostPart("sockets", NodeParams::sockets, (n, r) -> new NodeParams(n.nic(), n.cpu(), n.cm(), n.irq(),
            n.kdriver(), n.wsd(), n.link(), (org.sansim.provider.sockets.SwitchParams)r), List.of("sockets")));

    /** Prefixes a scenario's settings may use: the system-wide ones, then each host's. */
    public static final List<String> PREFIXES = prefixes();

    /**
     * Resolves a scenario.
     *
     * @param scenario the scenario, its settings in order
     * @return the system's and the workload's parameters
     * @throws ScenarioException naming the setting (its place) that is wrong
     */
    public static ScenarioConfig resolve(final Scenario scenario)
    {
        final Preset preset = scenario.preset() == null ? null : loadPreset(scenario);
        final Map<String, List<Setting>> global = new LinkedHashMap<>();
        final Map<Integer, Map<String, List<Setting>>> perNode = new LinkedHashMap<>();
        for (final Setting s : scenario.settings())
        {
            final Matcher m = NODE_KEY.matcher(s.key());
            final boolean node = m.matches();
            final String key = node ? m.group(2) : s.key();
            final int dot = key.indexOf('.');
            final String prefix = dot < 0 ? key : key.substring(0, dot);
            if (dot < 1 || dot == key.length() - 1)
            {
                throw new ScenarioException(s.where() + ": " + s.key() + ": expected component.name, such as pcie.lanes");
            }
            checkPrefix(s, prefix, node);
            final Setting bare = new Setting(key.substring(dot + 1), s.value(), s.where());
            if (node)
            {
                perNode.computeIfAbsent(Integer.parseInt(m.group(1)), n -> new LinkedHashMap<>())
                    .computeIfAbsent(prefix, p -> new ArrayList<>()).add(bare);
            }
            else
            {
                global.computeIfAbsent(prefix, p -> new ArrayList<>()).add(bare);
            }
        }
        final TopologySpec topology = apply("topology", TopologySpec.defaults(), global, preset);
        final WorkloadParams workload = apply("workload", WorkloadParams.defaults(), global, preset);
        final FabricLinkParams link = apply("link", FabricLinkParams.defaults(), global, preset);
        final SwitchParams switches = apply("switch", SwitchParams.defaults(), global, preset);
        final NodeParams shared = node(NodeParams.defaults(), global, preset);
        final int hosts = topology.hostCount();
        final List<NodeParams> nodes = new ArrayList<>();
        for (int h = 0; h < hosts; h++)
        {
            final Map<String, List<Setting>> own = perNode.remove(h);
            nodes.add(own == null ? shared : node(shared, own, null));
        }
        if (!perNode.isEmpty())
        {
            final int n = perNode.keySet().iterator().next();
            final Setting s = perNode.get(n).values().iterator().next().get(0);
            throw new ScenarioException(s.where() + ": node" + n + "." + ": the topology has hosts node0 to node"
                + (hosts - 1));
        }
        final SystemParams system = new SystemParams(topology, link, switches, nodes);
        try
        {
            system.validate();
        }
        catch (final ParamsException e)
        {
            throw new ScenarioException(scenario.source() + ": " + e.getMessage());
        }
        return new ScenarioConfig(system, workload);
    }

    private static Preset loadPreset(final Scenario scenario)
    {
        try
        {
            return Preset.load(scenario.preset());
        }
        catch (final IllegalArgumentException e)
        {
            throw new ScenarioException(scenario.source() + ": " + e.getMessage().replace("--preset ", "preset "));
        }
    }

    private static void checkPrefix(final Setting s, final String prefix, final boolean node)
    {
        if (!PREFIXES.contains(prefix))
        {
            final boolean known = ComponentCatalog.kind(prefix) != null;
            throw new ScenarioException(s.where() + ": " + s.key() + ": " + (known ? "a scenario has no component '"
                : "unknown component '") + prefix + "'; expected one of " + PREFIXES);
        }
        if (node && HOST_PARTS.stream().noneMatch(p -> p.prefix().equals(prefix)))
        {
            throw new ScenarioException(s.where() + ": " + s.key() + ": '" + prefix + "' is the same for every host; "
                + "per-node values take one of " + HOST_PARTS.stream().map(HostPart::prefix).toList());
        }
    }

    private static NodeParams node(final NodeParams base, final Map<String, List<Setting>> settings,
        final Preset preset)
    {
        NodeParams n = base;
        for (final HostPart part : HOST_PARTS)
        {
            Record r = part.get().apply(n);
            if (preset != null)
            {
                for (final String section : part.presetSections())
                {
                    r = preset.apply(section, r);
                }
            }
            n = part.set().apply(n, apply(part.prefix(), r, settings.getOrDefault(part.prefix(), List.of())));
        }
        return n;
    }

    private static <R extends Record> R apply(final String prefix, final R base,
        final Map<String, List<Setting>> settings, final Preset preset)
    {
        final R start = preset == null ? base : preset.apply(prefix, base);
        return apply(prefix, start, settings.getOrDefault(prefix, List.of()));
    }

    /**
     * Applies the settings together, so values valid only together (a stream's QPs and threads, a longer
     * cable once PFC is off) are taken in any order; if the whole fails, applies them one after the other,
     * each on top of the ones before it, and names the first that fails (or else the last one).
     */
    private static <R extends Record> R apply(final String prefix, final R base, final List<Setting> settings)
    {
        if (settings.isEmpty())
        {
            return base;
        }
        @SuppressWarnings("unchecked")
        final Class<? extends Record> type = (Class<? extends Record>)base.getClass();
        final ParamsDescriptor descriptor = ParamsDescriptor.of(type);
        final Map<String, String> all = new LinkedHashMap<>();
        for (final Setting s : settings)
        {
            all.put(s.key(), normalise(descriptor, s));
        }
        try
        {
            return descriptor.with(base, all);
        }
        catch (final ParamsException e)
        {
            R current = base;
            for (final Setting s : settings)
            {
                try
                {
                    current = descriptor.with(current, Map.of(s.key(), all.get(s.key())));
                }
                catch (final ParamsException atThisOne)
                {
                    throw new ScenarioException(s.where() + ": " + prefix + "." + s.key() + ": "
                        + atThisOne.getMessage());
                }
            }
            throw new ScenarioException(settings.get(settings.size() - 1).where() + ": " + prefix + ": "
                + e.getMessage());
        }
    }

    /** Enum values may be written with dashes ({@code leaf-spine} for {@code LEAF_SPINE}). */
    private static String normalise(final ParamsDescriptor descriptor, final Setting s)
    {
        for (final var p : descriptor.params())
        {
            if (p.name().equals(s.key()) && p.javaType().isEnum())
            {
                return s.value().replace('-', '_');
            }
        }
        return s.value();
    }

    private static List<String> prefixes()
    {
        final List<String> p = new ArrayList<>(List.of("topology", "workload", "link", "switch"));
        HOST_PARTS.stream().map(HostPart::prefix).filter(prefix -> !p.contains(prefix)).forEach(p::add);
        return List.copyOf(p);
    }

    private static HostPart nic(final String prefix, final Function<NicParams, Record> get,
        final BiFunction<NicParams, Record, NicParams> set, final String... presetSections)
    {
        final List<String> sections = new ArrayList<>(List.of(prefix));
        sections.addAll(List.of(presetSections));
        return new HostPart(prefix, n -> get.apply(n.nic()),
            (n, r) -> new NodeParams(set.apply(n.nic(), r), n.cpu(), n.cm(), n.irq(), n.kdriver(), n.wsd(), n.link(),
                n.sockets()),
            List.copyOf(sections));
    }

    /** One per-host component: its prefix, how to read and replace it, and its preset section names. */
    private record HostPart(String prefix, Function<NodeParams, Record> get,
                            BiFunction<NodeParams, Record, NodeParams> set, List<String> presetSections)
    {
    }
}
