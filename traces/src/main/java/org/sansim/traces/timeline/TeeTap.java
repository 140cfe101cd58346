package org.sansim.traces.timeline;

import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.provider.verbs.VerbsTap;

/** Hands every verbs call to two taps, the first first (a recording and a timeline at once). */
final class TeeTap implements VerbsTap
{
    private final VerbsTap first;
    private final VerbsTap second;

    TeeTap(final VerbsTap first, final VerbsTap second)
    {
        this.first = first;
        this.second = second;
    }

    @Override
    public void postSend(final Device d, final QueuePair qp, final SendRequest r, final long entryPs, final int status)
    {
        first.postSend(d, qp, r, entryPs, status);
        second.postSend(d, qp, r, entryPs, status);
    }

    @Override
    public void postRecv(final Device d, final QueuePair qp, final RecvRequest r, final long entryPs, final int status)
    {
        first.postRecv(d, qp, r, entryPs, status);
        second.postRecv(d, qp, r, entryPs, status);
    }

    @Override
    public void polled(final Device d, final CompletionQueue cq, final WorkCompletion[] wcs, final int found,
        final int max, final long entryPs, final long exitPs)
    {
        first.polled(d, cq, wcs, found, max, entryPs, exitPs);
        second.polled(d, cq, wcs, found, max, entryPs, exitPs);
    }

    @Override
    public void armed(final Device d, final CompletionQueue cq, final long nowPs)
    {
        first.armed(d, cq, nowPs);
        second.armed(d, cq, nowPs);
    }

    @Override
    public void connected(final Device active, final QueuePair activeQp, final Device passive,
        final QueuePair passiveQp, final long nowPs)
    {
        first.connected(active, activeQp, passive, passiveQp, nowPs);
        second.connected(active, activeQp, passive, passiveQp, nowPs);
    }
}
