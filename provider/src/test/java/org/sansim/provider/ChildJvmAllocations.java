package org.sansim.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Measures what simulated threads' code allocates, object by object: simulated threads are JDK
 * continuations, and while the JIT warms up the JVM copies their frames into fresh stack chunks, an
 * allocation of its own that a thread's byte count cannot tell from ours. So a child JVM without TLABs
 * (every object reported) runs the test's {@code main}, which records
 * {@code jdk.ObjectAllocationOutsideTLAB} with stack traces for its measured rounds and dumps the
 * recording; the allocations whose stacks pass through the loop's class are then counted by class and
 * by allocating frame, stack chunks apart.
 */
public final class ChildJvmAllocations
{
    /** The JVM's continuation stack chunk: allocated by the JVM, not by the code measured. */
    public static final String STACK_CHUNK = "jdk.internal.vm.StackChunk";

    /**
     * What the loop's code allocated.
     *
     * @param byClass bytes by class, stack chunks included
     * @param bySite bytes by allocating frame (class.method:line), stack chunks left out
     */
    public record Allocations(Map<String, Long> byClass, Map<String, Long> bySite)
    {
        /** @return the bytes of the JVM's stack chunks */
        public long chunkBytes()
        {
            return byClass.getOrDefault(STACK_CHUNK, 0L);
        }

        /** @return every byte but the stack chunks' */
        public long ourBytes()
        {
            return byClass.values().stream().mapToLong(Long::longValue).sum() - chunkBytes();
        }

        @Override
        public String toString()
        {
            return byClass + "; by site: " + bySite;
        }
    }

    private ChildJvmAllocations()
    {
    }

    /**
     * Runs {@code main} in a child JVM without TLABs, with the recording's path as its one argument,
     * and checks that it exits 0.
     *
     * @param main the class whose {@code main} runs the measured loop
     * @param jfr where the child dumps its recording
     * @return what the child printed
     * @throws IOException if the child cannot start
     * @throws InterruptedException if interrupted while waiting
     */
    public static String runChild(final Class<?> main, final Path jfr) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:-UseTLAB");
        command.add("-XX:FlightRecorderOptions:stackdepth=256");
        command.add("-Xmx1g");
        command.add("--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.add(jfr.toString());
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        return out;
    }

    /**
     * @param jfr the child's recording
     * @param loop the class whose frames mark the measured code (JFR's own work left out)
     * @return what that code allocated
     * @throws IOException if the recording cannot be read
     */
    public static Allocations read(final Path jfr, final Class<?> loop) throws IOException
    {
        final Map<String, Long> byClass = new TreeMap<>();
        final Map<String, Long> bySite = new TreeMap<>();
        for (final RecordedEvent e : RecordingFile.readAllEvents(jfr))
        {
            if (!e.getEventType().getName().equals("jdk.ObjectAllocationOutsideTLAB"))
            {
                continue;
            }
            final RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().stream().noneMatch(f -> f.getMethod().getType().getName()
                .equals(loop.getName())) || stack.getFrames().stream()
                .anyMatch(f -> f.getMethod().getType().getName().startsWith("jdk.jfr")))
            {
                continue;
            }
            final RecordedClass type = e.getClass("objectClass");
            final long size = e.getLong("allocationSize");
            byClass.merge(type.getName(), size, Long::sum);
            if (!type.getName().equals(STACK_CHUNK))
            {
                final RecordedFrame top = stack.getFrames().get(0);
                bySite.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName() + ":"
                    + top.getLineNumber(), size, Long::sum);
            }
        }
        return new Allocations(byClass, bySite);
    }
}
