/**
 * Statistics declared once, with unit and description, grouped by component path
 * ({@code node0.nic.tu.mttMisses}), and written as JSON or CSV.
 *
 * <p>A component asks the run's {@link org.sansim.stats.StatsRegistry} for its
 * {@link org.sansim.stats.StatGroup} while registering statistics, keeps the returned stat objects
 * in fields, and updates them on the hot path. Updates allocate nothing, box nothing and use no
 * atomics: a stat belongs to one simulated partition and is updated by that partition's thread
 * only; output is written when the partitions are quiescent. Stat state is integral, so identical
 * runs give bit-identical statistics; floating point appears only when reporting means, formulas
 * and percentiles.
 */
package org.sansim.stats;
