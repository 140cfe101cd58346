package org.sansim.tools.bench.jmh;

import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sansim.jfr.SimJfr;

/**
 * What SanSim's JFR emitters cost a model call site ({@link SimJfr}): a stand-in for a component's work (a
 * counter and a little arithmetic on the simulated time) with and without the emitter line, in three states:
 * {@code off} (the flag clear: the default, what every run without {@code --jfr} pays), {@code idle} (the
 * flag set but no recording running, so JFR's own check declines) and {@code recording} (a recording of the
 * Doorbell event in progress). One operation is one call site reached.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class JfrEventBenchmark
{
    /** {@code off}, {@code idle} or {@code recording}. */
    @Param({"off", "idle", "recording"})
    public String state;

    private Recording recording;
    private long nowPs;
    private long counter;
    private final String name = "node0.nic.doorbell";

    /** Sets the flag and starts a recording as {@link #state} says. */
    @Setup(Level.Trial)
    public void setUp()
    {
        SimJfr.enable(!"off".equals(state));
        if ("recording".equals(state))
        {
            recording = new Recording();
            recording.enable("org.sansim.Doorbell").withoutStackTrace();
            recording.start();
        }
    }

    /** Stops the recording and clears the flag. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (recording != null)
        {
            recording.stop();
            recording.close();
        }
        SimJfr.enable(false);
    }

    /**
     * Baseline: the component's work alone.
     *
     * @return a value depending on the work
     */
    @Benchmark
    public long baseline()
    {
        nowPs += 1_250;
        return ++counter + (nowPs >>> 3);
    }

    /**
     * The same work and one emitter line, as in {@code DoorbellUnit}.
     *
     * @return a value depending on the work
     */
    @Benchmark
    public long withDoorbellEvent()
    {
        nowPs += 1_250;
        SimJfr.doorbell(nowPs, name, (int)counter & 0xFFFF, 7);
        return ++counter + (nowPs >>> 3);
    }
}
