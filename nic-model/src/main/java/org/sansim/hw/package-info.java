/**
 * The NIC's programming model: the only part of {@code nic-model} that host software may use.
 *
 * <p>Host software and the NIC meet only in host memory, MMIO and DMA; this package holds the
 * layouts of everything they share, as documented with bit diagrams in {@code nic-model/HARDWARE.md}:
 * <ul>
 *   <li>{@code *Descriptor} classes: byte offsets, shifts and masks of one structure, with its bit
 *       diagram; {@code *Layout} classes: register offsets of the BARs;</li>
 *   <li>{@code *Flyweight} classes: allocation-free, big-endian views of a structure in a
 *       {@link org.sansim.host.PhysicalMemory}, with {@code wrap(memory, pa)}, getters named after the
 *       field and fluent setters;</li>
 *   <li>{@link org.sansim.hw.SendDoorbell}, {@link org.sansim.hw.CqArmDoorbell},
 *       {@link org.sansim.hw.EqDoorbell}: codecs of the 64-bit doorbell values written by MMIO;</li>
 *   <li>enums and constants of the encodings: opcodes, syndromes, states, statuses, access flags,
 *       memory keys and the owner-bit rule.</li>
 * </ul>
 *
 * <p>Tests parse the tables of {@code HARDWARE.md} and check them against these classes, so the two
 * cannot drift apart.
 */
package org.sansim.hw;
