/**
 * The one builder of systems: hosts (memory, process, NIC with its PCIe link, kernel and user drivers,
 * verbs device, connection manager, simulated threads) on a fabric of links and switches, one
 * partition per host and per switch, and reliable connections between any pairs of hosts set up
 * through the connection managers over the fabric.
 */
package org.sansim.tools.scenario.system;
