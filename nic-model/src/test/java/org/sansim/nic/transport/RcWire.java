package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sansim.nic.port.FrameTap;
import org.sansim.nic.port.NicPort;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.Ipv4Header;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * The wire side of an {@link RcHarness} for tests that play one of the two hosts by hand: frames
 * built as the peer would send them and transmitted by the peer's port, so that they reach the host
 * through its own port (which holds what the transport cannot take yet), and a log of what a host's
 * port transmits.
 */
final class RcWire
{
    /** One frame a host sent: opcode, PSN, AETH syndrome and MSN (-1 without AETH), payload, atomic original. */
    record Sent(int opcode, int psn, int syndrome, int msn, int payloadBytes, long original)
    {
        @Override
        public String toString()
        {
            return opcode + "@" + psn + (syndrome >= 0 ? "/" + Integer.toHexString(syndrome) + "/" + msn : "");
        }
    }

    private RcWire()
    {
    }

    private static RoceEndpoints toHost(final int host)
    {
        final int from = 1 - host;
        return new RoceEndpoints(from + 1, host + 1, Ipv4Header.address(10, 0, 0, from + 1),
            Ipv4Header.address(10, 0, 0, host + 1), 0xC000, 0, 0, 64);
    }

    /**
     * Builds a frame for host {@code host}'s QP as its peer would and has the peer's port transmit it
     * (call it from an event of the peer's partition, {@code 1 - host}). The frame reaches host
     * {@code host}'s port after its time on the link and goes to the transport the way every frame
     * does: a frame the transport cannot take yet (its receive pipeline busy with the previous packet,
     * the QP's context still being read, no receive slot) is held by the port and offered again, in
     * arrival order, when the transport has room. Frames handed over directly, bypassing the port,
     * would be lost instead when refused.
     *
     * @param headers fills the extended headers (RETH, AtomicETH, AETH...) after the BTH
     * @param payload the payload, may be empty
     */
    static void deliver(final RcHarness h, final int host, final int opcode, final int psn, final boolean ackReq,
        final Consumer<RoceFrame> headers, final byte[] payload)
    {
        final NicPort peerPort = h.nic[1 - host].port();
        assertTrue(peerPort.canClaim(), "the peer's transmit queue has room");
        final byte[] buf = peerPort.claimTxBuffer();
        peerPort.submit(build(buf, new RoceFrame(), host, opcode, psn, ackReq, headers, payload), 0);
    }

    /**
     * Builds a frame for host {@code host}'s QP from index 0 of {@code buf} and checks that it parses.
     *
     * @param parsed left holding the parsed frame
     * @return the frame's length in bytes
     */
    private static int build(final byte[] buf, final RoceFrame parsed, final int host, final int opcode,
        final int psn, final boolean ackReq, final Consumer<RoceFrame> headers, final byte[] payload)
    {
        final RoceFrame f = new RoceFrame();
        f.begin(buf, 0, toHost(host), opcode).bth().destQp(RcHarness.QPN[host]).psn(psn & RcQpState.PSN_MASK)
            .ackReq(ackReq);
        headers.accept(f);
        final int length = f.finish(payload, 0, payload.length);
        assertEquals(RoceFrameStatus.OK, parsed.parse(buf, 0, length));
        return length;
    }

    /**
     * Builds a frame for host {@code host}'s QP and hands it straight to the host's transport, past the
     * port and the GSI agent in front of it, at {@code timePs} on the host's event loop; fails the test
     * if the transport refuses it, as nothing would offer it again. For the one frame the NIC's own
     * path never brings to the transport: a UD SEND, which the GSI agent takes whatever its QP.
     */
    static void deliverToTransportAt(final RcHarness h, final int host, final long timePs, final int opcode,
        final int psn, final Consumer<RoceFrame> headers, final byte[] payload)
    {
        h.at(host, timePs, () ->
        {
            final byte[] buf = new byte[payload.length + 256];
            final RoceFrame parsed = new RoceFrame();
            final int length = build(buf, parsed, host, opcode, psn, true, headers, payload);
            assertTrue(h.nic[host].transport().onRoceFrame(parsed, buf, 0, length), "the transport took the frame");
        });
    }

    /** {@link #deliver} at {@code timePs} on the event loop of host {@code host}'s peer. */
    static void deliverAt(final RcHarness h, final int host, final long timePs, final int opcode, final int psn,
        final boolean ackReq, final Consumer<RoceFrame> headers, final byte[] payload)
    {
        h.at(1 - host, timePs, () -> deliver(h, host, opcode, psn, ackReq, headers, payload));
    }

    /** A RETH for the data region of the harness at {@code offset}. */
    static Consumer<RoceFrame> reth(final long offset, final long dmaLengthBytes)
    {
        return f -> f.reth().va(RcHarness.DATA_VA + offset).rkey(RcHarness.KEY).dmaLengthBytes(dmaLengthBytes);
    }

    /** No extended header. */
    static Consumer<RoceFrame> none()
    {
        return f ->
        {
        };
    }

    /** Logs every frame host {@code host} transmits. */
    static List<Sent> tap(final RcHarness h, final int host)
    {
        final List<Sent> sent = new ArrayList<>();
        final RoceFrame parser = new RoceFrame();
        h.nic[host].port().tap((direction, timePs, buf, offset, lengthBytes, priorityClass) ->
        {
            if (direction != FrameTap.TX || parser.parse(buf, offset, lengthBytes) != RoceFrameStatus.OK)
            {
                return;
            }
            final int opcode = parser.opcode();
            final boolean aeth = BthOpcode.hasAeth(opcode);
            sent.add(new Sent(opcode, parser.bth().psn(), aeth ? parser.aeth().syndrome() : -1,
                aeth ? parser.aeth().msn() : -1, parser.payloadLengthBytes(),
                BthOpcode.hasAtomicAckEth(opcode) ? parser.atomicAckEth().originalData() : 0));
        });
        return sent;
    }

    /** @return the frames of {@code sent} with {@code opcode} */
    static List<Sent> only(final List<Sent> sent, final int opcode)
    {
        final List<Sent> out = new ArrayList<>();
        for (final Sent s : sent)
        {
            if (s.opcode() == opcode)
            {
                out.add(s);
            }
        }
        return out;
    }

    /** @return the value of host {@code host}'s transport counter {@code name} */
    static long counter(final RcHarness h, final int host, final String name)
    {
        return h.stats.counter("nic" + host + ".rc." + name).value();
    }

    /** @return {@code n} bytes of a pattern */
    static byte[] bytes(final int n, final int seed)
    {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = (byte)(i * 7 + seed);
        }
        return b;
    }
}
