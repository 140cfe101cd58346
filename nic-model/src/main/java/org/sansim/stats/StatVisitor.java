package org.sansim.stats;

/**
 * Receives each stat, by kind, from {@link StatsRegistry#forEach(StatVisitor)}. Writers of stats
 * output implement it; they read the stats' accessors during the call.
 */
public interface StatVisitor
{
    /**
     * Visits a counter.
     *
     * @param counter the counter
     */
    void visitCounter(Counter counter);

    /**
     * Visits a gauge.
     *
     * @param gauge the gauge
     */
    void visitGauge(Gauge gauge);

    /**
     * Visits an accumulator.
     *
     * @param accumulator the accumulator
     */
    void visitAccumulator(Accumulator accumulator);

    /**
     * Visits a distribution.
     *
     * @param distribution the distribution
     */
    void visitDistribution(Distribution distribution);

    /**
     * Visits a formula.
     *
     * @param formula the formula
     */
    void visitFormula(Formula formula);
}
