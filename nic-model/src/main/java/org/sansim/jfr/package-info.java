/**
 * SanSim's JDK Flight Recorder events ({@code org.sansim.Doorbell}, {@code WqeFetch}, {@code TranslationMiss},
 * {@code DmaTransfer}, {@code PacketSent}, {@code PacketReceived}, {@code Cqe}, {@code Retransmission},
 * {@code ConnectionSetup}, {@code WspCall}), each with the simulated time and the emitting component's name,
 * and {@link org.sansim.jfr.SimJfr}, which emits them behind one cheap flag. They live in the bottom module so
 * that the NIC and the provider can both emit them.
 */
package org.sansim.jfr;
