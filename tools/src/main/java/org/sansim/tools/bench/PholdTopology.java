package org.sansim.tools.bench;

import java.util.Arrays;
import java.util.Locale;
import org.sansim.random.SimRandom;

/**
 * Which partitions a PHOLD model joins by links: an undirected graph over partitions
 * {@code 0..P-1}, each edge becoming a channel each way. Only joined partitions get rings, so the
 * memory and the per-round work grow with the edges, not with {@code P^2}.
 *
 * <ul>
 *   <li>{@code mesh}: every pair ({@code P - 1} neighbours each); the model PHOLD always had, so its
 *   digests stay comparable with earlier runs;</li>
 *   <li>{@code ring}: {@code i - 1} and {@code i + 1} modulo {@code P};</li>
 *   <li>{@code torus}: a two-dimensional torus of {@code rows x cols = P} with {@code rows} the
 *   largest divisor of {@code P} not above its square root; up to 4 neighbours (fewer where a
 *   dimension is 1 or 2; a prime {@code P} gives a ring);</li>
 *   <li>{@code random}: a random {@code d}-regular simple graph drawn from the seed (pairing
 *   model: stubs are paired at random, never into a loop or a second edge between the same two
 *   partitions, and the draw restarts if it gets stuck). Not necessarily connected for
 *   {@code d <= 2}.</li>
 * </ul>
 *
 * <p>Each partition's neighbours are sorted ascending; that order fixes the channels' creation
 * order and which neighbour a random draw picks.
 */
public final class PholdTopology
{
    /** The degree of {@code random} unless told otherwise. */
    public static final int DEFAULT_DEGREE = 4;

    private static final int MAX_RESTARTS = 1000;
    private static final int RANDOM_TRIES = 64;

    private final String description;
    private final int[][] neighbours;

    private PholdTopology(final String description, final int[][] neighbours)
    {
        this.description = description;
        this.neighbours = neighbours;
    }

    /**
     * Builds a topology by name.
     *
     * @param name {@code mesh}, {@code ring}, {@code torus} or {@code random}
     * @param partitions the number of partitions, at least 2
     * @param degree the degree of {@code random} (ignored by the others)
     * @param seed the seed of {@code random}'s graph (ignored by the others)
     * @return the topology
     * @throws IllegalArgumentException for an unknown name or an impossible graph, with a message for
     *     the user
     */
    public static PholdTopology of(final String name, final int partitions, final int degree, final long seed)
    {
        return switch (name.toLowerCase(Locale.ROOT))
        {
            case "mesh" -> mesh(partitions);
            case "ring" -> ring(partitions);
            case "torus" -> torus(partitions);
            case "random" -> randomRegular(partitions, degree, seed);
            default -> throw new IllegalArgumentException("--topology must be mesh, ring, torus or random, got "
                + name);
        };
    }

    /**
     * @param partitions at least 2
     * @return every pair joined
     */
    public static PholdTopology mesh(final int partitions)
    {
        checkPartitions(partitions);
        final int[][] n = new int[partitions][];
        for (int i = 0; i < partitions; i++)
        {
            n[i] = new int[partitions - 1];
            for (int k = 0; k < partitions - 1; k++)
            {
                n[i][k] = k < i ? k : k + 1;
            }
        }
        return new PholdTopology("mesh", n);
    }

    /**
     * @param partitions at least 2
     * @return each partition joined to the one before and the one after, modulo {@code partitions}
     */
    public static PholdTopology ring(final int partitions)
    {
        checkPartitions(partitions);
        final int[][] n = new int[partitions][];
        for (int i = 0; i < partitions; i++)
        {
            n[i] = distinct(i, (i + partitions - 1) % partitions, (i + 1) % partitions);
        }
        return new PholdTopology("ring", n);
    }

    /**
     * @param partitions at least 2
     * @return a two-dimensional torus, as near square as {@code partitions} allows
     */
    public static PholdTopology torus(final int partitions)
    {
        checkPartitions(partitions);
        int rows = (int)Math.sqrt(partitions);
        while (partitions % rows != 0)
        {
            rows--;
        }
        final int cols = partitions / rows;
        final int[][] n = new int[partitions][];
        for (int i = 0; i < partitions; i++)
        {
            final int r = i / cols;
            final int c = i % cols;
            n[i] = distinct(i, ((r + rows - 1) % rows) * cols + c, ((r + 1) % rows) * cols + c,
                r * cols + (c + cols - 1) % cols, r * cols + (c + 1) % cols);
        }
        return new PholdTopology("torus " + rows + "x" + cols, n);
    }

    /**
     * @param partitions at least 2
     * @param degree neighbours of every partition: 1 to {@code partitions - 1}, with
     *     {@code partitions * degree} even
     * @param seed the seed of the draw
     * @return a random {@code degree}-regular simple graph
     */
    public static PholdTopology randomRegular(final int partitions, final int degree, final long seed)
    {
        checkPartitions(partitions);
        if (degree < 1 || degree >= partitions)
        {
            throw new IllegalArgumentException("--degree must be 1 to partitions - 1 (" + (partitions - 1) + "), got "
                + degree);
        }
        if ((long)partitions * degree % 2 != 0)
        {
            throw new IllegalArgumentException("a " + degree + "-regular graph on " + partitions
                + " partitions does not exist: partitions x degree must be even");
        }
        final SimRandom random = new SimRandom(seed).fork(-1);
        for (int restart = 0; restart < MAX_RESTARTS; restart++)
        {
            final int[][] n = tryPairing(partitions, degree, random);
            if (n != null)
            {
                for (final int[] row : n)
                {
                    Arrays.sort(row);
                }
                return new PholdTopology("random " + degree + "-regular", n);
            }
        }
        throw new IllegalArgumentException("could not draw a " + degree + "-regular graph on " + partitions
            + " partitions in " + MAX_RESTARTS + " attempts; try a smaller --degree");
    }

    /** One attempt of the pairing model; null if it got stuck. */
    private static int[][] tryPairing(final int partitions, final int degree, final SimRandom random)
    {
        final int[][] n = new int[partitions][degree];
        final int[] filled = new int[partitions];
        final int[] stubs = new int[partitions * degree];
        for (int k = 0; k < stubs.length; k++)
        {
            stubs[k] = k / degree;
        }
        int free = stubs.length;
        while (free > 0)
        {
            int a = -1;
            int b = -1;
            for (int t = 0; t < RANDOM_TRIES && a < 0; t++)
            {
                final int i = random.nextInt(free);
                final int j = random.nextInt(free);
                if (joinable(stubs[i], stubs[j], n, filled))
                {
                    a = i;
                    b = j;
                }
            }
            if (a < 0)
            {
                // Few stubs are left, or few good pairs: choose among all the good pairs, or restart.
                final long pairs = countJoinable(stubs, free, n, filled, -1);
                if (pairs == 0)
                {
                    return null;
                }
                final long pick = countJoinable(stubs, free, n, filled, random.nextLong(pairs));
                a = (int)(pick / free);
                b = (int)(pick % free);
            }
            final int u = stubs[a];
            final int v = stubs[b];
            n[u][filled[u]++] = v;
            n[v][filled[v]++] = u;
            // Remove both stubs, the higher index first so the lower one stays valid.
            stubs[Math.max(a, b)] = stubs[--free];
            stubs[Math.min(a, b)] = stubs[--free];
        }
        return n;
    }

    /**
     * Counts the joinable pairs {@code i < j} of free stubs, or, with {@code pick >= 0}, returns the
     * pick-th one as {@code i * free + j}.
     */
    private static long countJoinable(final int[] stubs, final int free, final int[][] n, final int[] filled,
        final long pick)
    {
        long count = 0;
        for (int i = 0; i < free; i++)
        {
            for (int j = i + 1; j < free; j++)
            {
                if (joinable(stubs[i], stubs[j], n, filled))
                {
                    if (count == pick)
                    {
                        return (long)i * free + j;
                    }
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean joinable(final int u, final int v, final int[][] n, final int[] filled)
    {
        if (u == v)
        {
            return false;
        }
        for (int k = 0; k < filled[u]; k++)
        {
            if (n[u][k] == v)
            {
                return false;
            }
        }
        return true;
    }

    /** The distinct values among {@code candidates} other than {@code self}, sorted. */
    private static int[] distinct(final int self, final int... candidates)
    {
        return Arrays.stream(candidates).filter(c -> c != self).distinct().sorted().toArray();
    }

    private static void checkPartitions(final int partitions)
    {
        if (partitions < 2)
        {
            throw new IllegalArgumentException("--partitions must be at least 2, got " + partitions);
        }
    }

    /** @return the number of partitions */
    public int partitions()
    {
        return neighbours.length;
    }

    /**
     * @param partition a partition's index
     * @return its neighbours, sorted ascending; the caller must not change the array
     */
    public int[] neighbours(final int partition)
    {
        return neighbours[partition];
    }

    /** @return the number of undirected links (each is a channel each way) */
    public long links()
    {
        long ends = 0;
        for (final int[] row : neighbours)
        {
            ends += row.length;
        }
        return ends / 2;
    }

    /** @return what the topology is, such as {@code "torus 32x32"} */
    public String description()
    {
        return description;
    }

    @Override
    public String toString()
    {
        return description;
    }
}
