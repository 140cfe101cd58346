package org.sansim.tools.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PholdTopologyTest
{
    /** Every edge is listed at both ends, sorted, with no loop and no duplicate. */
    private static void assertSimpleUndirected(final PholdTopology t)
    {
        long ends = 0;
        for (int i = 0; i < t.partitions(); i++)
        {
            final int[] n = t.neighbours(i);
            ends += n.length;
            for (int k = 0; k < n.length; k++)
            {
                assertTrue(n[k] >= 0 && n[k] < t.partitions(), t + ": " + i + " -> " + n[k]);
                assertTrue(n[k] != i, t + ": loop at " + i);
                assertTrue(k == 0 || n[k - 1] < n[k], t + ": neighbours of " + i + " " + Arrays.toString(n));
                assertTrue(Arrays.binarySearch(t.neighbours(n[k]), i) >= 0, t + ": " + i + " -> " + n[k] + " one way");
            }
        }
        assertEquals(ends, 2 * t.links(), t.toString());
    }

    @Test
    void shouldJoinEveryPairInTheMesh()
    {
        final PholdTopology mesh = PholdTopology.mesh(5);
        assertSimpleUndirected(mesh);
        assertArrayEquals(new int[] {0, 1, 3, 4}, mesh.neighbours(2));
        assertEquals(10, mesh.links());
    }

    @Test
    void shouldJoinNeighboursOnARing()
    {
        final PholdTopology ring = PholdTopology.ring(6);
        assertSimpleUndirected(ring);
        assertArrayEquals(new int[] {1, 5}, ring.neighbours(0));
        assertArrayEquals(new int[] {2, 4}, ring.neighbours(3));
        assertEquals(6, ring.links());
        assertArrayEquals(new int[] {1}, PholdTopology.ring(2).neighbours(0));
        assertEquals(1, PholdTopology.ring(2).links());
    }

    @Test
    void shouldBuildASquareTorusWithFourNeighboursEach()
    {
        final PholdTopology torus = PholdTopology.torus(1024);
        assertEquals("torus 32x32", torus.description());
        assertSimpleUndirected(torus);
        for (int i = 0; i < 1024; i++)
        {
            assertEquals(4, torus.neighbours(i).length);
        }
        // Partition 33 is row 1, column 1: up 1, down 65, left 32, right 34.
        assertArrayEquals(new int[] {1, 32, 34, 65}, torus.neighbours(33));
        // Partition 0 wraps both ways.
        assertArrayEquals(new int[] {1, 31, 32, 992}, torus.neighbours(0));
        assertEquals("torus 2x3", PholdTopology.torus(6).description());
        assertSimpleUndirected(PholdTopology.torus(6));
        assertEquals("torus 1x7", PholdTopology.torus(7).description());
        assertArrayEquals(PholdTopology.ring(7).neighbours(3), PholdTopology.torus(7).neighbours(3));
    }

    @Test
    void shouldDrawARegularSimpleGraphDeterminedByTheSeed()
    {
        for (final int degree : new int[] {1, 2, 3, 4, 8})
        {
            for (final int partitions : new int[] {10, 64, 1024})
            {
                final PholdTopology t = PholdTopology.randomRegular(partitions, degree, 42);
                assertSimpleUndirected(t);
                for (int i = 0; i < partitions; i++)
                {
                    assertEquals(degree, t.neighbours(i).length, t + " at " + i);
                }
                assertEquals((long)partitions * degree / 2, t.links());
            }
        }
        final PholdTopology a = PholdTopology.randomRegular(64, 4, 1);
        final PholdTopology b = PholdTopology.randomRegular(64, 4, 1);
        final PholdTopology c = PholdTopology.randomRegular(64, 4, 2);
        boolean differs = false;
        for (int i = 0; i < 64; i++)
        {
            assertArrayEquals(a.neighbours(i), b.neighbours(i));
            differs |= !Arrays.equals(a.neighbours(i), c.neighbours(i));
        }
        assertTrue(differs, "another seed draws another graph");
        // The densest case: every stub must find a partner, the end game enumerates the pairs left.
        final PholdTopology complete = PholdTopology.randomRegular(9, 8, 3);
        assertArrayEquals(PholdTopology.mesh(9).neighbours(4), complete.neighbours(4));
    }

    @Test
    void shouldRejectImpossibleTopologiesWithAMessageForTheUser()
    {
        final IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
            () -> PholdTopology.randomRegular(5, 3, 1));
        assertTrue(odd.getMessage().contains("must be even"), odd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PholdTopology.randomRegular(5, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> PholdTopology.randomRegular(5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> PholdTopology.ring(1));
        final IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
            () -> PholdTopology.of("star", 8, 4, 1));
        assertEquals("--topology must be mesh, ring, torus or random, got star", name.getMessage());
        assertEquals("random 3-regular", PholdTopology.of("RANDOM", 8, 3, 1).description());
        assertFalse(PholdTopology.of("mesh", 8, 3, 1).description().isEmpty());
        assertNotEquals(PholdTopology.of("ring", 8, 3, 1).links(), PholdTopology.of("mesh", 8, 3, 1).links());
    }
}
