package org.sansim.tools.bench;

import java.util.ArrayDeque;
import org.sansim.random.SimRandom;
import org.sansim.sim.Channel;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Runner;
import org.sansim.sim.Simulation;

/**
 * PHOLD (Fujimoto, 1990) over {@code P} partitions joined by a full mesh of cross-partition
 * channels whose latencies are drawn from the seed in [1 ns, 5 ns]. Each partition starts with
 * {@link #JOBS_PER_PARTITION} jobs. Handling a job (a local event or an arriving message) draws
 * from the partition's own random stream: with probability {@link #REMOTE_FRACTION} the job moves to
 * another partition, arriving after the link's latency plus an exponential delay of mean
 * {@link #MEAN_DELAY_PS}; otherwise it stays, due after an exponential delay of the same mean.
 *
 * <p>Each partition folds every job it handles (time, job id, hop count) into a running digest, in
 * the order handled; the model's digest combines those with each partition's final state. The
 * digest is the same for any runner and thread count, which is what the determinism tests assert.
 */
public final class Phold
{
    /** Jobs each partition starts with. */
    public static final int JOBS_PER_PARTITION = 64;

    /** Probability that a job moves to another partition. */
    public static final double REMOTE_FRACTION = 0.25;

    /** Mean of the exponential delays. */
    public static final long MEAN_DELAY_PS = 1000;

    private static final long MIN_LATENCY_PS = 1_000;
    private static final long LATENCY_SPREAD_PS = 4_000;

    private final Simulation simulation = new Simulation();
    private final Node[] nodes;

    /**
     * Builds the model.
     *
     * @param partitions the number of partitions, at least 2
     * @param seed the seed of every random choice, including the link latencies
     */
    public Phold(final int partitions, final long seed)
    {
        if (partitions < 2)
        {
            throw new IllegalArgumentException("--partitions must be at least 2, got " + partitions);
        }
        final SimRandom topology = new SimRandom(seed);
        nodes = new Node[partitions];
        for (int i = 0; i < partitions; i++)
        {
            nodes[i] = new Node(simulation.partition("p" + i), new SimRandom(seed).fork(i + 1));
        }
        for (int from = 0; from < partitions; from++)
        {
            for (int to = 0; to < partitions; to++)
            {
                if (from != to)
                {
                    final long latencyPs = MIN_LATENCY_PS + topology.nextLong(LATENCY_SPREAD_PS + 1);
                    final Channel ch = simulation.channel("p" + from + "->p" + to, nodes[from].partition,
                        nodes[to].partition, latencyPs);
                    nodes[from].out[to] = ch;
                    ch.bind(nodes[to]::onMessage);
                }
            }
        }
        for (int i = 0; i < partitions; i++)
        {
            for (int j = 0; j < JOBS_PER_PARTITION; j++)
            {
                nodes[i].startJob((long)i * JOBS_PER_PARTITION + j);
            }
        }
    }

    /**
     * Picks the end time at which about {@code events} events will have been handled.
     *
     * @param partitions the number of partitions
     * @param events the target number of events
     * @return the end time
     */
    public static long endTimeForEvents(final int partitions, final long events)
    {
        // Each job is handled about once per MEAN_DELAY_PS (plus link latency when it moves).
        final double meanGapPs = MEAN_DELAY_PS + REMOTE_FRACTION * (MIN_LATENCY_PS + LATENCY_SPREAD_PS / 2.0);
        return Math.max(1, (long)(events * meanGapPs / ((double)partitions * JOBS_PER_PARTITION)));
    }

    /**
     * Runs until {@code endPs}.
     *
     * @param endPs exclusive end time
     * @param runner the runner
     */
    public void run(final long endPs, final Runner runner)
    {
        simulation.run(endPs, runner);
    }

    /** @return the events handled (local events and message deliveries) by all partitions */
    public long eventsHandled()
    {
        return simulation.eventsHandled();
    }

    /** @return the number of jobs that moved between partitions */
    public long messagesDelivered()
    {
        long total = 0;
        for (final Channel c : simulation.channels())
        {
            total += c.messagesDelivered();
        }
        return total;
    }

    /** @return the digest over every partition's handling order and final state; changes nothing */
    public long digest()
    {
        long digest = 0x5A5A5A5A5A5A5A5AL;
        for (final Node node : nodes)
        {
            digest = mix(digest ^ node.digest);
            digest = mix(digest ^ node.handled);
            digest = mix(digest ^ node.localJobs);
            digest = mix(digest ^ node.random.stateDigest());
        }
        return digest;
    }

    /** @return the simulation, for inspection */
    public Simulation simulation()
    {
        return simulation;
    }

    static long mix(final long value)
    {
        long z = value * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The logical process of one partition. */
    private final class Node
    {
        final Partition partition;
        final EventLoop loop;
        final SimRandom random;
        final Channel[] out = new Channel[nodes.length];
        final ArrayDeque<JobEvent> idle = new ArrayDeque<>();
        long digest;
        long handled;
        /** Jobs waiting as local events (deliveries scheduled by the kernel are not counted). */
        long localJobs;

        Node(final Partition partition, final SimRandom random)
        {
            this.partition = partition;
            this.loop = partition.loop();
            this.random = random;
        }

        void startJob(final long jobId)
        {
            scheduleLocal(jobId, 0, 0);
        }

        void onMessage(final Message message)
        {
            if (message.deliverPs() != loop.nowPs())
            {
                throw new IllegalStateException(partition.name() + ": job " + message.word0() + " due at "
                    + message.deliverPs() + " ps handled at " + loop.nowPs() + " ps");
            }
            handle(message.word0(), message.word1());
        }

        void handle(final long jobId, final long hops)
        {
            final long nowPs = loop.nowPs();
            handled++;
            digest = mix(digest ^ nowPs) ^ mix(jobId * 31 + hops);
            final long delayPs = (long)(MEAN_DELAY_PS * random.nextExponential());
            if (random.nextDouble() < REMOTE_FRACTION)
            {
                int to = random.nextInt(nodes.length - 1);
                if (to >= partition.index())
                {
                    to++;
                }
                final Channel ch = out[to];
                final long deliverPs = Math.max(ch.earliestDeliveryPs(), nowPs + ch.latencyPs() + delayPs);
                ch.claim(deliverPs).kind(1).word0(jobId).word1(hops + 1).sizeBytes(16);
                ch.publish();
            }
            else
            {
                scheduleLocal(jobId, hops + 1, nowPs + delayPs);
            }
        }

        private void scheduleLocal(final long jobId, final long hops, final long timePs)
        {
            JobEvent event = idle.pollFirst();
            if (event == null)
            {
                event = new JobEvent(this);
            }
            event.jobId = jobId;
            event.hops = hops;
            localJobs++;
            loop.schedule(event, timePs);
        }
    }

    /** A job waiting in its partition; returns to the pool when it fires. */
    private static final class JobEvent extends Event
    {
        private final Node node;
        long jobId;
        long hops;

        JobEvent(final Node node)
        {
            super(Priority.DEFAULT);
            this.node = node;
        }

        @Override
        protected void process()
        {
            node.idle.addFirst(this);
            node.localJobs--;
            node.handle(jobId, hops);
        }
    }
}
