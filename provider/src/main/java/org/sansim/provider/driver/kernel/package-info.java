/**
 * The kernel-mode half of the driver: device bring-up through BAR 0, the command interface, memory
 * registration (pinning, MTT entries, {@code CREATE_MKEY}) and the creation of EQs, CQs and QPs
 * with their host-memory rings. It talks to the NIC only through host memory, MMIO writes and the
 * NIC's DMA (HARDWARE.md 3, 5, 11), using the layouts of {@code org.sansim.hw}.
 */
package org.sansim.provider.driver.kernel;
