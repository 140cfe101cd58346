package org.sansim.nic.command;

import org.sansim.hw.QpState;

/**
 * Told by the {@link CommandProcessor} after a {@code MODIFY_QP} has moved a QP to another state
 * (HARDWARE.md 12.2), so that the transport can load the attributes the transition set: open the
 * responder at {@code RTR}, the requester at {@code RTS}, flush at {@code ERROR}, forget the QP at
 * {@code RESET}.
 */
@FunctionalInterface
public interface QpStateListener
{
    /**
     * @param qpn the QP
     * @param from its state before the command
     * @param to its state now
     */
    void onQpStateChange(int qpn, QpState from, QpState to);
}
