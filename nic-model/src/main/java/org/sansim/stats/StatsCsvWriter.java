package org.sansim.stats;

/** Writes the CSV form described in {@link StatsRegistry#toCsv()}. */
final class StatsCsvWriter implements StatVisitor
{
    private final StringBuilder out = new StringBuilder("name,value,unit,description\n");

    @Override
    public void visitCounter(final Counter counter)
    {
        row(counter.fullName(), Long.toString(counter.value()), counter.unit(), counter.description());
    }

    @Override
    public void visitGauge(final Gauge gauge)
    {
        row(gauge.fullName(), Long.toString(gauge.value()), gauge.unit(), gauge.description());
    }

    @Override
    public void visitAccumulator(final Accumulator accumulator)
    {
        summary(accumulator, accumulator.count(), accumulator.sum(), accumulator.min(), accumulator.max(),
            accumulator.mean());
    }

    @Override
    public void visitDistribution(final Distribution distribution)
    {
        summary(distribution, distribution.count(), distribution.sum(), distribution.min(), distribution.max(),
            distribution.mean());
        for (int i = 0; i < Distribution.REPORTED_PERCENTILES.length; i++)
        {
            final String value = distribution.count() == 0
                ? "" : Long.toString(distribution.percentile(Distribution.REPORTED_PERCENTILES[i]));
            row(distribution.fullName() + "." + Distribution.REPORTED_PERCENTILE_NAMES[i], value,
                distribution.unit(), distribution.description());
        }
    }

    @Override
    public void visitFormula(final Formula formula)
    {
        final String value = StatNumbers.format(formula.value());
        row(formula.fullName(), value == null ? "" : value, formula.unit(), formula.description());
    }

    String finish()
    {
        return out.toString();
    }

    private void summary(final Stat stat, final long count, final long sum, final long min, final long max,
        final double mean)
    {
        final String name = stat.fullName();
        final String meanText = StatNumbers.format(mean);
        row(name + ".count", Long.toString(count), "count", stat.description());
        row(name + ".sum", Long.toString(sum), stat.unit(), stat.description());
        row(name + ".min", count == 0 ? "" : Long.toString(min), stat.unit(), stat.description());
        row(name + ".max", count == 0 ? "" : Long.toString(max), stat.unit(), stat.description());
        row(name + ".mean", meanText == null ? "" : meanText, stat.unit(), stat.description());
    }

    private void row(final String name, final String value, final String unit, final String description)
    {
        field(name).append(',');
        field(value).append(',');
        field(unit).append(',');
        field(description).append('\n');
    }

    private StringBuilder field(final String text)
    {
        final boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
        return quote ? out.append('"').append(text.replace("\"", "\"\"")).append('"') : out.append(text);
    }
}
