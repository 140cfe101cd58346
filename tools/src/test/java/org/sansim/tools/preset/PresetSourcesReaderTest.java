package org.sansim.tools.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the line reader of preset files finds the source comment of each entry. */
class PresetSourcesReaderTest
{
    private static PresetSources read(final String... lines) throws IOException
    {
        return PresetSources.read("p.yaml", new StringReader(String.join("\n", lines) + "\n"));
    }

    @Test
    void shouldGiveEachEntryTheTaggedCommentAboveIt() throws IOException
    {
        final PresetSources s = read(
            "# [S] a header comment is not a source",
            "name: p",
            "pcie:",
            "  # [S] NeoHost: 403 ns",
            "  # on a ConnectX-6 (perf 4.2).",
            "  latencyPs: 150 ns",
            "  completerLatencyPs: 100 ns",
            "  # [F] a fault",
            "  retrainAtPs: 0 ps",
            "link:",
            "  # [D] IEEE 802.3",
            "  fcsBytes: 4 B");
        assertEquals(List.of(), s.problems());
        assertEquals(Map.of("pcie.latencyPs", 6, "pcie.completerLatencyPs", 7, "pcie.retrainAtPs", 9,
            "link.fcsBytes", 12), s.entries());
        final PresetSources.Source latency = s.source("pcie.latencyPs").orElseThrow();
        assertEquals(SourceTag.S, latency.tag());
        assertEquals(List.of("NeoHost: 403 ns", "on a ConnectX-6 (perf 4.2)."), latency.comment());
        assertEquals("NeoHost: 403 ns", latency.firstLine());
        assertEquals("p.yaml:4", latency.where());
        assertEquals(latency, s.source("pcie.completerLatencyPs").orElseThrow(), "the entry under it shares it");
        assertEquals(SourceTag.F, s.source("pcie.retrainAtPs").orElseThrow().tag());
        assertEquals(SourceTag.D, s.source("link.fcsBytes").orElseThrow().tag());
        assertTrue(s.source("pcie.lanes").isEmpty());
    }

    @Test
    void shouldEndACommentsGroupAtABlankLineOrASection() throws IOException
    {
        final PresetSources s = read(
            "name: p",
            "pcie:",
            "  # [A] one comment",
            "  lanes: 8",
            "",
            "  readTags: 32",
            "  # [A] above a section: not a source",
            "link:",
            "  fcsBytes: 4 B");
        assertEquals(List.of(
            "p.yaml:6: pcie.readTags has no source comment above it; open one with [S], [D], [A], [F] and say where "
                + "the value comes from",
            "p.yaml:9: link.fcsBytes has no source comment above it; open one with [S], [D], [A], [F] and say where "
                + "the value comes from"), s.problems());
        assertTrue(s.source("pcie.lanes").isPresent());
        assertTrue(s.source("pcie.readTags").isEmpty());
    }

    @Test
    void shouldRejectATagThatIsNoneOfTheFour() throws IOException
    {
        final PresetSources s = read(
            "name: p",
            "pcie:",
            "  # [G] a guess",
            "  lanes: 8",
            "  # Guess, untagged",
            "  readTags: 32",
            "  # [s] lower case",
            "  ecrc: false");
        assertEquals(List.of(
            "p.yaml:4: pcie.lanes: its source comment (line 3) opens with [G], not one of [S], [D], [A], [F]",
            "p.yaml:6: pcie.readTags: its source comment (line 5) does not open with one of [S], [D], [A], [F]",
            "p.yaml:8: pcie.ecrc: its source comment (line 7) opens with [s], not one of [S], [D], [A], [F]"),
            s.problems());
        assertTrue(s.source("pcie.lanes").isEmpty());
        assertEquals(3, s.entries().size());
    }

    @Test
    void shouldRefuseFlowMapsWhoseEntriesCannotCarryComments() throws IOException
    {
        final PresetSources s = read("name: p", "pcie: {lanes: 8}");
        assertEquals(List.of("p.yaml:2: pcie: write one parameter per line, each under its source comment (a flow "
            + "map hides the sources)"), s.problems());
    }
}
