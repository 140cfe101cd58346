package org.sansim.nic.wqe;

import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.VendorSyndrome;

/**
 * Where the {@link WqeFetcher} hands parsed WQEs: the transport. Each call uses one credit the sink
 * granted with {@link WqeFetcher#requestMore}; with none left, the fetcher keeps WQEs in its cache
 * (and stops fetching once the prefetch depth is reached), which is how the transport applies
 * back-pressure.
 */
public interface WorkRequestSink
{
    /**
     * Takes the next WQE of a send queue, in posting order.
     *
     * @param request the parsed WQE; the object is reused, so it is valid only during the call
     */
    void onWorkRequest(WorkRequest request);

    /**
     * Told that the next WQE of a send queue failed a check of HARDWARE.md 6.7. The queue is then in
     * {@link SendQueueState#ERROR}; the transport writes the requester error CQE with these
     * syndromes and moves the QP to {@code ERROR}.
     *
     * @param qpn the send queue's QPN
     * @param wqeIndex the WQE's position: the send producer counter at its first block, 16 bits
     * @param syndrome the CQE syndrome ({@code LOCAL_QP_OPERATION} or {@code LOCAL_LENGTH})
     * @param vendorSyndrome which check failed
     */
    void onWqeError(int qpn, int wqeIndex, CqeSyndrome syndrome, VendorSyndrome vendorSyndrome);
}
