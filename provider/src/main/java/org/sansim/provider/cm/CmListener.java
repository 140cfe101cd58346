package org.sansim.provider.cm;

/** Told of each connection request for a service a {@link ConnectionManager} listens on. */
@FunctionalInterface
public interface CmListener
{
    /**
     * Called on the host partition once per request (duplicates of the REQ are absorbed). The listener
     * answers now or later with {@link CmRequest#accept}, {@link CmRequest#reject} or
     * {@link CmRequest#defer}; until it does, the requester's retries are absorbed and it times out on
     * its own.
     *
     * @param request the request
     */
    void onRequest(CmRequest request);
}
