package org.sansim.tools.sweep;

import java.util.ArrayList;
import java.util.List;
import org.sansim.tools.scenario.ScenarioException;

/**
 * The cartesian product of a sweep's axes, in a fixed order: the first axis varies slowest, the last
 * fastest (as nested loops in the order the axes were given).
 *
 * @param axes the axes, at least one, with distinct keys
 */
public record SweepGrid(List<GridAxis> axes)
{
    /** Most points a sweep may have. */
    public static final int MAX_POINTS = 100_000;

    /**
     * @param axes the axes
     * @throws ScenarioException if there are none, a key repeats or the product is too large
     */
    public SweepGrid
    {
        if (axes.isEmpty())
        {
            throw new ScenarioException("--grid: a sweep needs at least one, such as --grid tu.mttCacheEntries=64,256");
        }
        long points = 1;
        for (int i = 0; i < axes.size(); i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (axes.get(i).key().equals(axes.get(j).key()))
                {
                    throw new ScenarioException("--grid " + axes.get(i).key() + ": the key is given twice");
                }
            }
            points *= axes.get(i).values().size();
            if (points > MAX_POINTS)
            {
                throw new ScenarioException("--grid: more than " + MAX_POINTS + " points");
            }
        }
        axes = List.copyOf(axes);
    }

    /** @return every point, numbered in order */
    public List<SweepPoint> points()
    {
        final List<SweepPoint> points = new ArrayList<>();
        final int[] at = new int[axes.size()];
        while (true)
        {
            final List<String> values = new ArrayList<>();
            for (int i = 0; i < at.length; i++)
            {
                values.add(axes.get(i).values().get(at[i]));
            }
            points.add(new SweepPoint(points.size(), axes, List.copyOf(values)));
            int i = at.length - 1;
            while (i >= 0 && ++at[i] == axes.get(i).values().size())
            {
                at[i] = 0;
                i--;
            }
            if (i < 0)
            {
                return points;
            }
        }
    }
}
