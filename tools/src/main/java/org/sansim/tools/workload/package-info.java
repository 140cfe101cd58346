/**
 * Workloads on verbs, run by simulated host threads: ping-pong, stream, incast, all-to-all and
 * permutation; per flow its start, end, bytes and completion time, per run HdrHistogram percentiles,
 * throughput and the receiving link's utilisation.
 */
package org.sansim.tools.workload;
