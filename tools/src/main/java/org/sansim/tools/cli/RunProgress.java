package org.sansim.tools.cli;

import java.util.Locale;
import org.sansim.config.Units;
import org.sansim.tools.scenario.RunObserver;
import org.sansim.tools.scenario.SliceReport;

/**
 * Shows a scenario run's progress on a {@link ProgressBar}: the simulated time reached since the
 * workload started, events per wall second, and the share done (messages completed, or time to the
 * {@code --until} bound).
 */
final class RunProgress implements RunObserver
{
    private final ProgressBar bar;

    RunProgress(final ProgressBar bar)
    {
        this.bar = bar;
    }

    @Override
    public void afterSlice(final SliceReport report)
    {
        final long elapsedNs = bar.elapsedNs();
        final double eventsPerS = elapsedNs == 0 ? 0 : report.events() * 1e9 / elapsedNs;
        bar.update(report.fractionDone(), String.format(Locale.ROOT, "%s simulated, %,.0f events/s",
            Units.formatPs(report.timePs() - report.workloadStartPs()), eventsPerS));
    }
}
