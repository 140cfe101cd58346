package org.sansim.tools.cli;

import picocli.CommandLine.Command;

/** {@code sansim bench}: the simulator's own speed. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the simulator's own speed (wall-clock rates, not simulated results).",
    subcommands = {BenchKernelCommand.class, BenchPholdCommand.class, BenchPcieCommand.class,
        BenchModelCommand.class})
final class BenchCommand
{
}
