package org.sansim.tools.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sansim.sim.Channel;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.MessageSink;
import org.sansim.sim.MultiThreadRunner;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Runner;
import org.sansim.sim.Simulation;
import org.sansim.sim.SingleThreadRunner;

/**
 * Throughput of messages through a channel, delivered by the kernel to a sink. One operation is
 * one message: claimed, filled and published by the sender, delivered by a kernel event at its
 * timestamp, read by the sink.
 *
 * <pre>
 *   local:  [ partition p ]  producer --local FIFO, 1 ns--> sink           (no synchronisation)
 *
 *   ring:   [ partition producer ]  producer --Disruptor ring, 1 ns--> sink  [ partition consumer ]
 *                                           &lt;--Disruptor ring, 1 ns---  (idle: carries promises)
 * </pre>
 *
 * Every nanosecond of simulated time the producer event sends a burst of {@code burst} messages,
 * all due one link latency later, then re-arms itself. The return channel of the ring topology
 * carries no messages; it is there, as on any two-way link, so that the producer is held within one
 * lookahead of the consumer instead of running to the end of the run and spilling into the ring's
 * overflow FIFO. The partitions then advance in lock step, one lookahead (1 ns, one burst) per
 * round, so {@code burst} is the number of messages each round of synchronisation carries.
 *
 * <p>Each invocation runs the simulation {@link #MESSAGES_PER_INVOCATION} messages further with
 * {@link Simulation#run}. What a run costs once (the runner's partition array; for
 * {@link MultiThreadRunner}, starting and joining its threads) is spread over those messages and is
 * included in the score. Run with {@code -prof gc}: the messages themselves must allocate nothing,
 * so {@code gc.alloc.rate.norm} must stay near 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ChannelBenchmark.MESSAGES_PER_INVOCATION)
public class ChannelBenchmark
{
    /** Messages delivered per benchmark invocation; every burst size divides it. */
    static final int MESSAGES_PER_INVOCATION = 1 << 16;

    /** Latency of every channel: the minimum, which is also the lookahead across partitions. */
    static final long LATENCY_PS = Channel.MIN_LATENCY_PS;

    /** Time between two bursts of the producer. */
    static final long BURST_PERIOD_PS = LATENCY_PS;

    /** A producer, a channel and a sink, run {@link #MESSAGES_PER_INVOCATION} messages at a time. */
    @State(Scope.Thread)
    public abstract static class Model
    {
        /** Messages the producer sends per event, all due at the same time. */
        @Param({"1", "16", "256"})
        public int burst;

        Simulation simulation;
        Channel channel;
        CountingSink sink;
        final Runner singleThread = new SingleThreadRunner();
        final Runner twoThreads = new MultiThreadRunner(2);
        private long endPs;
        private long runs;

        /**
         * Builds the topology and schedules the producer's first burst at time 0.
         *
         * @param crossPartitions whether the sink is in a second partition, across a ring
         */
        void build(final boolean crossPartitions)
        {
            if (MESSAGES_PER_INVOCATION % burst != 0)
            {
                throw new IllegalArgumentException("burst " + burst + " does not divide " + MESSAGES_PER_INVOCATION);
            }
            simulation = new Simulation();
            final Partition source = simulation.partition("producer");
            final Partition target = crossPartitions ? simulation.partition("consumer") : source;
            channel = simulation.channel("producer->consumer", source, target, LATENCY_PS);
            sink = new CountingSink();
            channel.bind(sink);
            if (crossPartitions)
            {
                simulation.channel("consumer->producer", target, source, LATENCY_PS).bind(message ->
                {
                    throw new IllegalStateException("the return channel carries no messages");
                });
            }
            final Producer producer = new Producer(source.loop(), channel, burst);
            source.loop().schedule(producer, 0);
        }

        /**
         * Runs the simulation far enough for {@link #MESSAGES_PER_INVOCATION} more messages.
         *
         * @param runner the runner to drive it
         * @return the number of messages delivered so far
         */
        long runInvocation(final Runner runner)
        {
            endPs += (MESSAGES_PER_INVOCATION / burst) * BURST_PERIOD_PS;
            simulation.run(endPs, runner);
            runs++;
            return sink.received;
        }

        /** Checks that every message sent, but the ones still in flight at the end, was delivered. */
        @TearDown(Level.Trial)
        public void check()
        {
            final long expected = runs * MESSAGES_PER_INVOCATION - burst;
            if (sink.received < expected || channel.messagesDelivered() != sink.received)
            {
                throw new IllegalStateException("delivered " + sink.received + " messages in " + runs
                    + " runs, expected at least " + expected);
            }
        }
    }

    /** Producer and sink in one partition, joined by a local channel. */
    @State(Scope.Thread)
    public static class LocalModel extends Model
    {
        /** Builds the single-partition topology. */
        @Setup(Level.Trial)
        public void setUp()
        {
            build(false);
        }
    }

    /** Producer and sink in two partitions, joined by a Disruptor ring (and an idle ring back). */
    @State(Scope.Thread)
    public static class RingModel extends Model
    {
        /** Builds the two-partition topology. */
        @Setup(Level.Trial)
        public void setUp()
        {
            build(true);
        }
    }

    /**
     * Local channel, one partition, {@link SingleThreadRunner}.
     *
     * @param model the model
     * @return the messages delivered so far
     */
    @Benchmark
    public long localSingleThread(final LocalModel model)
    {
        return model.runInvocation(model.singleThread);
    }

    /**
     * Ring channel between two partitions, both driven by {@link SingleThreadRunner} on one thread.
     *
     * @param model the model
     * @return the messages delivered so far
     */
    @Benchmark
    public long ringSingleThread(final RingModel model)
    {
        return model.runInvocation(model.singleThread);
    }

    /**
     * Ring channel between two partitions, each on its own thread ({@code MultiThreadRunner(2)}).
     *
     * @param model the model
     * @return the messages delivered so far
     */
    @Benchmark
    public long ringTwoThreads(final RingModel model)
    {
        return model.runInvocation(model.twoThreads);
    }

    /** Sends {@code burst} messages due one latency later, then re-arms one period later. */
    static final class Producer extends Event
    {
        private final EventLoop loop;
        private final Channel channel;
        private final int burst;
        private long sequence;

        Producer(final EventLoop loop, final Channel channel, final int burst)
        {
            super(Priority.DEFAULT);
            this.loop = loop;
            this.channel = channel;
            this.burst = burst;
        }

        @Override
        protected void process()
        {
            final long nowPs = loop.nowPs();
            final long deliverPs = nowPs + LATENCY_PS;
            for (int i = 0; i < burst; i++)
            {
                channel.claim(deliverPs).kind(1).word0(sequence++).sizeBytes(64);
                channel.publish();
            }
            loop.schedule(this, nowPs + BURST_PERIOD_PS);
        }
    }

    /** Reads every message it is handed, so the slot contents are really consumed. */
    static final class CountingSink implements MessageSink
    {
        long received;
        long checksum;

        @Override
        public void onMessage(final Message message)
        {
            received++;
            checksum += message.word0() ^ message.deliverPs();
        }
    }
}
