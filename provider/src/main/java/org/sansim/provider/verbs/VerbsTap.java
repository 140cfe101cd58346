package org.sansim.provider.verbs;

import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WorkCompletion;

/**
 * Observes the verbs calls host software makes ({@code ibv_post_send}, {@code ibv_post_recv},
 * {@code ibv_poll_cq}, {@code ibv_req_notify_cq}) after each returns, for a recording of a run. Installed for
 * every {@link Device} at once with {@link Device#tap(VerbsTap)}; while none is installed (the default) each
 * call pays one volatile load and one branch, allocates nothing and reads no clock.
 *
 * <p>Calls arrive on the calling host's partition thread; with several runner threads, taps of different
 * hosts run concurrently, so an implementation keeps per-host state. Arguments are the caller's reusable
 * objects: read them during the call, never keep them.
 */
public interface VerbsTap
{
    /**
     * A send request was posted.
     *
     * @param device   the device
     * @param qp       the QP
     * @param request  the request, as posted
     * @param entryPs  the calling thread's time when it called
     * @param status   what the call returned
     */
    void postSend(Device device, QueuePair qp, SendRequest request, long entryPs, int status);

    /**
     * A receive request was posted.
     *
     * @param device   the device
     * @param qp       the QP
     * @param request  the request, as posted
     * @param entryPs  the calling thread's time when it called
     * @param status   what the call returned
     */
    void postRecv(Device device, QueuePair qp, RecvRequest request, long entryPs, int status);

    /**
     * A CQ was polled.
     *
     * @param device   the device
     * @param cq       the CQ
     * @param wcs      the completions, {@code found} of them from index 0
     * @param found    completions returned
     * @param max      completions asked for at most
     * @param entryPs  the calling thread's time when it called
     * @param exitPs   its time when the call returned
     */
    void polled(Device device, CompletionQueue cq, WorkCompletion[] wcs, int found, int max, long entryPs,
        long exitPs);

    /**
     * A CQ was armed for its next completion event.
     *
     * @param device  the device
     * @param cq      the CQ
     * @param nowPs   the calling thread's time
     */
    void armed(Device device, CompletionQueue cq, long nowPs);

    /**
     * A reliable connection between two devices was established by the system's set-up code, reported in the
     * order the set-up code lists its connections (not the order they completed in).
     *
     * @param active     the device that sent the request
     * @param activeQp   its QP
     * @param passive    the device that accepted
     * @param passiveQp  its QP
     * @param nowPs      simulated time
     */
    void connected(Device active, QueuePair activeQp, Device passive, QueuePair passiveQp, long nowPs);
}
