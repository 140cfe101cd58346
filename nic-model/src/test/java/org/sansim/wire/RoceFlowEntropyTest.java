package org.sansim.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoceFlowEntropyTest
{
    @Test
    void shouldDeriveThePortFromTheFoldedFlowLabel()
    {
        // 0x12345 x 0x678 = 0x75C2658; ^ (>> 20 = 0x75) = 0x75C262D; 20 bits: 0xC262D;
        // 0x262D ^ (0xC262D >> 14 = 0x30) = 0x261D; | 0xC000
        assertEquals(0xC262D, RoceFlowEntropy.flowLabel(0x12345, 0x678));
        assertEquals(0xE61D, RoceFlowEntropy.sourcePort(0x12345, 0x678));
    }

    @Test
    void shouldGiveBothEndsOfAConnectionTheSamePort()
    {
        assertEquals(RoceFlowEntropy.sourcePort(7, 1_000), RoceFlowEntropy.sourcePort(1_000, 7));
    }

    @Test
    void shouldStayInTheDynamicRangeAndSpreadConnections()
    {
        final Set<Integer> ports = new HashSet<>();
        for (int a = 2; a < 66; a++)
        {
            final int port = RoceFlowEntropy.sourcePort(a, a + 1);
            assertTrue(port >= 49152 && port <= 65535, Integer.toString(port));
            ports.add(port);
        }
        assertTrue(ports.size() >= 60, "distinct ports of 64 connections: " + ports.size());
        assertEquals(0xC000, RoceFlowEntropy.sourcePort(0));
        assertEquals(0xFFFF, RoceFlowEntropy.sourcePort(0x3FFF));
    }
}
