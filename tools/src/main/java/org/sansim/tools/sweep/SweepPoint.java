package org.sansim.tools.sweep;

import java.util.ArrayList;
import java.util.List;
import org.sansim.tools.scenario.Setting;

/**
 * One point of a sweep's grid: a value for each axis.
 *
 * @param index its number in the grid's order, from 0
 * @param axes the grid's axes
 * @param values the value of each axis, in the axes' order
 */
public record SweepPoint(int index, List<GridAxis> axes, List<String> values)
{
    /** @return the point's values as settings, applied after the scenario's and {@code --set}'s */
    public List<Setting> settings()
    {
        final List<Setting> settings = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++)
        {
            settings.add(new Setting(axes.get(i).key(), values.get(i), "--grid " + axes.get(i).key()));
        }
        return settings;
    }

    /** @return {@code key=value} for every axis, comma-separated: how messages name the point */
    public String label()
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < axes.size(); i++)
        {
            b.append(i == 0 ? "" : ", ").append(axes.get(i).key()).append('=').append(values.get(i));
        }
        return b.toString();
    }
}
