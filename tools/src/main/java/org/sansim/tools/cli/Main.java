package org.sansim.tools.cli;

import java.io.PrintWriter;
import org.sansim.config.ParamsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The {@code sansim} command line. Bad input (an unknown option, a malformed value, an invalid
 * parameter) gets one clear message and a non-zero exit, never a stack trace.
 */
@Command(name = "sansim", mixinStandardHelpOptions = true, version = "sansim 0.1.0",
    description = "SanSim: a cycle-level simulator of a SAN NIC with a Windows Sockets Direct provider on top.",
    subcommands = {RunCommand.class, PerfCommand.class, BenchCommand.class, DescribeCommand.class, TraceCommand.class,
        ReplayCommand.class,
        HelpCommand.class})
public final class Main
{
    /** Exit code for invalid usage or input. */
    public static final int EXIT_USAGE = 2;

    /** Exit code for a failure while running. */
    public static final int EXIT_FAILURE = 1;

    private Main()
    {
    }

    /**
     * Entry point.
     *
     * @param args command-line arguments
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with the given streams, for tests.
     *
     * @param args command-line arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int execute(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) ->
        {
            err.println("sansim: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_USAGE;
        });
        final String unknown = unknownCommand(cli, args);
        if (unknown != null)
        {
            err.println("sansim: " + unknown);
            return EXIT_USAGE;
        }
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof ParamsException || ex instanceof IllegalArgumentException)
            {
                err.println("sansim: " + ex.getMessage());
                return EXIT_USAGE;
            }
            err.println("sansim: internal error: " + ex);
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    /**
     * Follows {@code args} down the command tree; picocli, seeing {@code --help}, would print the
     * parent's help and exit 0 for a command that does not exist.
     *
     * @return a message naming the first word that is not a subcommand where one is expected and
     *     listing the valid ones, or {@code null} if every such word names one
     */
    private static String unknownCommand(final CommandLine root, final String[] args)
    {
        CommandLine current = root;
        for (final String arg : args)
        {
            if (current.getSubcommands().isEmpty() || current.getCommandSpec().userObject() instanceof HelpCommand)
            {
                return null;
            }
            if (arg.startsWith("-"))
            {
                continue;
            }
            final CommandLine next = current.getSubcommands().get(arg);
            if (next == null)
            {
                return "unknown command '" + arg + "' for '" + current.getCommandSpec().qualifiedName()
                    + "'; expected one of " + String.join(", ", current.getSubcommands().keySet());
            }
            current = next;
        }
        return null;
    }
}
