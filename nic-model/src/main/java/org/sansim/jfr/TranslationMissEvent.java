package org.sansim.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code org.sansim.TranslationMiss}: a miss of the translation unit's MPT or MTT cache, which reads the
 * table by DMA.
 * Emitted through {@link SimJfr}, only while {@link SimJfr#enabled()}.
 */
@Name("org.sansim.TranslationMiss")
@Label("Translation Miss")
@Category({"SanSim"})
@Description("A miss of the translation unit's MPT or MTT cache, which reads the table by DMA.")
@StackTrace(false)
public final class TranslationMissEvent extends SimEvent
{
    /** Table (MPT or MTT). */
    @Label("Table (MPT or MTT)")
    String table;

    /** Key index or table line. */
    @Label("Key index or table line")
    long line;
}
