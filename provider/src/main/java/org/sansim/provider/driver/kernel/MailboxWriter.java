package org.sansim.provider.driver.kernel;

import org.sansim.host.PhysicalMemory;

/** Fills a command's input mailbox in host memory. */
@FunctionalInterface
public interface MailboxWriter
{
    /** Writes nothing. */
    MailboxWriter NONE = (memory, pa) -> { };

    /**
     * @param memory host memory
     * @param inputPa the input mailbox, zeroed, 64-byte aligned
     */
    void write(PhysicalMemory memory, long inputPa);
}
