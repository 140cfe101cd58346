/**
 * Workloads run by simulated host threads on verbs (ping-pong, stream over any number of QPs and
 * threads, incast, all-to-all, permutation, closed-loop request-response with service and think
 * times, Poisson flow arrivals at a target load with sizes from a distribution) and through the WSD
 * provider (ping-pong, stream); per flow its start, end, bytes, completion time and slowdown, per run
 * HdrHistogram percentiles, throughput, the receiving link's utilisation and slowdowns by flow size.
 * {@link org.sansim.tools.workload.Workload#start} is the entry point; {@link
 * org.sansim.tools.workload.FlowPlan} and {@link org.sansim.tools.workload.SizeDistribution} are public
 * for tools that plan flows of their own.
 */
package org.sansim.tools.workload;
