package org.sansim.provider.driver.kernel;

/** How a {@link KernelDriver} operation ended. */
public enum DriverStatus
{
    /** Done. */
    OK,
    /** The NIC failed the command; the callback's {@code CommandStatus} says why. */
    COMMAND_FAILED,
    /** A page of the buffer is not mapped in the process: nothing was registered. */
    PAGE_FAULT,
    /** No contiguous run of free MTT entries long enough for the region. */
    OUT_OF_MTT,
    /** No host frames left for a ring, a table or a doorbell record. */
    OUT_OF_MEMORY,
    /** An argument names nothing the driver knows, or is out of range. */
    BAD_ARGUMENT,
    /** The device is not initialised. */
    NOT_READY
}
