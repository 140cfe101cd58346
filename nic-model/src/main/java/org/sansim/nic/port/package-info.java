/**
 * The NIC's Ethernet port on a fabric {@link org.sansim.fabric.FramePort}: a transmit queue of
 * preallocated frame buffers drained as the link and its flow control allow, and a receive path that
 * parses RoCEv2 frames, drops bad ones by reason and hands good ones to the transport.
 *
 * <p>{@link org.sansim.nic.port.NicPort} is the component, {@link org.sansim.nic.port.PortParams} its
 * parameters, {@link org.sansim.nic.port.RoceReceiver}, {@link org.sansim.nic.port.PortTxListener}
 * and {@link org.sansim.nic.port.FrameTap} its callbacks.
 */
package org.sansim.nic.port;
