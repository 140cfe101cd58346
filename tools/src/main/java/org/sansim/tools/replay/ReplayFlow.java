package org.sansim.tools.replay;

import java.util.Arrays;

/**
 * A replayed connection's flow, as a scenario's workload counts it: the signalled posts on its active end are
 * its messages; one completes when its completion is polled, or, for a request-response flow (whose thread also
 * posts receives on the QP), when the receive that answers it is polled, its latency then being half the round
 * trip. Written only by the thread posting on the active end.
 */
final class ReplayFlow
{
    final int id;
    final int source;
    final int destination;
    final long bytes;
    final int messages;
    final boolean roundTrip;
    private long[] postPs = new long[16];
    private final long[] messageBytes;
    int posted;
    int completed;
    long bytesCompleted;
    long startPs = -1;
    long endPs = -1;

    ReplayFlow(final int id, final int source, final int destination, final long[] messageBytes,
        final boolean roundTrip)
    {
        this.id = id;
        this.source = source;
        this.destination = destination;
        this.messageBytes = messageBytes;
        this.messages = messageBytes.length;
        this.roundTrip = roundTrip;
        long b = 0;
        for (final long m : messageBytes)
        {
            b += m;
        }
        this.bytes = b;
    }

    boolean done()
    {
        return completed == messages;
    }

    /** @return the bytes of the flow's first message: a full message of its workload */
    long firstMessageBytes()
    {
        return messageBytes.length == 0 ? bytes : messageBytes[0];
    }

    void posted(final long nowPs)
    {
        if (posted == postPs.length)
        {
            postPs = Arrays.copyOf(postPs, postPs.length * 2);
        }
        postPs[posted++] = nowPs;
    }

    /** @return the post time of the message that completes now (RC completes a QP's requests in order) */
    long completed()
    {
        bytesCompleted += messageBytes[completed];
        return postPs[completed++];
    }
}
