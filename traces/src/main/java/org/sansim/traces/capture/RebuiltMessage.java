package org.sansim.traces.capture;

/**
 * One message rebuilt from the packets of a QP flow.
 *
 * @param flow       the flow: source, destination and destination QP, as {@link QpFlow#key()}
 * @param operation  {@code SEND}, {@code SEND_WITH_IMMEDIATE}, {@code SEND_WITH_INVALIDATE}, {@code RDMA_WRITE},
 *                   {@code RDMA_WRITE_WITH_IMMEDIATE}, {@code RDMA_READ} (the request), {@code RDMA_READ_RESPONSE},
 *                   {@code COMPARE_SWAP} or {@code FETCH_ADD}
 * @param sizeBytes  payload bytes summed over the packets; for an RDMA READ request the RETH's DMA length; for
 *                   an atomic 8
 * @param firstPsn   PSN of its first packet
 * @param lastPsn    PSN of its last packet
 * @param packets    packets that carried it (retransmissions not counted)
 * @param firstNs    capture time of its first packet
 * @param lastNs     capture time of its last packet
 * @param complete   false if a packet of it is missing from the capture (it has no first or last packet, or
 *                   its PSNs skip), or the capture ends inside it
 */
public record RebuiltMessage(String flow, String operation, long sizeBytes, int firstPsn, int lastPsn, int packets,
    long firstNs, long lastNs, boolean complete)
{
}
