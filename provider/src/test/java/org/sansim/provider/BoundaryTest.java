package org.sansim.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule of the host/NIC boundary, as a build check: host software (drivers, verbs, connection
 * manager, WSD provider) reaches the NIC only through host memory, MMIO and the command interface,
 * so no class of the provider module refers to the NIC model ({@code org.sansim.nic}) or the fabric
 * ({@code org.sansim.fabric}), with no exception: the two-node testbeds that build whole hosts with
 * their NICs are test fixtures ({@code src/test}), and the tools assemble systems.
 */
class BoundaryTest
{
    private static final Pattern FORBIDDEN = Pattern.compile("\\borg\\.sansim\\.(nic|fabric)\\.[A-Za-z]");
    private static final Path SOURCES = Path.of("src", "main", "java");

    @Test
    void hostSoftwareDoesNotReachIntoTheNicOrTheFabric() throws IOException
    {
        final List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(SOURCES))
        {
            for (final Path f : (Iterable<Path>)all.filter(p -> p.toString().endsWith(".java"))::iterator)
            {
                files++;
                final String text = Files.readString(f);
                final Matcher m = FORBIDDEN.matcher(text);
                if (!m.find())
                {
                    continue;
                }
                final int line = (int)text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                violations.add(SOURCES.relativize(f) + ":" + line);
            }
        }
        assertTrue(files > 50, "the scan found the sources (" + files + " files)");
        assertEquals(List.of(), violations, "host software referring to the NIC model or the fabric");
    }
}
