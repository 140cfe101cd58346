package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.sansim.provider.ChildJvmAllocations;
import org.sansim.host.AddressSpace;
import org.sansim.provider.wsp.WsdParams;

/**
 * The steady state of the switch's copy path, a ping-pong of blocking {@code send} and {@code recv}
 * of blocks below the threshold (one DATA message each, credits returned by the traffic), allocates
 * nothing in the code of the calling simulated threads: measured after a warm-up, object by object,
 * in a child JVM without TLABs, as {@code OverlappedHotPathAllocationTest} measures the provider's.
 */
class CopyPathAllocationTest
{
    private static final int PORT = 7010;
    private static final int WARM_UP = 500;
    private static final int ROUNDS = 3_000;
    /** Sizes the rounds cycle through: a small message, one of a few KiB, one that fills most of a buffer. */
    private static final int[] SIZES = {24, 1000, 4096};
    /**
     * What the measured loops may allocate over all rounds: far below one byte a round, so any
     * allocation per call fails (the smallest object is 16 bytes, 48 KB over the rounds), while the
     * simulator's own structures may grow now and then under the calls (as the provider's test allows).
     */
    // Raised from 1 KiB: one-time lazy work (a String and a byte[] or two, a few hundred bytes, that JFR
    // attributes to whatever inlined frame was on top) varies with the JIT's timing from run to run.
    private static final long ALLOWED_BYTES = 4096;

    /** One side's loop; the frames the recording attributes allocations to. */
    private static final class Loop
    {
        final WinsockSwitch sw;
        final long s;
        final AddressSpace memory;
        final long out;
        final long in;
        int rounds;

        Loop(final WinsockSwitch sw, final long s, final SocketsFixture f, final int host)
        {
            this.sw = sw;
            this.s = s;
            this.memory = f.processes[host].process().addressSpace();
            this.out = f.processes[host].allocate(8192);
            this.in = f.processes[host].allocate(8192);
        }

        void recvExactly(final int size)
        {
            int got = 0;
            while (got < size)
            {
                final int n = sw.recv(s, in + got, size - got, 0);
                if (n <= 0)
                {
                    throw new IllegalStateException("recv returned " + n + ", error " + sw.WSAGetLastError());
                }
                got += n;
            }
        }

        void sendExactly(final long va, final int size)
        {
            final int n = sw.send(s, va, size, 0);
            if (n != size)
            {
                throw new IllegalStateException("send returned " + n + ", error " + sw.WSAGetLastError());
            }
        }

        /** Client: send a block marked with the round, wait for the echo, check the mark. */
        void ping(final int n)
        {
            for (int i = 0; i < n; i++)
            {
                final int size = SIZES[rounds % SIZES.length];
                memory.putIntLE(out + size - 4, rounds);
                sendExactly(out, size);
                recvExactly(size);
                if (memory.getIntLE(in + size - 4) != rounds)
                {
                    throw new IllegalStateException("round " + rounds + ": the echo differs");
                }
                rounds++;
            }
        }

        /** Server: receive a block, send it back from where it landed. */
        void pong(final int n)
        {
            for (int i = 0; i < n; i++)
            {
                final int size = SIZES[rounds % SIZES.length];
                recvExactly(size);
                sendExactly(in, size);
                rounds++;
            }
        }
    }

    @Test
    void steadyStateSendAndRecvOfCopiedBlocksAllocateNothing() throws Exception
    {
        final Path jfr = Files.createTempFile("copy-path", ".jfr");
        try
        {
            final String out = ChildJvmAllocations.runChild(CopyPathAllocationTest.class, jfr);
            assertTrue(out.contains("rounds " + (WARM_UP + ROUNDS) + " " + (WARM_UP + ROUNDS)), out);
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
     * The child JVM: runs the ping-pong, records allocations during the measured rounds and dumps the
     * recording.
     *
     * @param args the recording's path
     * @throws Exception if the recording fails
     */
    public static void main(final String[] args) throws Exception
    {
        final Loop[] loops = new Loop[2];
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), SwitchParams.defaults());
            Recording recording = new Recording())
        {
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
            f.processes[0].upcalls().logCompletions(false);
            f.processes[1].upcalls().logCompletions(false);
            f.bed.start(1, "server", self ->
            {
                final Loop l = new Loop(f.switches[1], SocketsFixture.acceptOne(f.switches[1], PORT), f, 1);
                loops[1] = l;
                l.pong(WARM_UP + ROUNDS);
            });
            f.bed.start(0, "client", self ->
            {
                final Loop l = new Loop(f.switches[0], SocketsFixture.connectOne(f.switches[0], f.serverIp(), PORT),
                    f, 0);
                loops[0] = l;
                l.ping(WARM_UP);
                recording.start();
                l.ping(ROUNDS);
                recording.stop();
            });
            if (!f.bed.runUntilDone(SocketsFixture.LIMIT_PS))
            {
                throw new IllegalStateException("the ping-pong did not finish");
            }
            recording.dump(Path.of(args[0]));
            System.out.println("rounds " + loops[0].rounds + " " + loops[1].rounds);
        }
    }
}
