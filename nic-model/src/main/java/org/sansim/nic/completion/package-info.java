/**
 * The NIC's completion unit: CQE writes into host memory with the owner-bit rule, consumer-index
 * tracking through the CQ doorbell record, CQ arming, event moderation, EQE writes and MSI-X
 * interrupts (HARDWARE.md sections 8.2, 9 and 10).
 *
 * <p>{@link org.sansim.nic.completion.CompletionUnit} is the component,
 * {@link org.sansim.nic.completion.CompletionUnitParams} its parameters, and
 * {@link org.sansim.nic.completion.CompletionRequest} the reusable request the transport engine fills.
 * Inside, one package-private class a concern: {@code CqTable} (CQ contexts, {@code CREATE_CQ},
 * {@code DESTROY_CQ}), {@code CqeBatch} (CQE assembly and the coalesced DMA write), {@code CqEvents}
 * (arming, moderation, completion and CQ error events), {@code EventQueues} (EQs, EQEs, MSI-X), the
 * contexts {@code CqContext} and {@code EqContext}, and {@code CompletionStats}.
 */
package org.sansim.nic.completion;
