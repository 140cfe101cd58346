package org.sansim.tools.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.sansim.config.Units;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.tools.scenario.StallException;
import org.sansim.tools.scenario.system.RcConnection;
import org.sansim.tools.scenario.system.RcConnections;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.traces.mpi.MpiTrace;

/**
 * Replays an MPI or AI trace on a built system: places the ranks on its hosts, decomposes collectives
 * ({@link CollectiveSteps}), connects every pair of ranks that exchange messages across hosts through
 * the connection managers ({@link RcConnections}, one QP per pair), starts one simulated thread per rank
 * at the same simulated time and runs until every rank's last step is done. A run in which nothing is
 * scheduled any more while ranks still wait (a receive no send matches) ends with a {@link StallException}
 * naming them.
 */
public final class MpiReplay
{
    /** Largest message (and registered buffer) replayed: 256 MiB. */
    public static final long MAX_MESSAGE_BYTES = 256L << 20;
    private static final int LOG_SQ_BLOCKS = 6;
    private static final int LOG_RQ_SIZE = 6;
    private static final long MIN_BUFFER_BYTES = 4096;

    private final SanSystem system;
    private final RankEngine[] ranks;
    private final long startPs;

    private MpiReplay(final SanSystem system, final MpiTrace trace, final Placement placement)
    {
        this.system = system;
        final int n = trace.ranks().size();
        final int hosts = system.hosts().size();
        ranks = new RankEngine[n];
        long largest = 0;
        for (int r = 0; r < n; r++)
        {
            final P2pProgram p = CollectiveSteps.expand(trace.ranks().get(r), n);
            ranks[r] = new RankEngine(r, placement.host(r, n, hosts), p);
            for (int s = 0; s < p.size(); s++)
            {
                if (p.kind(s) == P2pProgram.SEND || p.kind(s) == P2pProgram.RECV)
                {
                    largest = Math.max(largest, p.value(s));
                }
            }
        }
        if (largest > MAX_MESSAGE_BYTES)
        {
            throw new IllegalArgumentException(trace.source() + ": a message of " + Units.formatBytes(largest)
                + " is larger than the " + Units.formatBytes(MAX_MESSAGE_BYTES) + " the replay carries");
        }
        final List<int[]> rankPairs = rankPairs();
        final List<int[]> hostPairs = new ArrayList<>();
        for (final int[] pair : rankPairs)
        {
            hostPairs.add(new int[] {ranks[pair[0]].host(), ranks[pair[1]].host()});
        }
        final RcConnections connections = RcConnections.establish(system, hostPairs,
            Math.max(MIN_BUFFER_BYTES, largest), LOG_SQ_BLOCKS, LOG_RQ_SIZE);
        final HostComm[] comms = new HostComm[hosts];
        for (int h = 0; h < hosts; h++)
        {
            final MemoryRegion region = connections.region(h);
            comms[h] = new HostComm(system.host(h), region, ranks);
        }
        for (int i = 0; i < rankPairs.size(); i++)
        {
            final RcConnection c = connections.connections().get(i);
            final int a = rankPairs.get(i)[0];
            final int b = rankPairs.get(i)[1];
            comms[ranks[a].host()].link(a, b, c.activeQp(), c.activeCq());
            comms[ranks[b].host()].link(b, a, c.passiveQp(), c.passiveCq());
        }
        startPs = system.timePs();
        for (final RankEngine r : ranks)
        {
            final SanHost host = system.host(r.host());
            final RankThread body = new RankThread(r, comms[r.host()]);
            system.at(host, () -> host.threads().start("rank" + r.rank(), body));
        }
    }

    /**
     * Sets the replay's connections up and starts its rank threads at the system's current time.
     *
     * @param system the system, built, with at least one host
     * @param trace the trace
     * @param placement how ranks go onto hosts
     * @return the running replay
     * @throws IllegalArgumentException if the trace does not fit (a message too large, a tag too high)
     */
    public static MpiReplay start(final SanSystem system, final MpiTrace trace, final Placement placement)
    {
        return new MpiReplay(system, trace, placement);
    }

    /**
     * Runs until every rank is done.
     *
     * @throws StallException if nothing is scheduled any more while ranks still wait
     */
    public void run()
    {
        int idleSlices = 0;
        while (!done())
        {
            final long eventsBefore = system.eventsHandled();
            system.runSlice(SanSystem.SLICE_PS);
            if (done())
            {
                break;
            }
            idleSlices = system.eventsHandled() == eventsBefore && system.pendingEvents() == 0 ? idleSlices + 1 : 0;
            if (idleSlices >= 2)
            {
                throw new StallException("stalled at " + Units.formatPs(system.timePs())
                    + ": nothing is scheduled and nothing arrives, yet " + waiting());
            }
        }
    }

    /** @return whether every rank has finished its program and its thread has ended */
    public boolean done()
    {
        for (final RankEngine r : ranks)
        {
            if (r.endPs < 0)
            {
                return false;
            }
        }
        return true;
    }

    /** @return the simulated time the rank threads started */
    public long startPs()
    {
        return startPs;
    }

    /** @return each rank's figures, by rank */
    public List<RankResult> results()
    {
        final List<RankResult> out = new ArrayList<>();
        for (final RankEngine r : ranks)
        {
            final long span = r.endPs - r.startPs;
            out.add(new RankResult(r.rank(), r.host(), r.computePs, span - r.computePs, span, r.messagesSent,
                r.bytesSent));
        }
        return out;
    }

    private String waiting()
    {
        final StringBuilder b = new StringBuilder();
        int listed = 0;
        for (final RankEngine r : ranks)
        {
            if (!r.finished() && listed++ < 4)
            {
                b.append(b.length() == 0 ? "" : "; ").append(r.waiting());
            }
        }
        return b.toString();
    }

    /** Every pair of ranks on different hosts that exchange a message, lower rank first, sorted. */
    private List<int[]> rankPairs()
    {
        final TreeSet<Long> pairs = new TreeSet<>();
        for (final RankEngine r : ranks)
        {
            final P2pProgram p = r.program();
            for (int s = 0; s < p.size(); s++)
            {
                if (p.kind(s) == P2pProgram.SEND && ranks[p.peer(s)].host() != r.host())
                {
                    final int a = Math.min(r.rank(), p.peer(s));
                    final int b = Math.max(r.rank(), p.peer(s));
                    pairs.add((long)a << 32 | b);
                }
            }
        }
        final List<int[]> out = new ArrayList<>();
        for (final long pair : pairs)
        {
            out.add(new int[] {(int)(pair >>> 32), (int)pair});
        }
        return out;
    }

    /**
     * One rank's figures.
     *
     * @param rank the rank
     * @param host the host it ran on
     * @param computePs its compute steps' time
     * @param communicationPs the rest of its span: posting, polling and waiting for messages
     * @param spanPs from its start to its last step's end
     * @param messagesSent point-to-point messages it sent (collectives' steps included)
     * @param bytesSent their payload
     */
    public record RankResult(int rank, int host, long computePs, long communicationPs, long spanPs, int messagesSent,
                             long bytesSent)
    {
    }
}
