package org.sansim.tools.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sansim.random.SimRandom;
import org.sansim.sim.CalendarQueue;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.EventQueue;
import org.sansim.sim.Priority;
import org.sansim.sim.QuaternaryHeap;
import org.sansim.tools.bench.HoldModel;

/**
 * The classic hold model (Jones, CACM 1986) on the two future event lists, {@link QuaternaryHeap}
 * and {@link CalendarQueue}: {@code pending} events stay queued throughout, and one operation is
 * one hold, that is, pop the least event and re-insert it at its time plus an exponential increment
 * of mean {@link HoldModel#MEAN_INCREMENT_PS}. Every hold includes one
 * {@link SimRandom#nextExponential()} draw (see {@link RandomBenchmark} for its cost on its own).
 *
 * <ul>
 *   <li>{@link #hold} works on the queue itself: {@link EventQueue#pop()}, then
 *       {@link EventLoop#schedule}, the only public way to set an event's sort keys (the loop adds
 *       its argument checks and a sequence number, nothing else). No event handler runs.</li>
 *   <li>{@link #runOne} is the real kernel path: {@link EventLoop#runOne()} pops, advances the clock
 *       and calls the event's handler, which re-arms the event ({@link HoldModel}).</li>
 * </ul>
 *
 * <p>Scores are in ns per hold; holds per second are 1e9 divided by that (or run with {@code -bm thrpt}).
 *
 * <p>Both must allocate nothing per hold: run with {@code -prof gc} and check that
 * {@code gc.alloc.rate.norm} is about 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventQueueBenchmark
{
    /** Seed of the increments, fixed so that both queues see the same stream. */
    static final long SEED = 42;

    /**
     * Makes the queue named by a benchmark parameter.
     *
     * @param kind {@code "heap"} or {@code "calendar"}
     * @return a new, empty queue
     */
    static EventQueue newQueue(final String kind)
    {
        switch (kind)
        {
            case "heap":
                return new QuaternaryHeap();
            case "calendar":
                return new CalendarQueue();
            default:
                throw new IllegalArgumentException("unknown queue " + kind + ": expected heap or calendar");
        }
    }

    /** A queue holding {@code pending} events, driven by hand: pop, then schedule again. */
    @State(Scope.Thread)
    public static class QueueHold
    {
        /** Number of events queued throughout. */
        @Param({"1000", "10000", "100000"})
        public int pending;

        /** Which future event list: the 4-ary heap or the calendar queue. */
        @Param({"heap", "calendar"})
        public String queue;

        EventQueue events;
        EventLoop loop;
        SimRandom random;

        /** Builds the queue and its initial population, at exponential times from 0. */
        @Setup(Level.Trial)
        public void setUp()
        {
            events = newQueue(queue);
            loop = new EventLoop(events);
            random = new SimRandom(SEED);
            for (int i = 0; i < pending; i++)
            {
                final TimedEvent event = new TimedEvent();
                event.duePs = increment();
                loop.schedule(event, event.duePs);
            }
        }

        long increment()
        {
            return (long)(HoldModel.MEAN_INCREMENT_PS * random.nextExponential());
        }
    }

    /** The kernel path: a {@link HoldModel} whose events re-arm themselves from their handler. */
    @State(Scope.Thread)
    public static class KernelHold
    {
        /** Number of events pending throughout. */
        @Param({"1000", "10000", "100000"})
        public int pending;

        /** Which future event list: the 4-ary heap or the calendar queue. */
        @Param({"heap", "calendar"})
        public String queue;

        HoldModel model;

        /** Builds the model and schedules its population. */
        @Setup(Level.Trial)
        public void setUp()
        {
            model = new HoldModel(newQueue(queue), pending, SEED);
        }
    }

    /**
     * One hold on the bare queue.
     *
     * @param state the queue and its population
     * @return the new time of the event that was held, so that nothing is optimised away
     */
    @Benchmark
    public long hold(final QueueHold state)
    {
        final TimedEvent event = (TimedEvent)state.events.pop();
        final long duePs = event.duePs + state.increment();
        event.duePs = duePs;
        state.loop.schedule(event, duePs);
        return duePs;
    }

    /**
     * One hold through the event loop: pop, clock advance, handler dispatch, re-arm.
     *
     * @param state the model
     */
    @Benchmark
    public void runOne(final KernelHold state)
    {
        state.model.run(1);
    }

    /**
     * An event that remembers its own time: {@link Event#timePs()} is meaningful only while the
     * event is queued, and {@link #hold} needs it just after the pop.
     */
    static final class TimedEvent extends Event
    {
        long duePs;

        TimedEvent()
        {
            super(Priority.DEFAULT);
        }

        @Override
        protected void process()
        {
            throw new IllegalStateException("the bare-queue hold never dispatches events");
        }
    }
}
