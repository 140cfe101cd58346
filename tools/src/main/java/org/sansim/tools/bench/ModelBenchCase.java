package org.sansim.tools.bench;

/**
 * One workload of {@code sansim bench model}: a whole-model run whose wall-clock speed is measured.
 * An implementation builds its own system for every {@link #run(int)} (so a warm-up run and the
 * measured run are alike) and reports what it simulated.
 *
 * <p>The cases are in {@link ModelBench#CASES}; a new one is an implementation of this interface
 * added there.
 */
public interface ModelBenchCase
{
    /** @return the case's name on the command line, such as {@code stream} */
    String name();

    /** @return one line saying what runs, such as {@code "write_bw, 4096 B, verbs, tx-depth 128"} */
    String description();

    /** @return how many iterations a run has unless told otherwise */
    int defaultIterations();

    /**
     * Builds the system and runs the workload to its end, deterministically.
     *
     * @param iterations the workload's iterations, at least 1: a stream's messages, a ping-pong's
     *     round trips
     * @return what was simulated
     */
    ModelRun run(int iterations);
}
