package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.host.thread.HostEvent;
import org.sansim.provider.wsp.WsdParams;

/**
 * Credits: a receiver that stops reading stops its sender once the receive buffers it offered are
 * full; credits never go below zero; reading again lets the sender finish, every byte intact.
 */
class FlowControlTest
{
    private static final int PORT = 7002;

    @Test
    void aReceiverThatStopsReadingStopsTheSender()
    {
        final int message = 1000;
        final int messages = 200;
        try (SocketsFixture f = new SocketsFixture(WsdParams.defaults(), SwitchParams.defaults()))
        {
            final byte[] data = SocketsFixture.pattern(7, message * messages);
            final int[] sentBeforePause = new int[1];
            final int[] minCredits = {Integer.MAX_VALUE};
            final HostEvent paused = new HostEvent("paused", true, false);
            final long[] sentAtPs = new long[messages];
            final boolean[] done = new boolean[2];
            f.bed.start(1, "server", self ->
            {
                final WinsockSwitch sw = f.switches[1];
                final long s = SocketsFixture.acceptOne(sw, PORT);
                final long in = f.processes[1].allocate(data.length);
                // Read one message, then stop reading for a long while.
                SocketsFixture.recvAll(sw, s, in, message, message);
                paused.set();
                self.sleep(2_000_000_000L);
                final long resumedPs = self.nowPs();
                sentBeforePause[0] = countBefore(sentAtPs, resumedPs);
                SocketsFixture.recvAll(sw, s, in + message, data.length - message, 64 * 1024);
                assertArrayEquals(data, f.processes[1].read(in, data.length));
                done[1] = true;
            });
            f.bed.start(0, "client", self ->
            {
                final WinsockSwitch sw = f.switches[0];
                final long s = SocketsFixture.connectOne(sw, f.serverIp(), PORT);
                final long out = f.processes[0].allocate(data.length);
                f.processes[0].write(out, data);
                for (int i = 0; i < messages; i++)
                {
                    assertEquals(message, sw.send(s, out + (long)i * message, message, 0));
                    sentAtPs[i] = self.nowPs();
                    minCredits[0] = Math.min(minCredits[0], sw.credits(s));
                }
                done[0] = true;
            });
            assertTrue(f.bed.runUntilDone(SocketsFixture.LIMIT_PS), "the transfer did not finish");
            assertTrue(done[0] && done[1]);
            final SwitchParams p = SwitchParams.defaults();
            // While the receiver slept, the sender got no further than the buffers offered: the one
            // read, the buffers posted (all but one usable by data) and the send buffers in flight.
            assertTrue(sentBeforePause[0] <= p.recvBuffers() + 1, () -> "sent while paused: " + sentBeforePause[0]);
            assertTrue(sentBeforePause[0] >= p.recvBuffers() - 2, () -> "sent while paused: " + sentBeforePause[0]);
            assertTrue(minCredits[0] >= 0, () -> "credits went to " + minCredits[0]);
            assertTrue(f.counter(0, "creditWaits") > 0);
            assertTrue(f.counter(0, "creditWaitPs") >= 1_000_000_000L, () -> "waited " + f.counter(0, "creditWaitPs"));
            assertEquals((long)message * messages, f.counter(0, "bytesCopied"));
        }
    }

    private static int countBefore(final long[] times, final long limitPs)
    {
        int n = 0;
        for (final long t : times)
        {
            if (t != 0 && t < limitPs)
            {
                n++;
            }
        }
        return n;
    }
}
