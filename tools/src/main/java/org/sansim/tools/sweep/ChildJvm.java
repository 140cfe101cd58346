package org.sansim.tools.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start {@code sansim} again in a child JVM: the same {@code java} executable and class path as
 * the running one (the jar when run with {@code java -jar}, the build's classes in tests), with the
 * export simulated threads need (a jar's manifest grants it only to {@code java -jar}).
 *
 * @param javaExecutable the {@code java} launcher
 * @param classPath the class path
 */
public record ChildJvm(Path javaExecutable, String classPath)
{
    /** The command line's main class. */
    private static final String MAIN = "org.sansim.tools.cli.Main";

    /** @return the running JVM's executable and class path */
    public static ChildJvm current()
    {
        final Path java = ProcessHandle.current().info().command().map(Path::of)
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        return new ChildJvm(java, System.getProperty("java.class.path"));
    }

    /**
     * @param arguments {@code sansim}'s arguments
     * @return the child's command line
     */
    public List<String> command(final List<String> arguments)
    {
        final List<String> command = new ArrayList<>(List.of(javaExecutable.toString(), "--add-exports",
            "java.base/jdk.internal.vm=ALL-UNNAMED", "-Djava.awt.headless=true", "-cp", classPath, MAIN));
        command.addAll(arguments);
        return command;
    }
}
