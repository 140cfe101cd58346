/**
 * The reliable-connection transport: requester (WQEs to packets), responder (packets to host
 * memory, ACKs and NAKs) and completer (ACKs to CQEs), after the Soft-RoCE split.
 *
 * <p>{@code RcTransport} schedules the three engines over shared per-QP state ({@code RcQpState}) and
 * packet slots ({@code RcPacketSlots}) and takes arriving packets; {@code RcTransmitter} is its
 * transmit side (the QPs' round robin, the transmit pipeline's pace, frames to the port) and
 * {@code RcQpLifecycle} what each QP state change does to the transport's state. The responder, {@code RcResponder}, is one class a concern:
 * {@code RcRequestAcceptor} (PSN checks and acceptance), {@code RcReceivePipeline} (the receive
 * slots written to host memory, shared with the completer's READ responses), {@code RcReceiveQueue}
 * and {@code RcReceiveWqeCache} (receive WQEs), {@code RcReadResponder} (READ response streams),
 * {@code RcAtomicUnit} (atomics), {@code RcReceiveFlush} (the receive flush in {@code ERROR}) and
 * {@code RcAckQueue} (ACK and NAK order).
 */
package org.sansim.nic.transport;
