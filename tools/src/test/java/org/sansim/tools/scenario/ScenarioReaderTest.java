package org.sansim.tools.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sansim.fabric.TopologyParams;
import org.sansim.tools.scenario.system.NodeParams;
import org.sansim.tools.workload.WorkloadParams;

class ScenarioReaderTest
{
    private static final String GOOD = String.join("\n",
        "name: small",
        "description: \"four hosts on a switch\"",
        "seed: 9",
        "until: 5ms",
        "topology:",
        "  shape: single-switch",
        "  hosts: 4",
        "workload:",
        "  kind: incast",
        "  flowBytes: 256KiB",
        "set:",
        "  link.bandwidthBps: 56Gbps",
        "  pcie:",
        "    lanes: 8",
        "  node2.pcie.lanes: 4",
        "");

    private static Scenario read(final String text)
    {
        return ScenarioReader.read("s.yaml", new StringReader(text));
    }

    private static String error(final String text)
    {
        final ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioConfig.resolve(read(text)));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void shouldReadEveryKeyWithUnitsAndNestedMaps()
    {
        final Scenario s = read(GOOD);
        assertEquals("small", s.name());
        assertEquals(9, s.seed());
        assertEquals(5_000_000_000L, s.untilPs());
        assertNull(s.preset());
        assertTrue(s.settings().contains(new Setting("pcie.lanes", "8", "s.yaml:14")), s.settings().toString());
        final ScenarioConfig c = ScenarioConfig.resolve(s);
        assertEquals(TopologyParams.Shape.SINGLE_SWITCH, c.system().topology().shape());
        assertEquals(4, c.system().nodes().size());
        assertEquals(56_000_000_000L, c.system().hostLink().bandwidthBps());
        assertEquals(WorkloadParams.Kind.INCAST, c.workload().kind());
        assertEquals(256 << 10, c.workload().flowBytes());
        assertEquals(8, c.system().nodes().get(0).nic().pcie().lanes());
        assertEquals(4, c.system().nodes().get(2).nic().pcie().lanes());
        assertEquals(8, c.system().nodes().get(3).nic().pcie().lanes());
    }

    @Test
    void shouldLetLaterSettingsAndThePresetApply()
    {
        final Scenario s = read(GOOD).with(List.of(Setting.ofArgument("pcie.lanes=2"),
            Setting.ofArgument("node2.cpu.wqeBuildPs=1us"))).with(1, 0, "default-100g");
        final ScenarioConfig c = ScenarioConfig.resolve(s);
        assertEquals(2, c.system().nodes().get(0).nic().pcie().lanes());
        // The per-node value comes after every value for all hosts.
        assertEquals(4, c.system().nodes().get(2).nic().pcie().lanes());
        assertEquals(150_000, c.system().nodes().get(1).nic().pcie().latencyPs());
        assertEquals(1_000_000, c.system().nodes().get(2).cpu().wqeBuildPs());
        assertEquals(NodeParams.defaults().cpu(), c.system().nodes().get(1).cpu());
    }

    @Test
    void shouldNameTheFileTheLineAndWhatWasExpected()
    {
        assertTrue(error("name: x\ncolour: red\n").startsWith("s.yaml:2: unknown key 'colour'; expected one of"));
        assertTrue(error("topology:\n  shape: ring\n").startsWith("s.yaml:2: topology.shape: "));
        assertTrue(error("topology:\n  hosts: many\n").contains("s.yaml:2: topology.hosts: "));
        assertTrue(error("set:\n  link.bandwidthBps: 100Gbs\n").startsWith("s.yaml:2: link.bandwidthBps: "));
        assertTrue(error("set:\n  link.speed: 1Gbps\n").contains("unknown parameter \"speed\""));
        assertTrue(error("set:\n  warp.factor: 9\n").startsWith("s.yaml:2: warp.factor: unknown component 'warp'"));
        assertTrue(error("set:\n  stream.doorbells: 9\n").contains("a scenario has no component 'stream'"));
        assertTrue(error("set:\n  node7.pcie.lanes: 8\n").contains("s.yaml:2: node7.: the topology has hosts node0 to node1"));
        assertTrue(error("set:\n  node1.switch.ports: 8\n").contains("the same for every host"));
        assertTrue(error("topology: [1, 2]\n").startsWith("s.yaml:1: 'topology' must be a map of name: value, got a list"));
        assertTrue(error("workload:\n  flowBytes: [1]\n").startsWith("s.yaml:2: 'workload.flowBytes' must be a single value"));
        assertTrue(error("seed: soon\n").startsWith("s.yaml:1: seed: expected a count"));
        assertTrue(error("until: 5 parsecs\n").startsWith("s.yaml:1: until: expected a duration"));
        assertTrue(error("name: a\nname: b\n").startsWith("s.yaml:2: 'name' appears twice"));
        assertTrue(error("").startsWith("s.yaml:1: the file is empty"));
        assertTrue(error("- 1\n- 2\n").startsWith("s.yaml:1: expected a map of"));
        assertTrue(error("name: [unclosed\n").startsWith("s.yaml:"), error("name: [unclosed\n"));
        assertTrue(error("preset: warp\n").contains("unknown preset"));
        assertTrue(error("workload:\n  txDepth: 999\n").startsWith("s.yaml:2: workload.txDepth: txDepth must be in [1, 32]"));
    }

    @Test
    void shouldRejectAMissingFileOrAnUnknownName(@TempDir final Path dir)
    {
        final ScenarioException missing = assertThrows(ScenarioException.class,
            () -> BuiltinScenarios.load(dir.resolve("nope.yaml").toString()));
        assertTrue(missing.getMessage().endsWith("nope.yaml: no such file; expected a scenario file (.yaml) or a "
            + "built-in name"), missing.getMessage());
        final ScenarioException unknown = assertThrows(ScenarioException.class, () -> BuiltinScenarios.load("warp"));
        assertTrue(unknown.getMessage().startsWith("warp: no such scenario"), unknown.getMessage());
    }

    @Test
    void shouldReadEveryBuiltinScenario()
    {
        for (final String name : BuiltinScenarios.NAMES)
        {
            final Scenario s = BuiltinScenarios.load(name);
            assertEquals(name, s.name());
            ScenarioConfig.resolve(s);
        }
        assertEquals(64, ScenarioConfig.resolve(BuiltinScenarios.load("incast-64")).system().topology().hostCount());
    }

    @Test
    void shouldAnswerFuzzedFilesWithOneLineOrAScenario(@TempDir final Path dir) throws Exception
    {
        final Random random = new Random(42);
        final String alphabet = ":- \n{}[]\"'#.,0123456789abcdefghijklmnopqrstuvwxyzKMGiBnsp&*!|>";
        for (int i = 0; i < 400; i++)
        {
            final StringBuilder text = new StringBuilder(GOOD);
            for (int m = 0; m < 1 + random.nextInt(4); m++)
            {
                final int at = random.nextInt(text.length() + 1);
                switch (random.nextInt(3))
                {
                    case 0 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(3)));
                    default -> text.replace(at, Math.min(text.length(), at + 1),
                        String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
                }
            }
            final Path file = dir.resolve("f" + i + ".yaml");
            Files.writeString(file, text);
            try
            {
                ScenarioConfig.resolve(ScenarioReader.read(file));
            }
            catch (final ScenarioException e)
            {
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage() + "\n" + text);
            }
        }
    }
}
