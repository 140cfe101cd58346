/**
 * The reliable-connection transport: requester (WQEs to packets), responder (packets to host
 * memory, ACKs and NAKs) and completer (ACKs to CQEs), after the Soft-RoCE split.
 */
package org.sansim.nic.transport;
