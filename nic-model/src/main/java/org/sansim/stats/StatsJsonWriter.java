package org.sansim.stats;

/** Writes the JSON form described in {@link StatsRegistry#toJson()}. */
final class StatsJsonWriter implements StatVisitor
{
    private final StringBuilder out = new StringBuilder("{");
    private boolean first = true;

    @Override
    public void visitCounter(final Counter counter)
    {
        key(counter).append(counter.value());
    }

    @Override
    public void visitGauge(final Gauge gauge)
    {
        key(gauge).append(gauge.value());
    }

    @Override
    public void visitAccumulator(final Accumulator accumulator)
    {
        key(accumulator);
        summary(accumulator.count(), accumulator.sum(), accumulator.min(), accumulator.max(), accumulator.mean());
        out.append('}');
    }

    @Override
    public void visitDistribution(final Distribution distribution)
    {
        key(distribution);
        final long count = distribution.count();
        summary(count, distribution.sum(), distribution.min(), distribution.max(), distribution.mean());
        for (int i = 0; i < Distribution.REPORTED_PERCENTILES.length; i++)
        {
            out.append(",\"").append(Distribution.REPORTED_PERCENTILE_NAMES[i]).append("\":");
            final double percent = Distribution.REPORTED_PERCENTILES[i];
            out.append(count == 0 ? "null" : Long.toString(distribution.percentile(percent)));
        }
        out.append(",\"buckets\":[");
        boolean firstBucket = true;
        for (int i = 0; i < Distribution.bucketCount(); i++)
        {
            final long inBucket = distribution.countInBucket(i);
            if (inBucket != 0)
            {
                out.append(firstBucket ? "[" : ",[").append(Distribution.bucketLowerBound(i)).append(',')
                    .append(Distribution.bucketUpperBound(i)).append(',').append(inBucket).append(']');
                firstBucket = false;
            }
        }
        out.append("]}");
    }

    @Override
    public void visitFormula(final Formula formula)
    {
        key(formula).append(StatNumbers.format(formula.value()));
    }

    String finish()
    {
        return out.append(first ? "}\n" : "\n}\n").toString();
    }

    private StringBuilder key(final Stat stat)
    {
        out.append(first ? "\n  " : ",\n  ");
        first = false;
        return string(stat.fullName()).append(": ");
    }

    private void summary(final long count, final long sum, final long min, final long max, final double mean)
    {
        out.append("{\"count\":").append(count).append(",\"sum\":").append(sum);
        out.append(",\"min\":").append(count == 0 ? "null" : Long.toString(min));
        out.append(",\"max\":").append(count == 0 ? "null" : Long.toString(max));
        out.append(",\"mean\":").append(StatNumbers.format(mean));
    }

    private StringBuilder string(final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"');
    }
}
