/**
 * The WQE fetcher: per send queue producer and consumer counters, DMA reads of 64-byte WQE blocks
 * into a WQE cache, parsing of each WQE into a reusable {@link org.sansim.nic.wqe.WorkRequest}, and
 * credit-based hand-off to the transport ({@link org.sansim.nic.wqe.WorkRequestSink}).
 *
 * <p>{@link org.sansim.nic.wqe.WqeFetcher} is the entry point: doorbells, BlueFlame copies, credit,
 * the parse engines and the hand-off. Package-private classes hold one concern each: the queue
 * contexts ({@code SendQueueTable}, with {@code QpnTable} and {@code PendingDoorbells}), the fetch
 * scheduler and its DMA reads ({@code WqeReadScheduler}), the block pool ({@code WqeBlockPool}) and
 * the decoding of one WQE ({@code WqeParser}).
 */
package org.sansim.nic.wqe;
