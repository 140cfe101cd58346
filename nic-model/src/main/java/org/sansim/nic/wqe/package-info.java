/**
 * The WQE fetcher: per send queue producer and consumer counters, DMA reads of 64-byte WQE blocks
 * into a WQE cache, parsing of each WQE into a reusable {@link org.sansim.nic.wqe.WorkRequest}, and
 * credit-based hand-off to the transport ({@link org.sansim.nic.wqe.WorkRequestSink}).
 */
package org.sansim.nic.wqe;
