package org.sansim.provider.driver.kernel;

import org.sansim.host.PhysicalMemory;

/** Reads a successful command's output mailbox in host memory. */
@FunctionalInterface
public interface MailboxReader
{
    /** Reads nothing and returns 0. */
    MailboxReader NONE = (memory, pa) -> 0;

    /**
     * @param memory host memory
     * @param outputPa the output mailbox
     * @return the value passed to the operation's callback
     */
    int read(PhysicalMemory memory, long outputPa);
}
