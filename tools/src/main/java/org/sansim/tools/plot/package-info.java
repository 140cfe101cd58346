/**
 * PNG plots drawn with XChart: what a run's output directory shows (latency CDF, throughput over
 * simulated time, slowdown by flow size) and what a sweep shows (a metric against a grid key, one
 * line per value of a second key, with confidence intervals). Plots only read finished results.
 */
package org.sansim.tools.plot;
