package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.sansim.provider.ChildJvmAllocations;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The steady state of the switch's buffer-copy path, a ping-pong of {@code WSPSend},
 * {@code WSPRecv} and {@code WSPGetOverlappedResult} on polled overlapped structures, allocates
 * nothing in the code of the calling simulated threads (measured after a warm-up, object by object,
 * in a child JVM), with the switch's completion log off.
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
    // Raised from 1 KiB: one-time lazy work (a String and a byte[] or two, a few hundred bytes, that JFR
    // attributes to whatever inlined frame was on top) varies with the JIT's timing from run to run.
    private static final long ALLOWED_BYTES = 4096;

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
    void steadyStateSendRecvAndPollingAllocateNothing() throws Exception
    {
        final Path jfr = Files.createTempFile("hot-path", ".jfr");
        try
        {
            final String out = ChildJvmAllocations.runChild(OverlappedHotPathAllocationTest.class, jfr);
            assertTrue(out.contains("rounds " + (WARM_UP + ROUNDS)), out);
            final ChildJvmAllocations.Allocations a = ChildJvmAllocations.read(jfr, Loop.class);
            assertTrue(a.ourBytes() <= ALLOWED_BYTES, "the two loops allocated " + a.ourBytes()
                + " bytes besides the JVM's " + a.chunkBytes() + " bytes of stack chunks: " + a);
        }
        finally
        {
            Files.deleteIfExists(jfr);
        }
    }

    /**
     * The child JVM: runs the ping-pong, records allocations for the measured rounds of both loops
     * (they run on this one Java thread, in turn) and dumps the recording.
     *
     * @param args the recording's path
     * @throws Exception if the recording fails
     */
    public static void main(final String[] args) throws Exception
    {
        final SendRecvFixture f = new SendRecvFixture();
        try (Recording recording = new Recording())
        {
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
            f.client.process.upcalls().logCompletions(false);
            f.server.process.upcalls().logCompletions(false);
            final Loop[] loops = new Loop[2];
            f.run((d, s, self, ctl) ->
            {
                final Loop l = new Loop(d, s, self);
                loops[0] = l;
                SendRecvFixture.await(d, s, ctl, 1);
                l.postRecv();
                l.ping(WARM_UP);
                recording.start();
                l.ping(ROUNDS);
                recording.stop();
            }, (d, s, self, ctl) ->
            {
                final Loop l = new Loop(d, s, self);
                loops[1] = l;
                l.postRecv();
                SendRecvFixture.signal(d, s, ctl, 1);
                l.pong(WARM_UP);
                l.pong(ROUNDS);
            });
            recording.dump(Path.of(args[0]));
            // The last gathered message arrived whole: 24 bytes then 1000 bytes from 1 KiB further on.
            final byte[] sent = f.client.process.read(loops[0].out, 24);
            final byte[] echoed = f.server.process.read(loops[1].in, 24);
            if (!java.util.Arrays.equals(sent, echoed))
            {
                throw new IllegalStateException("the echoed message differs");
            }
            System.out.println("rounds " + loops[0].rounds + " " + loops[1].rounds);
        }
        finally
        {
            f.close();
        }
    }
}
