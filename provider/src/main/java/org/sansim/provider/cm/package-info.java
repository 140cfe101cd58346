/**
 * Connection management: the InfiniBand Communication Manager protocol (REQ, MRA, REJ, REP, RTU, DREQ,
 * DREP) in 256-byte management datagrams over the simulated fabric, through the kernel driver's MAD
 * channel and the NIC's GSI agent (HARDWARE.md 15). One {@link org.sansim.provider.cm.ConnectionManager}
 * per node, event-driven on the host partition's event loop.
 */
package org.sansim.provider.cm;
