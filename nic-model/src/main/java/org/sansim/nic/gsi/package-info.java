/**
 * The GSI agent (HARDWARE.md 15): the NIC firmware's QP1, which sends and receives the management
 * datagrams of connection management as RoCEv2 UD packets.
 */
package org.sansim.nic.gsi;
