package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * A rank's program with its collectives decomposed: only compute, send, receive and join steps, in
 * arrays indexed by step, each step's dependencies earlier than itself. Built by {@link CollectiveSteps}.
 */
final class P2pProgram
{
    /** Kinds of step. */
    static final byte COMPUTE = 0;
    /** A send. */
    static final byte SEND = 1;
    /** A receive. */
    static final byte RECV = 2;
    /** A join. */
    static final byte JOIN = 3;

    private byte[] kind = new byte[16];
    private int[] peer = new int[16];
    private int[] tag = new int[16];
    private long[] value = new long[16];
    private final List<int[]> deps = new ArrayList<>();
    private int size;

    int add(final byte k, final int p, final int t, final long bytesOrPs, final int... on)
    {
        if (size == kind.length)
        {
            kind = java.util.Arrays.copyOf(kind, size * 2);
            peer = java.util.Arrays.copyOf(peer, size * 2);
            tag = java.util.Arrays.copyOf(tag, size * 2);
            value = java.util.Arrays.copyOf(value, size * 2);
        }
        kind[size] = k;
        peer[size] = p;
        tag[size] = t;
        value[size] = bytesOrPs;
        deps.add(on);
        return size++;
    }

    int size()
    {
        return size;
    }

    byte kind(final int step)
    {
        return kind[step];
    }

    int peer(final int step)
    {
        return peer[step];
    }

    int tag(final int step)
    {
        return tag[step];
    }

    /** @return a message's bytes, or a compute step's duration in picoseconds */
    long value(final int step)
    {
        return value[step];
    }

    int[] deps(final int step)
    {
        return deps.get(step);
    }

    /** @return a step in words, for the message of a stalled run */
    String describe(final int step)
    {
        return switch (kind[step])
        {
            case COMPUTE -> "compute " + value[step] + " ps";
            case SEND -> "send of " + value[step] + " B to rank " + peer[step] + " tag " + tagText(tag[step]);
            case RECV -> "receive from " + (peer[step] < 0 ? "any rank" : "rank " + peer[step]) + " tag "
                + tagText(tag[step]);
            default -> "join";
        };
    }

    private static String tagText(final int t)
    {
        return t < 0 ? "any" : t >= CollectiveSteps.COLLECTIVE_TAG ? "collective " + (t - CollectiveSteps.COLLECTIVE_TAG)
            : String.valueOf(t);
    }
}
