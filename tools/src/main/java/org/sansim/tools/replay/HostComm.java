package org.sansim.tools.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.tools.scenario.system.SanHost;

/**
 * The communication of the ranks on one host: their reliable connections to ranks on other hosts (one
 * QP per pair of ranks), the receives kept posted on each, and the host's CQs, which every rank thread
 * of the host polls for all of them.
 * <ul>
 *   <li>A message is one SEND with immediate data: the immediate is the tag, the QP names the source
 *       and destination ranks, the payload comes from the host's registered buffer and lands in the
 *       peer's. RC delivers a QP's SENDs in order, which keeps MPI's order per source and tag.</li>
 *   <li>{@value #RECV_DEPTH} receives stay posted per QP, each re-posted as soon as its completion is
 *       polled; a burst beyond that meets RNR NAKs and retries, as an MPI without credits would.</li>
 *   <li>At most {@value #MAX_OUTSTANDING} SENDs are in flight per QP; later ones wait in order.</li>
 *   <li>Between ranks of the same host a message is delivered at once (shared memory, no cost).</li>
 * </ul>
 * Used only from the host's partition (its rank threads).
 */
final class HostComm
{
    static final int RECV_DEPTH = 32;
    static final int MAX_OUTSTANDING = 16;
    private static final long RECV_WR = 1L << 62;
    private static final int POLL_BATCH = 16;

    private final SanHost host;
    private final Device device;
    private final MemoryRegion region;
    private final List<CompletionQueue> cqs = new ArrayList<>();
    private final Map<Integer, Link> byQpn = new HashMap<>();
    private final List<Link> links = new ArrayList<>();
    private final RankEngine[] ranks;
    private final Map<Long, Link> byPair = new HashMap<>();
    private final WorkCompletion[] wcs = new WorkCompletion[POLL_BATCH];
    private final SendRequest send = new SendRequest(1, 0);
    private final RecvRequest recv = new RecvRequest(1);
    private final Runnable wakeAll = this::wakeAll;
    private boolean receivesPosted;

    HostComm(final SanHost host, final MemoryRegion region, final RankEngine[] allRanks)
    {
        this.host = host;
        this.device = host.device();
        this.region = region;
        this.ranks = allRanks;
        for (int i = 0; i < POLL_BATCH; i++)
        {
            wcs[i] = new WorkCompletion();
        }
    }

    /** Adds the local end of one connection between {@code localRank} here and {@code peerRank} elsewhere. */
    void link(final int localRank, final int peerRank, final QueuePair qp, final CompletionQueue cq)
    {
        final Link l = new Link(links.size(), localRank, peerRank, qp);
        links.add(l);
        byQpn.put(qp.qpn(), l);
        byPair.put(pair(localRank, peerRank), l);
        if (!cqs.contains(cq))
        {
            cqs.add(cq);
        }
    }

    /** Posts every QP's receives, once, from the first rank thread that runs here. */
    void ensureReceivesPosted()
    {
        if (receivesPosted)
        {
            return;
        }
        receivesPosted = true;
        for (final Link l : links)
        {
            for (int i = 0; i < RECV_DEPTH; i++)
            {
                postRecv(l);
            }
        }
    }

    /**
     * Starts a message from a rank of this host; completes the send step at once between ranks of
     * this host.
     */
    void send(final RankEngine from, final int step)
    {
        final P2pProgram p = from.program();
        final int to = p.peer(step);
        from.messagesSent++;
        from.bytesSent += p.value(step);
        final RankEngine target = ranks[to];
        if (target.host() == host.index())
        {
            from.complete(step);
            target.arrive(from.rank(), p.tag(step), p.value(step));
            return;
        }
        final Link l = byPair.get(pair(from.rank(), to));
        l.pending.addLast((long)from.rank() << 32 | step);
        drain(l);
    }

    /**
     * Polls every CQ of the host once and handles what it finds: send completions complete their
     * steps (and let waiting sends go), receive completions deliver their messages and are re-posted.
     *
     * @return completions handled
     */
    int progress()
    {
        int found = 0;
        for (int c = 0; c < cqs.size(); c++)
        {
            final int n = device.pollCq(cqs.get(c), wcs, POLL_BATCH);
            for (int i = 0; i < n; i++)
            {
                handle(wcs[i]);
            }
            found += n;
        }
        return found;
    }

    /** Arms every CQ of the host so that the next completion wakes the parked rank threads. */
    void arm()
    {
        for (int c = 0; c < cqs.size(); c++)
        {
            device.reqNotifyCq(cqs.get(c), false, wakeAll);
        }
    }

    /** @return whether the host has any QP (else nothing ever arrives over the fabric) */
    boolean connected()
    {
        return !links.isEmpty();
    }

    private void handle(final WorkCompletion wc)
    {
        final Link l = byQpn.get(wc.qpn());
        if (wc.status() != WcStatus.SUCCESS || l == null)
        {
            throw new IllegalStateException(host + ": a completion on QP " + wc.qpn() + " with " + wc.status());
        }
        if (wc.opcode() == WcOpcode.RECV)
        {
            postRecv(l);
            ranks[l.localRank].arrive(l.peerRank, wc.immediate(), wc.byteLength());
            return;
        }
        final RankEngine owner = ranks[(int)(wc.wrId() >>> 32)];
        owner.complete((int)wc.wrId());
        owner.wake();
        l.outstanding--;
        drain(l);
    }

    private void drain(final Link l)
    {
        while (l.outstanding < MAX_OUTSTANDING && !l.pending.isEmpty())
        {
            final long id = l.pending.pollFirst();
            final RankEngine from = ranks[(int)(id >>> 32)];
            final int step = (int)id;
            final long bytes = from.program().value(step);
            send.clear().wrId(id).opcode(WqeOpcode.SEND_IMM).signalled(true).immediate(from.program().tag(step));
            if (bytes > 0)
            {
                send.addSge(region.va(), (int)bytes, region.lkey());
            }
            final int rc = device.postSend(l.qp, send);
            if (rc != 0)
            {
                throw new IllegalStateException(host + ": posting a SEND to rank " + l.peerRank + " failed: " + rc);
            }
            l.outstanding++;
        }
    }

    private void postRecv(final Link l)
    {
        recv.clear().wrId(RECV_WR | l.id).addSge(region.va(), (int)region.length(), region.lkey());
        final int rc = device.postRecv(l.qp, recv);
        if (rc != 0)
        {
            throw new IllegalStateException(host + ": posting a receive from rank " + l.peerRank + " failed: " + rc);
        }
    }

    private void wakeAll()
    {
        for (final RankEngine r : ranks)
        {
            if (r.host() == host.index())
            {
                r.wake();
            }
        }
    }

    private static long pair(final int local, final int peer)
    {
        return (long)local << 32 | peer & 0xFFFF_FFFFL;
    }

    /** One QP: its ranks, its SENDs in flight and waiting. */
    private static final class Link
    {
        final int id;
        final int localRank;
        final int peerRank;
        final QueuePair qp;
        final ArrayDeque<Long> pending = new ArrayDeque<>();
        int outstanding;

        Link(final int id, final int localRank, final int peerRank, final QueuePair qp)
        {
            this.id = id;
            this.localRank = localRank;
            this.peerRank = peerRank;
            this.qp = qp;
        }
    }
}
