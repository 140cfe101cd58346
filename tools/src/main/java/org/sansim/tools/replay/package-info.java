/**
 * {@code sansim replay} of MPI and AI traces: ranks placed on a system's hosts, collectives decomposed
 * into point-to-point steps, point-to-point messages carried as verbs SENDs with immediate data between
 * the hosts' reliable connections, compute as CPU time of each rank's simulated thread. The mapping is
 * documented in {@code traces/TRACES.md}.
 */
package org.sansim.tools.replay;
