/**
 * Host memory of the simulator: sparse physical memory, physical frame allocation, per-process
 * virtual address spaces with 4 KiB and 2 MiB pages, simulated processes, and the interrupt
 * controller that turns a device's MSI writes into handler calls on the host's event loop.
 *
 * <p>Everything here is single-threaded: a host and its processes belong to one simulation
 * partition, and only that partition's thread touches them.
 *
 * <p>Two kinds of error are kept apart. A <em>model bug</em> (a physical address outside the
 * memory, a misaligned mapping, freeing something never allocated) throws an unchecked exception.
 * A <em>guest fault</em> (a virtual access to an unmapped page or without permission) is never
 * thrown: it is reported through a return value so that a driver or a NIC DMA engine can handle it.
 */
package org.sansim.host;
