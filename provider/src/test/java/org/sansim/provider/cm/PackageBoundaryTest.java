package org.sansim.provider.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The connection manager reaches the NIC only through the kernel driver and {@code org.sansim.hw}. */
class PackageBoundaryTest
{
    @Test
    void shouldNotImportNicInternals() throws IOException
    {
        final Path dir = Path.of("src/main/java/org/sansim/provider/cm");
        assertTrue(Files.isDirectory(dir), dir.toAbsolutePath().toString());
        try (Stream<Path> files = Files.list(dir))
        {
            final List<String> offenders = files.filter(f -> f.toString().endsWith(".java")).filter(f ->
            {
                try
                {
                    return Files.readAllLines(f).stream().anyMatch(l -> l.startsWith("import org.sansim.nic.")
                        || l.startsWith("import org.sansim.fabric."));
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }).map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of(), offenders);
        }
    }
}
