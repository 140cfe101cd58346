/**
 * The NIC firmware's command processor (HARDWARE.md 3 and 5). {@link org.sansim.nic.command.CommandProcessor}
 * is the public entry point; behind it, one package-private class per concern: the BAR 0
 * initialisation registers and start-up ({@code InitSegment}), the command queue and its mailboxes
 * ({@code CommandQueue}, {@code FirmwareMemory}), and the commands with the tables they keep: memory
 * keys and the firmware's shadow of the MPT table ({@code MemoryKeyTable}), EQs and CQs
 * ({@code EqTable}, {@code CqTable}), QPs ({@code QpCommands}) with the QP context table
 * ({@link org.sansim.nic.command.QpTable}) that the transport reads and its copy in host memory
 * ({@code QpContextTableWriter}), management datagrams ({@code MadCommands}) and
 * {@code QUERY_DEVICE} ({@code DeviceCapabilities}).
 */
package org.sansim.nic.command;
