package org.sansim.tools.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error, redrawn in place: the share done, a status (simulated
 * time reached, events per wall second, points done) and an estimate of the wall time left. It stays
 * silent unless standard error is a terminal or progress was asked for ({@code --progress}), and
 * until the work has taken a second; it clears its line when closed. It is the one place besides
 * benchmarks that reads the wall clock, and it only displays: nothing it does reaches a result.
 */
final class ProgressBar implements AutoCloseable
{
    /** Wall time before the bar first shows: shorter work gets no bar. */
    static final long SHOW_AFTER_NS = 1_000_000_000L;
    /** Least wall time between two redraws. */
    static final long REDRAW_NS = 200_000_000L;
    private static final int BAR_CELLS = 24;

    private final PrintWriter err;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    private final long startNs;
    private long lastDrawNs;
    private int drawnChars;

    ProgressBar(final PrintWriter err, final boolean enabled, final LongSupplier nanoClock)
    {
        this.err = err;
        this.enabled = enabled;
        this.nanoClock = nanoClock;
        this.startNs = enabled ? nanoClock.getAsLong() : 0;
    }

    /**
     * @param requested whether {@code --progress} was given
     * @param err standard error
     * @return a bar shown if {@code requested} or standard error is a terminal, else a silent one
     */
    static ProgressBar open(final boolean requested, final PrintWriter err)
    {
        return new ProgressBar(err, requested || isTerminal(), System::nanoTime);
    }

    /**
     * Whether the JVM runs on a terminal. Before JDK 22 {@code System.console()} is null otherwise; from
     * JDK 22 it may exist anyway and {@code Console.isTerminal()} (absent from the release 21 API) says.
     */
    private static boolean isTerminal()
    {
        final Console console = System.console();
        if (console == null)
        {
            return false;
        }
        try
        {
            return (Boolean)Console.class.getMethod("isTerminal").invoke(console);
        }
        catch (final ReflectiveOperationException e)
        {
            return true;
        }
    }

    /** @return wall nanoseconds since the bar was opened (0 for a silent bar) */
    long elapsedNs()
    {
        return enabled ? nanoClock.getAsLong() - startNs : 0;
    }

    /**
     * Redraws the bar if it is shown and due.
     *
     * @param fractionDone the share done, 0 to 1; NaN if unknown (no bar, no estimate)
     * @param status what to show after the bar
     */
    void update(final double fractionDone, final String status)
    {
        if (!enabled)
        {
            return;
        }
        final long nowNs = nanoClock.getAsLong();
        final long elapsedNs = nowNs - startNs;
        if (elapsedNs < SHOW_AFTER_NS || (drawnChars > 0 && nowNs - lastDrawNs < REDRAW_NS))
        {
            return;
        }
        lastDrawNs = nowNs;
        final StringBuilder line = new StringBuilder();
        if (!Double.isNaN(fractionDone))
        {
            final double f = Math.max(0.0, Math.min(1.0, fractionDone));
            final int full = (int)(f * BAR_CELLS);
            line.append('[').append("#".repeat(full)).append("-".repeat(BAR_CELLS - full)).append(']')
                .append(String.format(Locale.ROOT, " %3.0f%%  ", 100 * f));
        }
        line.append(status);
        if (!Double.isNaN(fractionDone) && fractionDone > 0)
        {
            final double leftS = elapsedNs / 1e9 * (1 - fractionDone) / fractionDone;
            line.append(String.format(Locale.ROOT, "  ~%s left", seconds(leftS)));
        }
        final int pad = Math.max(0, drawnChars - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        drawnChars = line.length();
    }

    private static String seconds(final double s)
    {
        if (s >= 3600)
        {
            return String.format(Locale.ROOT, "%dh%02dm", (long)(s / 3600), (long)(s % 3600 / 60));
        }
        if (s >= 60)
        {
            return String.format(Locale.ROOT, "%dm%02ds", (long)(s / 60), (long)(s % 60));
        }
        return String.format(Locale.ROOT, "%.0fs", Math.ceil(s));
    }

    /** Clears the bar's line, if it was drawn, so that other output may follow; the next update redraws it. */
    @Override
    public void close()
    {
        clear();
    }

    /** Clears the bar's line if it was drawn: call before printing to a terminal the bar shares. */
    void clear()
    {
        if (drawnChars > 0)
        {
            err.print("\r" + " ".repeat(drawnChars) + "\r");
            err.flush();
            drawnChars = 0;
        }
    }
}
