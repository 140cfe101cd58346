/**
 * The NIC's translation unit: memory keys to host physical segments through the MPT and MTT tables
 * in host memory (HARDWARE.md 11), with set-associative LRU caches, a lookup pipeline of a few ports,
 * miss registers and table walkers that read table lines by DMA over PCIe.
 *
 * <p>{@link org.sansim.nic.translation.TranslationUnit} is the component,
 * {@link org.sansim.nic.translation.TranslationUnitParams} its parameters,
 * {@link org.sansim.nic.translation.TranslationRequest} the caller's reusable request and
 * {@link org.sansim.nic.translation.TranslationListener} its callback. Inside, the unit is the lookup
 * pipeline over package-private parts: {@code MptCache} and {@code MttCache} (the caches),
 * {@code TableWalker} (miss registers, walkers, stalled lookups), {@code TranslationStats} and
 * {@code TableBytes} (big-endian reads of table lines).
 */
package org.sansim.nic.translation;
