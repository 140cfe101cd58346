/** Perftest-style latency and bandwidth tests over the verbs API on the two-node testbed. */
package org.sansim.tools.perf;
