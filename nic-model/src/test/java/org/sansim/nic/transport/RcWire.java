package org.sansim.nic.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sansim.nic.port.FrameTap;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.Ipv4Header;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.RoceFrameStatus;

/**
 * The wire side of an {@link RcHarness} for tests that play one of the two hosts by hand: frames
 * built as the peer would send them, handed to a host's transport as its port would, and a log of
 * what a host's port transmits.
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
     * Builds a frame for host {@code host}'s QP as its peer would and hands it to the host's transport
     * (call it from an event of that host's partition).
     *
     * @param headers fills the extended headers (RETH, AtomicETH, AETH...) after the BTH
     * @param payload the payload, may be empty
     * @return what the transport answered: false if it refused the frame for want of a receive slot
     */
    static boolean deliver(final RcHarness h, final int host, final int opcode, final int psn, final boolean ackReq,
        final Consumer<RoceFrame> headers, final byte[] payload)
    {
        final byte[] buf = new byte[payload.length + 256];
        final RoceFrame f = new RoceFrame();
        f.begin(buf, 0, toHost(host), opcode).bth().destQp(RcHarness.QPN[host]).psn(psn & RcQpState.PSN_MASK)
            .ackReq(ackReq);
        headers.accept(f);
        final int length = f.finish(payload, 0, payload.length);
        final RoceFrame parsed = new RoceFrame();
        assertEquals(RoceFrameStatus.OK, parsed.parse(buf, 0, length));
        return h.nic[host].transport().onRoceFrame(parsed, buf, 0, length);
    }

    /** {@link #deliver} at {@code timePs} on host {@code host}'s event loop. */
    static void deliverAt(final RcHarness h, final int host, final long timePs, final int opcode, final int psn,
        final boolean ackReq, final Consumer<RoceFrame> headers, final byte[] payload)
    {
        h.at(host, timePs, () -> deliver(h, host, opcode, psn, ackReq, headers, payload));
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
