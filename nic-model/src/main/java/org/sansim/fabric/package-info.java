/**
 * The fabric: links, switches and topologies that carry Ethernet frames (RoCEv2 ones, in practice)
 * between NIC ports.
 *
 * <p><b>The port contract.</b> A NIC's port block and a switch port both hold a
 * {@link org.sansim.fabric.FramePort}, one end of a {@link org.sansim.fabric.FabricLink}:
 * <pre>{@code
 * Topology t = Topology.leafSpine(sim, stats, 2, 2, 4, linkParams, linkParams, switchParams,
 *     Partitioning.PER_NODE);
 * Endpoint me = t.endpoint(0);                 // build the NIC in me.partition()
 * me.port().bind(nic::onFrame, nic::onSendReady);
 * RoceEndpoints to1 = me.addressingTo(t.endpoint(1), udpSrcPort, 0);   // for RoceFrame.begin
 * ...
 * if (me.port().canSend(length, priorityClass)) {
 *     me.port().send(buffer, 0, length, priorityClass);  // copied; buffer is free again at once
 * }                                                      // else wait for onSendReady()
 * ...
 * void onFrame(Message frame, int priorityClass) {       // at the last bit's arrival
 *     // frame.data()[0 .. frame.dataLength()): copy out; then, now or when the NIC's receive
 *     // buffer frees it:
 *     me.port().release(frame.dataLength(), priorityClass);
 * }
 * }</pre>
 *
 * <p><b>Time on the wire.</b> Frames exclude the FCS; the link adds preamble/SFD (8 B), FCS (4 B)
 * and inter-frame gap (12 B). A frame sent at {@code t} arrives at
 * {@code t + serialisationPs(n) + propagationPs} and the transmitter is free at
 * {@code t + wireTimePs(n)} (see {@link org.sansim.fabric.FabricLinkParams}).
 *
 * <p><b>Back-pressure and loss</b> are per link: {@link org.sansim.fabric.FlowControl} NONE (drops
 * on a full receive buffer or switch queue), CREDIT or PFC (flow-control frames on the reverse
 * direction), and a {@link org.sansim.fabric.LossModel} per direction for loss and corruption.
 *
 * <p>Everything on the per-frame path allocates nothing once warm: frames are copied into the
 * channels' preallocated slots and into the switches' pooled frame buffers, and components re-arm
 * their own events.
 */
package org.sansim.fabric;
