/**
 * The NIC firmware's command processor (HARDWARE.md 3 and 5): the BAR 0 initialisation registers,
 * the command queue in host memory, the execution of each command after its modelled firmware
 * time, and the tables the commands keep: the QP context table ({@link org.sansim.nic.command.QpTable})
 * that the transport reads, the firmware's shadow of the MPT table, and the EQ and CQ bookkeeping.
 */
package org.sansim.nic.command;
