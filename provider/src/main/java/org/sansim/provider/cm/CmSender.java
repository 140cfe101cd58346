package org.sansim.provider.cm;

import java.util.function.Consumer;
import org.sansim.hw.SendMadInputDescriptor;
import org.sansim.jfr.SimJfr;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.driver.kernel.KernelDriver;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;

/**
 * How a {@link ConnectionManager}'s work reaches the CPU and its MADs the wire: the CM's host CPU,
 * the hand-off of each MAD to the kernel driver's {@code SEND_MAD}, and each connection's response
 * timer.
 *
 * <p><b>CPU.</b> Every message sent or received costs {@link CmParams#madCpuPs()} of one CPU, charged
 * in order: {@link #reserveCpu} returns when this message's work ends, after all work reserved before.
 *
 * <p><b>Timers.</b> A timed MAD arms its connection's timer ({@link CmParams#responseTimeoutPs()}) when
 * it is handed to the driver, unless the connection has left the state it was sent in by then; the
 * timer's expiry goes to the manager. A connection has at most one timer, re-armed in place.
 */
final class CmSender
{
    private final String name;
    private final EventLoop loop;
    private final KernelDriver kernel;
    private final CmParams params;
    private final CmStats stats;
    private final Consumer<CmConnection> onTimer;
    private long cpuFreePs;

    /**
     * @param name the manager's name; its events are named after it
     * @param loop the host partition's event loop
     * @param kernel the node's kernel driver, whose MAD channel sends
     * @param params the manager's parameters
     * @param stats the manager's statistics
     * @param onTimer told when a connection's response timer expires
     */
    CmSender(final String name, final EventLoop loop, final KernelDriver kernel, final CmParams params,
        final CmStats stats, final Consumer<CmConnection> onTimer)
    {
        this.name = name;
        this.loop = loop;
        this.kernel = kernel;
        this.params = params;
        this.stats = stats;
        this.onTimer = onTimer;
    }

    /** Reserves the CPU for one message's work; returns when that work ends. */
    long reserveCpu()
    {
        cpuFreePs = Math.max(cpuFreePs, loop.nowPs()) + params.madCpuPs();
        return cpuFreePs;
    }

    /** Runs {@code action} at {@code timePs}, as the CM's CPU work. */
    void at(final long timePs, final Runnable action)
    {
        loop.schedule(Event.of(name + ".cpu", Priority.DEFAULT, action), timePs);
    }

    /**
     * Charges the CPU, then hands the MAD to the driver; a timed MAD arms the connection's timer then,
     * unless the connection has left the state it was sent in.
     *
     * @param c the connection, or {@code null} for a MAD of none (a REJ or DREP answering a stranger)
     * @param mad the 256 bytes, not changed until the driver took them
     * @param attribute the MAD's CM attribute, for the statistics
     * @param dstMac the peer's MAC address
     * @param dstIpv4 the peer's IPv4 address
     * @param timed whether an answer is awaited (REQ, REP, DREQ); needs a connection
     */
    void transmit(final CmConnection c, final byte[] mad, final int attribute, final long dstMac,
        final int dstIpv4, final boolean timed)
    {
        final CmState sentIn = c == null ? null : c.state;
        at(reserveCpu(), () ->
        {
            stats.sent(attribute).increment();
            SimJfr.cmSent(loop.nowPs(), name, attribute, c == null ? -1 : c.localQpn, c == null ? -1 : c.remoteQpn);
            kernel.sendMad(dstMac, dstIpv4, SendMadInputDescriptor.GSI_QPN, SendMadInputDescriptor.GSI_Q_KEY, mad,
                (status, commandStatus, value) ->
                {
                    if (status != DriverStatus.OK)
                    {
                        stats.sendFailures.increment();
                    }
                });
            if (timed && c.state == sentIn)
            {
                arm(c, params.responseTimeoutPs());
            }
        });
    }

    /** Sends a REJ without Additional Reject Information. */
    void sendReject(final long mac, final int ipv4, final long tid, final int localCommId,
        final int remoteCommId, final int messageRejected, final int reason, final byte[] privateData)
    {
        sendReject(mac, ipv4, tid, localCommId, remoteCommId, messageRejected, reason, -1, privateData);
    }

    /** Sends a REJ; {@code infoByte} of 0 to 255 goes in a one-byte Additional Reject Information. */
    void sendReject(final long mac, final int ipv4, final long tid, final int localCommId,
        final int remoteCommId, final int messageRejected, final int reason, final int infoByte,
        final byte[] privateData)
    {
        final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];
        final CmRej rej = new CmRej().wrap(mad);
        rej.initCm(MadFlyweight.ATTR_REJ, tid);
        rej.privateData(privateData);
        rej.localCommId(localCommId);
        rej.remoteCommId(remoteCommId);
        rej.messageRejected(messageRejected);
        rej.reason(reason);
        if (infoByte >= 0)
        {
            rej.rejectInfoByte(infoByte);
        }
        transmit(null, mad, MadFlyweight.ATTR_REJ, mac, ipv4, false);
    }

    /** (Re-)arms a connection's timer to expire {@code delayPs} from now. */
    void arm(final CmConnection c, final long delayPs)
    {
        if (c.timer == null)
        {
            c.timer = Event.of(name + ".timer", Priority.DEFAULT, () -> onTimer.accept(c));
        }
        if (c.timer.scheduled())
        {
            loop.deschedule(c.timer);
        }
        loop.scheduleAfter(c.timer, delayPs);
    }

    /** Stops a connection's timer if it runs. */
    void disarm(final CmConnection c)
    {
        if (c.timer != null && c.timer.scheduled())
        {
            loop.deschedule(c.timer);
        }
    }
}
