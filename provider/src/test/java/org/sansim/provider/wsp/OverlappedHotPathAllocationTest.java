package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The steady state of the switch's buffer-copy path, a ping-pong of {@code WSPSend},
 * {@code WSPRecv} and {@code WSPGetOverlappedResult} on polled overlapped structures, allocates
 * nothing on the calling simulated thread (the Java thread under it, measured after a warm-up), with
 * the switch's completion log off.
 */
class OverlappedHotPathAllocationTest
{
    private static final int WARM_UP = 500;
    private static final int ROUNDS = 3_000;
    /**
     * What the measured thread may allocate over all rounds: far below one byte a round, so any
     * allocation per call fails (the smallest object is 16 bytes, 48 KB over the rounds). Not 0: the
     * simulator under the calls (doorbell and BlueFlame writes into the NIC model, the thread
     * scheduler) runs on the calling thread and its structures grow now and then: about 140 bytes
     * over 3,000 rounds and 190 over 9,000, so amortised growth, not an allocation per call.
     */
    private static final long ALLOWED_BYTES = 1024;
    private SendRecvFixture f;

    @AfterEach
    void close()
    {
        if (f != null)
        {
            f.close();
        }
    }

    /** One side's reused state: buffers, overlapped structures, holders. */
    private static final class Loop
    {
        final SwitchDriver d;
        final long s;
        final SimThread self;
        final long out;
        final long in;
        final WSABUF[] outBufs = new WSABUF[2];
        final WSABUF[] inBufs = new WSABUF[1];
        final WSAOVERLAPPED sendOv = SwitchDriver.polled();
        final WSAOVERLAPPED recvOv = SwitchDriver.polled();
        final IntHolder count = new IntHolder();
        final IntHolder flags = new IntHolder();
        final IntHolder err = new IntHolder();
        final IntHolder bytes = new IntHolder();
        long measured;
        int rounds;

        Loop(final SwitchDriver d, final long s, final SimThread self)
        {
            this.d = d;
            this.s = s;
            this.self = self;
            out = d.process.allocate(4096);
            in = d.process.allocate(4096);
            d.register(s, out, 4096, Winsock.MEM_READ);
            d.register(s, in, 4096, Winsock.MEM_WRITE);
            // A small inline message in one buffer, a larger one gathered from two.
            outBufs[0] = new WSABUF(out, 24);
            outBufs[1] = new WSABUF(out + 1024, 1000);
            inBufs[0] = new WSABUF(in, 4096);
        }

        void postRecv()
        {
            assertEquals(Winsock.SOCKET_ERROR, d.p.WSPRecv(s, inBufs, 1, count, flags, recvOv, null, null, err));
            assertEquals(997, err.value);
        }

        void send(final int buffers)
        {
            assertEquals(Winsock.SOCKET_ERROR, d.p.WSPSend(s, outBufs, buffers, count, 0, sendOv, null, null, err));
            assertEquals(997, err.value);
        }

        /** Polls a few times without waiting, then waits. */
        int finish(final WSAOVERLAPPED ov)
        {
            for (int i = 0; i < 3; i++)
            {
                if (d.p.WSPGetOverlappedResult(s, ov, bytes, false, flags, err))
                {
                    return bytes.value;
                }
            }
            assertTrue(d.p.WSPGetOverlappedResult(s, ov, bytes, true, flags, err));
            return bytes.value;
        }

        /** Client: send, then wait for the echo. */
        void ping(final int n)
        {
            for (int i = 0; i < n; i++)
            {
                final int buffers = 1 + (i & 1);
                d.process.process().addressSpace().putIntLE(out, i);
                send(buffers);
                assertEquals(buffers == 1 ? 24 : 1024, finish(sendOv));
                assertEquals(buffers == 1 ? 24 : 1024, finish(recvOv));
                assertEquals(i, d.process.process().addressSpace().getIntLE(in));
                postRecv();
                rounds++;
            }
        }

        /** Server: wait for a message, send it back. */
        void pong(final int n)
        {
            for (int i = 0; i < n; i++)
            {
                final int got = finish(recvOv);
                assertEquals(i, d.process.process().addressSpace().getIntLE(in));
                d.process.process().addressSpace().putIntLE(out, i);
                postRecv();
                send(got == 24 ? 1 : 2);
                assertEquals(got, finish(sendOv));
                rounds++;
            }
        }
    }

    @Test
    void steadyStateSendRecvAndPollingAllocateNothing()
    {
        f = new SendRecvFixture();
        f.client.process.upcalls().logCompletions(false);
        f.server.process.upcalls().logCompletions(false);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Loop[] loops = new Loop[2];
        f.run((d, s, self, ctl) ->
        {
            final Loop l = new Loop(d, s, self);
            loops[0] = l;
            SendRecvFixture.await(d, s, ctl, 1);
            l.postRecv();
            l.ping(WARM_UP);
            final long id = Thread.currentThread().threadId();
            final long before = threads.getThreadAllocatedBytes(id);
            l.ping(ROUNDS);
            l.measured = threads.getThreadAllocatedBytes(id) - before;
        }, (d, s, self, ctl) ->
        {
            final Loop l = new Loop(d, s, self);
            loops[1] = l;
            l.postRecv();
            SendRecvFixture.signal(d, s, ctl, 1);
            l.pong(WARM_UP);
            final long id = Thread.currentThread().threadId();
            final long before = threads.getThreadAllocatedBytes(id);
            l.pong(ROUNDS);
            l.measured = threads.getThreadAllocatedBytes(id) - before;
        });
        assertEquals(WARM_UP + ROUNDS, loops[0].rounds);
        assertEquals(WARM_UP + ROUNDS, loops[1].rounds);
        // The last gathered message arrived whole: 24 bytes then 1000 bytes from 1 KiB further on.
        final byte[] sent = f.client.process.read(loops[0].out, 24);
        final byte[] echoed = f.server.process.read(loops[1].in, 24);
        assertArrayEquals(sent, echoed);
        assertTrue(loops[0].measured <= ALLOWED_BYTES, "the client's loop allocated " + loops[0].measured + " bytes");
        assertTrue(loops[1].measured <= ALLOWED_BYTES, "the server's loop allocated " + loops[1].measured + " bytes");
    }
}
