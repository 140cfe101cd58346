/**
 * {@code sansim sweep}: a scenario run over the cartesian product of parameter grids, each point
 * several times with seeds derived from one base seed, in child JVMs running {@code sansim run --json};
 * each point summarised by the mean and Student-t 95% confidence interval of the chosen metrics.
 * Results are placed by point and replication, never by completion order, so the CSV is the same for
 * any number of parallel jobs.
 */
package org.sansim.tools.sweep;
