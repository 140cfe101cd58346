package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * A connected pair of SAN sockets for the data-path tests: the server (host 1) listens and accepts,
 * the client (host 0) connects, then each side runs its body on its own simulated thread. Each side
 * has a registered control region for {@link #signal} and {@link #await}, the tokens the two sides
 * exchange (over the connection itself) to order their steps.
 */
final class SendRecvFixture implements AutoCloseable
{
    /** One side's code, after the connection is up. */
    interface Side
    {
        /**
         * @param d the side's switch
         * @param s its connected socket
         * @param self its simulated thread
         * @param ctl its registered control region (4 KiB, {@code MEM_READWRITE}): bytes 0..63 are the fixture's
         */
        void run(SwitchDriver d, long s, SimThread self, long ctl);
    }

    static final long LIMIT_PS = 2_000_000_000_000L;
    static final int PORT = 5101;
    final WsdTestbed bed;
    final SwitchDriver client;
    final SwitchDriver server;

    SendRecvFixture(final WsdParams params)
    {
        bed = new WsdTestbed(params);
        client = new SwitchDriver(bed.process(0));
        server = new SwitchDriver(bed.process(1));
    }

    SendRecvFixture()
    {
        this(WsdParams.defaults());
    }

    /** Connects and runs both sides to the end; fails if either side does not finish. */
    void run(final Side clientBody, final Side serverBody)
    {
        final boolean[] done = new boolean[2];
        final int serverIp = bed.host(1).ipv4();
        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] listener = server.listen(PORT, 5);
            final long s = server.acceptOk(self, listener);
            final long ctl = server.process.allocate(4096);
            server.register(s, ctl, 4096, Winsock.MEM_READWRITE);
            serverBody.run(server, s, self, ctl);
            done[1] = true;
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long s = client.connectOk(self, serverIp, PORT);
            final long ctl = client.process.allocate(4096);
            client.register(s, ctl, 4096, Winsock.MEM_READWRITE);
            clientBody.run(client, s, self, ctl);
            done[0] = true;
        });
        assertTrue(bed.runUntilDone(LIMIT_PS), () -> "the sides did not finish by " + bed.timePs() + " ps");
        assertTrue(done[0] && done[1]);
    }

    /** Sends a 4-byte token to the peer and waits for the send to complete. */
    static void signal(final SwitchDriver d, final long s, final long ctl, final int token)
    {
        d.process.process().addressSpace().putIntLE(ctl, token);
        final WSAOVERLAPPED ov = SwitchDriver.polled();
        d.expectPending(d.send(s, ctl, 4, ov));
        assertEquals(0, d.result(s, ov)[0]);
    }

    /** Receives the peer's token and checks it. */
    static void await(final SwitchDriver d, final long s, final long ctl, final int token)
    {
        final WSAOVERLAPPED ov = SwitchDriver.polled();
        d.expectPending(d.recv(s, ctl + 32, 32, ov));
        final int[] r = d.result(s, ov);
        assertEquals(0, r[0], () -> WinsockError.name(r[0]));
        assertEquals(4, r[1]);
        assertEquals(token, d.process.process().addressSpace().getIntLE(ctl + 32));
    }

    /** @return {@code n} pseudo-random bytes from a seed */
    static byte[] bytes(final int n, final long seed)
    {
        final byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** @return a fresh buffer filled with the bytes */
    static long filled(final SwitchDriver d, final byte[] b)
    {
        final long va = d.process.allocate(Math.max(1, b.length));
        d.process.write(va, b);
        return va;
    }

    @Override
    public void close()
    {
        bed.close();
    }
}
