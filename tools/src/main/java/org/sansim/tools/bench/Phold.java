package org.sansim.tools.bench;

import java.util.ArrayDeque;
import org.sansim.random.SimRandom;
import org.sansim.sim.CalendarQueue;
import org.sansim.sim.Channel;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Runner;
import org.sansim.sim.Simulation;

/**
 * PHOLD (Fujimoto, 1990) over {@code P} partitions joined by cross-partition channels where a
 * {@link PholdTopology} puts links (a full mesh, a ring, a torus, a random regular graph), one
 * channel each way per link, with latencies drawn from the seed in [1 ns, 5 ns]. Each partition
 * starts with {@link #JOBS_PER_PARTITION} jobs. Handling a job (a local event or an arriving
 * message) draws from the partition's own random stream: with probability {@link #REMOTE_FRACTION}
 * the job moves to a neighbour picked uniformly, arriving after the link's latency plus an
 * exponential delay of mean {@link #MEAN_DELAY_PS}; otherwise it stays, due after an exponential
 * delay of the same mean.
 *
 * <p>Rings exist only between neighbours, so memory grows with the links: about
 * {@code 2 x links x ringSlots x 80} bytes for the rings. On the full mesh the model is the one
 * PHOLD always was: same channels, same draws, same digests.
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

    /**
     * Slots of each ring unless told otherwise: a channel rarely holds more than a handful of the
     * {@link #JOBS_PER_PARTITION} jobs, and a full ring only sends the excess through the sender's
     * overflow, so a small ring costs no result and little time.
     */
    public static final int DEFAULT_RING_SLOTS = 64;

    private static final long MIN_LATENCY_PS = 1_000;
    private static final long LATENCY_SPREAD_PS = 4_000;

    private final Simulation simulation;
    private final PholdTopology topology;
    private final Node[] nodes;

    /**
     * Builds the model on a full mesh with rings of {@link Simulation#DEFAULT_RING_SLOTS}, as PHOLD
     * always was.
     *
     * @param partitions the number of partitions, at least 2
     * @param seed the seed of every random choice, including the link latencies
     */
    public Phold(final int partitions, final long seed)
    {
        this(PholdTopology.mesh(partitions), Simulation.DEFAULT_RING_SLOTS, seed);
    }

    /**
     * Builds the model.
     *
     * @param topology which partitions are joined; its size is the number of partitions
     * @param ringSlots slots of each cross-partition ring, a power of two
     * @param seed the seed of every random choice, including the link latencies (a random
     *     topology's graph is the caller's to draw, usually from the same seed)
     */
    public Phold(final PholdTopology topology, final int ringSlots, final long seed)
    {
        final int partitions = topology.partitions();
        this.topology = topology;
        this.simulation = new Simulation(CalendarQueue::new, ringSlots);
        final SimRandom latencies = new SimRandom(seed);
        nodes = new Node[partitions];
        for (int i = 0; i < partitions; i++)
        {
            nodes[i] = new Node(simulation.partition("p" + i), new SimRandom(seed).fork(i + 1),
                topology.neighbours(i).length);
        }
        for (int from = 0; from < partitions; from++)
        {
            final int[] neighbours = topology.neighbours(from);
            for (int k = 0; k < neighbours.length; k++)
            {
                final int to = neighbours[k];
                final long latencyPs = MIN_LATENCY_PS + latencies.nextLong(LATENCY_SPREAD_PS + 1);
                final Channel ch = simulation.channel("p" + from + "->p" + to, nodes[from].partition,
                    nodes[to].partition, latencyPs);
                nodes[from].out[k] = ch;
                ch.bind(nodes[to]::onMessage);
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

    /** @return the topology the model runs on */
    public PholdTopology topology()
    {
        return topology;
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
        /** One channel per neighbour, in the topology's neighbour order. */
        final Channel[] out;
        final ArrayDeque<JobEvent> idle = new ArrayDeque<>();
        long digest;
        long handled;
        /** Jobs waiting as local events (deliveries scheduled by the kernel are not counted). */
        long localJobs;

        Node(final Partition partition, final SimRandom random, final int degree)
        {
            this.partition = partition;
            this.loop = partition.loop();
            this.random = random;
            this.out = new Channel[degree];
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
                final Channel ch = out[random.nextInt(out.length)];
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
