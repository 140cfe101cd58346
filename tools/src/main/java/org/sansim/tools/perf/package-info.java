/**
 * Perftest-style latency and bandwidth tests over the verbs API on the two-node testbed.
 *
 * <p>{@link org.sansim.tools.perf.Perftest} is the entry point (the tests, knobs, testbed and rows);
 * the loops are package-private classes: {@code LatencyPingPong}, {@code StreamBandwidth},
 * {@code MultiQpBandwidth} and {@code PcieTests}.
 */
package org.sansim.tools.perf;
