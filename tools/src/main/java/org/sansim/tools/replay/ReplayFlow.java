package org.sansim.tools.replay;

import java.util.Arrays;
import org.sansim.tools.workload.FlowResults;

/**
 * A replayed connection's flow, as a scenario's workload counts it. On verbs the signalled posts on its active
 * end are its messages; one completes when its completion is polled, or, for a request-response flow (whose
 * thread also posts receives on the QP), when the receive that answers it is polled, its latency then being half
 * the round trip. On sockets ({@link SocketReplay}) a message is a request and its response, or a block
 * received. Written only by the thread that completes its messages.
 */
final class ReplayFlow implements FlowResults.Measured
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

    @Override
    public boolean done()
    {
        return completed == messages;
    }

    @Override
    public int id()
    {
        return id;
    }

    @Override
    public int source()
    {
        return source;
    }

    @Override
    public int destination()
    {
        return destination;
    }

    @Override
    public long bytes()
    {
        return bytes;
    }

    @Override
    public long bytesCompleted()
    {
        return done() ? bytes : bytesCompleted;
    }

    @Override
    public long startPs()
    {
        return startPs;
    }

    @Override
    public long endPs()
    {
        return endPs;
    }

    @Override
    public long idealMessageBytes()
    {
        return firstMessageBytes();
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

    /** The next message completes, its post time not measured (a block received on a socket). */
    void delivered()
    {
        bytesCompleted += messageBytes[completed++];
    }
}
