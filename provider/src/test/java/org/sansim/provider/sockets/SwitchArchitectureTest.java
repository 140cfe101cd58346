package org.sansim.provider.sockets;

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
 * The switch drives the provider only through the SPI's tables: its sources name nothing of
 * {@code org.sansim.provider.wsp} but the {@code api} package, and nothing of the NIC, the fabric,
 * the drivers, verbs or connection management (imports and fully qualified names alike).
 */
class SwitchArchitectureTest
{
    private static final Path SOURCES = Path.of("src", "main", "java", "org", "sansim", "provider", "sockets");
    private static final Pattern NAME = Pattern.compile("org\\.sansim\\.[a-z0-9_.]+");

    @Test
    void theSwitchNamesOnlyTheSpiOfTheProvider() throws IOException
    {
        final List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.list(SOURCES))
        {
            for (final Path f : (Iterable<Path>)all.filter(p -> p.toString().endsWith(".java")).sorted()::iterator)
            {
                files++;
                final Matcher m = NAME.matcher(Files.readString(f));
                while (m.find())
                {
                    final String name = m.group();
                    if (forbidden(name))
                    {
                        offences.add(f.getFileName() + ": " + name);
                    }
                }
            }
        }
        assertTrue(files >= 8, "found only " + files + " sources under " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), offences);
    }

    private static boolean forbidden(final String name)
    {
        if (name.startsWith("org.sansim.provider.wsp"))
        {
            return !name.startsWith("org.sansim.provider.wsp.api.") && !name.equals("org.sansim.provider.wsp.api");
        }
        return name.startsWith("org.sansim.nic") || name.startsWith("org.sansim.fabric")
            || name.startsWith("org.sansim.provider.driver") || name.startsWith("org.sansim.provider.verbs")
            || name.startsWith("org.sansim.provider.cm") || name.startsWith("org.sansim.pcie")
            || name.startsWith("org.sansim.hw");
    }

    @Test
    void theCheckCatchesAnOffence()
    {
        assertTrue(forbidden("org.sansim.provider.wsp.WsdProvider"));
        assertTrue(forbidden("org.sansim.nic.Nic"));
        assertTrue(!forbidden("org.sansim.provider.wsp.api.WSAOVERLAPPED"));
        assertTrue(!forbidden("org.sansim.host.thread.SimThread"));
    }
}
