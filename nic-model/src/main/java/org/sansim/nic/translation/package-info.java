/**
 * The NIC's translation unit: memory keys to host physical segments through the MPT and MTT tables
 * in host memory (HARDWARE.md 11), with set-associative LRU caches, a lookup pipeline of a few ports,
 * miss registers and table walkers that read table lines by DMA over PCIe.
 *
 * <p>{@link org.sansim.nic.translation.TranslationUnit} is the component,
 * {@link org.sansim.nic.translation.TranslationUnitParams} its parameters,
 * {@link org.sansim.nic.translation.TranslationRequest} the caller's reusable request and
 * {@link org.sansim.nic.translation.TranslationListener} its callback.
 */
package org.sansim.nic.translation;
