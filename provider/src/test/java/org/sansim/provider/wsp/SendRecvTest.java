package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * {@code WSPSend} and {@code WSPRecv} as the switch uses them (wsd-spi.md §1.6, §2.2, §3, §4.2):
 * started requests are pending with {@code WSS_OPERATION_IN_PROGRESS}, complete with the posted
 * (send) or received (receive) byte count, deliver every byte inline and by SGE; every caller
 * mistake returns its error and changes nothing.
 */
class SendRecvTest
{
    private SendRecvFixture f;

    @AfterEach
    void close()
    {
        if (f != null)
        {
            f.close();
        }
    }

    private static int send(final SwitchDriver d, final long s, final WSABUF[] b, final int count, final int flags,
        final WSAOVERLAPPED ov, final Object routine)
    {
        return d.procs.lpWSPSend.WSPSend(s, b, count, new IntHolder(), flags, ov, routine, null, d.err);
    }

    private static int recv(final SwitchDriver d, final long s, final WSABUF[] b, final int count,
        final WSAOVERLAPPED ov, final Object routine)
    {
        return d.procs.lpWSPRecv.WSPRecv(s, b, count, new IntHolder(), new IntHolder(), ov, routine, null, d.err);
    }

    @Test
    void sgeAndInlineMultiBufferSendsDeliverEveryByteWithPostedAndReceivedCounts()
    {
        f = new SendRecvFixture();
        final int inlineMax = f.client.p.params.maxInlineBytes();
        final int sges = f.client.p.params.maxSendSges();
        // An SGE send of 8 pieces at odd offsets and lengths, then an inline send of 3 pieces.
        final int[] pieces = {333, 4096, 9191, 517};
        final int[] small = {5, 40, inlineMax - 45};
        int total = 0;
        for (final int n : pieces)
        {
            total += n;
        }
        final int sgeTotal = total;
        final byte[] sgeBytes = SendRecvFixture.bytes(sgeTotal, 21);
        final byte[] inlineBytes = SendRecvFixture.bytes(inlineMax, 22);
        assertEquals(sges, pieces.length);
        f.run((d, s, self, ctl) ->
        {
            final long src = SendRecvFixture.filled(d, sgeBytes);
            final long in = SendRecvFixture.filled(d, inlineBytes);
            d.register(s, src, sgeTotal, Winsock.MEM_READ);
            d.register(s, in, inlineMax, Winsock.MEM_READ);
            SendRecvFixture.await(d, s, ctl, 1);
            final WSABUF[] b = new WSABUF[pieces.length];
            long at = src;
            for (int i = 0; i < pieces.length; i++)
            {
                b[i] = new WSABUF(at, pieces[i]);
                at += pieces[i];
            }
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(send(d, s, b, b.length, 0, ov, null));
            assertEquals(Winsock.WSS_OPERATION_IN_PROGRESS, ov.Internal);
            final int[] r = d.result(s, ov);
            assertEquals(0, r[0]);
            assertEquals(sgeTotal, r[1]);
            assertEquals(sgeTotal, ov.InternalHigh);
            assertEquals(0, ov.Internal);
            final WSABUF[] c = {new WSABUF(in, small[0]), new WSABUF(in + small[0], small[1]),
                new WSABUF(in + small[0] + small[1], small[2])};
            final WSAOVERLAPPED ov2 = SwitchDriver.polled();
            d.expectPending(send(d, s, c, 3, 0, ov2, null));
            assertEquals(Winsock.WSS_OPERATION_IN_PROGRESS, ov2.Internal);
            final int[] r2 = d.result(s, ov2);
            assertEquals(0, r2[0]);
            assertEquals(inlineMax, r2[1]);
        }, (d, s, self, ctl) ->
        {
            final long dst = d.process.allocate(65536);
            d.register(s, dst, 65536, Winsock.MEM_WRITE);
            d.process.write(dst, new byte[65536]);
            final WSAOVERLAPPED a = SwitchDriver.polled();
            final WSAOVERLAPPED b = SwitchDriver.polled();
            d.expectPending(d.recv(s, dst, 32768, a));
            d.expectPending(d.recv(s, dst + 32768, 32768, b));
            assertEquals(Winsock.WSS_OPERATION_IN_PROGRESS, a.Internal);
            assertEquals(Winsock.WSS_OPERATION_IN_PROGRESS, b.Internal);
            SendRecvFixture.signal(d, s, ctl, 1);
            final int[] ra = d.result(s, a);
            assertEquals(0, ra[0]);
            assertEquals(sgeTotal, ra[1], "a receive reports the bytes received, not its buffer's size");
            final int[] rb = d.result(s, b);
            assertEquals(0, rb[0]);
            assertEquals(inlineMax, rb[1]);
            final byte[] want = new byte[65536];
            System.arraycopy(sgeBytes, 0, want, 0, sgeTotal);
            System.arraycopy(inlineBytes, 0, want, 32768, inlineMax);
            assertArrayEquals(want, d.process.read(dst, 65536), "every byte, and nothing beyond the messages");
        });
    }

    @Test
    void sendMistakesReturnTheirErrorsAndChangeNothing()
    {
        f = new SendRecvFixture(WsdParams.defaults().withLimits(8192, WsdParams.UNLIMITED_BYTES));
        final byte[] payload = SendRecvFixture.bytes(8192, 31);
        f.run((d, s, self, ctl) ->
        {
            final long src = SendRecvFixture.filled(d, payload);
            final long h = d.register(s, src, 8192, Winsock.MEM_READ);
            final long other = d.socket();
            final long unregistered = d.process.allocate(4096);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            final WSABUF[] one = {new WSABUF(src, 100)};
            final int logBefore = d.process.upcalls().log().size();
            final long postedBefore = d.p.socket(s).sendsPosted;
            d.expectError(send(d, 0x7777, one, 1, 0, ov, null), WinsockError.WSAENOTSOCK);
            d.expectError(send(d, other, one, 1, 0, ov, null), WinsockError.WSAENOTCONN);
            d.expectError(send(d, s, one, 1, 0, null, null), WinsockError.WSAEINVAL);
            d.expectError(send(d, s, one, 1, 0, ov, new Object()), WinsockError.WSAEINVAL);
            d.expectError(send(d, s, one, 1, Winsock.MSG_OOB, ov, null), WinsockError.WSAEOPNOTSUPP);
            d.expectError(send(d, s, one, 0, 0, ov, null), WinsockError.WSAEINVAL);
            final int sges = d.p.params.maxSendSges();
            final WSABUF[] tooMany = new WSABUF[sges + 1];
            for (int i = 0; i < tooMany.length; i++)
            {
                tooMany[i] = new WSABUF(src + i * 10, 10);
            }
            d.expectError(send(d, s, tooMany, sges + 1, 0, ov, null), WinsockError.WSAEINVAL);
            d.expectError(send(d, s, new WSABUF[] {new WSABUF(unregistered, 100)}, 1, 0, ov, null),
                WinsockError.WSAEFAULT);
            // Partly outside the registration.
            d.expectError(send(d, s, new WSABUF[] {new WSABUF(src + 8000, 200)}, 1, 0, ov, null),
                WinsockError.WSAEFAULT);
            // Covered, but by another socket's registration.
            final long elsewhere = d.process.allocate(4096);
            d.register(other, elsewhere, 4096, Winsock.MEM_READWRITE);
            d.expectError(send(d, s, new WSABUF[] {new WSABUF(elsewhere, 100)}, 1, 0, ov, null),
                WinsockError.WSAEFAULT);
            // The second of two buffers is the bad one: the first's hold must be released.
            d.expectError(send(d, s, new WSABUF[] {new WSABUF(src, 10), new WSABUF(unregistered, 10)}, 2, 0, ov,
                null), WinsockError.WSAEFAULT);
            final long big = d.process.allocate(8192);
            d.register(s, big, 8192, Winsock.MEM_READ);
            d.expectError(send(d, s, new WSABUF[] {new WSABUF(big, 4096), new WSABUF(src, 4097)}, 2, 0, ov,
                null), WinsockError.WSAEMSGSIZE);
            assertEquals(0, ov.Internal, "a refused request's overlapped structure is not touched");
            assertEquals(postedBefore, d.p.socket(s).sendsPosted);
            assertEquals(logBefore, d.process.upcalls().log().size(), "no upcall for a refused request");
            // Nothing is held: the registration can go, and come back.
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h, d.err));
            d.register(s, src, 8192, Winsock.MEM_READ);
            // The largest message the limit allows goes through, every byte.
            SendRecvFixture.await(d, s, ctl, 7);
            final WSAOVERLAPPED good = SwitchDriver.polled();
            d.expectPending(send(d, s, new WSABUF[] {new WSABUF(src, 8192)}, 1, 0, good, null));
            final int[] r = d.result(s, good);
            assertEquals(0, r[0]);
            assertEquals(8192, r[1]);
            assertEquals(logBefore, d.process.upcalls().log().size(), "polled requests make no upcall");
        }, (d, s, self, ctl) ->
        {
            final long dst = d.process.allocate(16384);
            d.register(s, dst, 8192, Winsock.MEM_WRITE);
            final WSAOVERLAPPED a = SwitchDriver.polled();
            d.expectPending(d.recv(s, dst, 8192, a));
            SendRecvFixture.signal(d, s, ctl, 7);
            final int[] r = d.result(s, a);
            assertEquals(0, r[0]);
            assertEquals(8192, r[1], "exactly one message arrived: the refused sends sent nothing");
            assertArrayEquals(payload, d.process.read(dst, 8192));
            final WSAOVERLAPPED stray = SwitchDriver.polled();
            d.expectPending(d.recv(s, dst, 8192, stray));
            self.sleep(20_000_000L);
            final IntHolder bytes = new IntHolder();
            final IntHolder e = new IntHolder();
            assertFalse(d.procs.lpWSPGetOverlappedResult.WSPGetOverlappedResult(s, stray, bytes, false,
                new IntHolder(), e));
            assertEquals(WinsockError.WSA_IO_INCOMPLETE, e.value, "no stray message arrives");
        });
    }

    @Test
    void recvMistakesReturnTheirErrorsAndChangeNothing()
    {
        f = new SendRecvFixture(WsdParams.defaults().withLimits(4096, WsdParams.UNLIMITED_BYTES));
        final byte[] payload = SendRecvFixture.bytes(4096, 41);
        f.run((d, s, self, ctl) ->
        {
            SendRecvFixture.await(d, s, ctl, 3);
            final long src = SendRecvFixture.filled(d, payload);
            d.register(s, src, 4096, Winsock.MEM_READ);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.send(s, src, 4096, ov));
            assertEquals(0, d.result(s, ov)[0]);
        }, (d, s, self, ctl) ->
        {
            final long readOnly = d.process.allocate(4096);
            d.register(s, readOnly, 4096, Winsock.MEM_READ);
            final long dst = d.process.allocate(8192);
            final long h = d.register(s, dst, 4096, Winsock.MEM_WRITE);
            final long other = d.socket();
            final long elsewhere = d.process.allocate(4096);
            d.register(other, elsewhere, 4096, Winsock.MEM_READWRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            final WSABUF[] one = {new WSABUF(dst, 4096)};
            final long postedBefore = d.p.socket(s).recvsPosted;
            d.expectError(recv(d, 0x7777, one, 1, ov, null), WinsockError.WSAENOTSOCK);
            d.expectError(recv(d, other, one, 1, ov, null), WinsockError.WSAENOTCONN);
            d.expectError(recv(d, s, one, 1, null, null), WinsockError.WSAEINVAL);
            d.expectError(recv(d, s, one, 1, ov, new Object()), WinsockError.WSAEINVAL);
            d.expectError(recv(d, s, new WSABUF[] {new WSABUF(dst, 10), new WSABUF(dst + 10, 10)}, 2, ov, null),
                WinsockError.WSAEINVAL);
            d.expectError(recv(d, s, new WSABUF[] {new WSABUF(readOnly, 4096)}, 1, ov, null),
                WinsockError.WSAEFAULT);
            d.expectError(recv(d, s, new WSABUF[] {new WSABUF(elsewhere, 4096)}, 1, ov, null),
                WinsockError.WSAEFAULT);
            d.expectError(recv(d, s, new WSABUF[] {new WSABUF(dst + 1, 4096)}, 1, ov, null),
                WinsockError.WSAEFAULT);
            d.expectError(recv(d, s, new WSABUF[] {new WSABUF(dst, 4097)}, 1, ov, null), WinsockError.WSAEMSGSIZE);
            assertEquals(0, ov.Internal);
            assertEquals(postedBefore, d.p.socket(s).recvsPosted);
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h, d.err), "nothing holds the registration");
            d.register(s, dst, 4096, Winsock.MEM_WRITE);
            final WSAOVERLAPPED good = SwitchDriver.polled();
            d.expectPending(recv(d, s, new WSABUF[] {new WSABUF(dst, 4096)}, 1, good, null));
            SendRecvFixture.signal(d, s, ctl, 3);
            final int[] r = d.result(s, good);
            assertEquals(0, r[0]);
            assertEquals(4096, r[1]);
            assertArrayEquals(payload, d.process.read(dst, 4096));
        });
    }

    @Test
    void fullQueuesRefuseWithNoBufsThenDrainInOrder()
    {
        f = new SendRecvFixture();
        final int depth = f.client.p.params.sendQueueDepth();
        assertEquals(16, depth);
        f.run((d, s, self, ctl) ->
        {
            // The peer has posted no receives for these yet: they wait (RNR retry) and fill the queue.
            SendRecvFixture.await(d, s, ctl, 5);
            final long src = d.process.allocate(depth * 256L);
            for (int i = 0; i < depth; i++)
            {
                d.process.write(src + i * 256L, SendRecvFixture.bytes(256, 100 + i));
            }
            d.register(s, src, depth * 256, Winsock.MEM_READ);
            final WSAOVERLAPPED[] ovs = new WSAOVERLAPPED[depth];
            for (int i = 0; i < depth; i++)
            {
                ovs[i] = SwitchDriver.polled();
                d.expectPending(d.send(s, src + i * 256L, 256, ovs[i]));
            }
            final WSAOVERLAPPED extra = SwitchDriver.polled();
            d.expectError(d.send(s, src, 256, extra), WinsockError.WSAENOBUFS);
            assertEquals(0, extra.Internal);
            for (int i = 0; i < depth; i++)
            {
                final int[] r = d.result(s, ovs[i]);
                assertEquals(0, r[0]);
                assertEquals(256, r[1]);
            }
            // Room again.
            d.expectPending(d.send(s, src, 256, extra));
            assertEquals(0, d.result(s, extra)[0]);
        }, (d, s, self, ctl) ->
        {
            final long dst = d.process.allocate(depth * 256L + 256);
            d.register(s, dst, depth * 256 + 256, Winsock.MEM_WRITE);
            final WSAOVERLAPPED[] ovs = new WSAOVERLAPPED[depth];
            SendRecvFixture.signal(d, s, ctl, 5);
            self.sleep(200_000_000L);
            for (int i = 0; i < depth; i++)
            {
                ovs[i] = SwitchDriver.polled();
                d.expectPending(d.recv(s, dst + i * 256L, 256, ovs[i]));
            }
            final WSAOVERLAPPED extra = SwitchDriver.polled();
            d.expectError(d.recv(s, dst, 256, extra), WinsockError.WSAENOBUFS);
            assertEquals(0, extra.Internal);
            for (int i = 0; i < depth; i++)
            {
                final int[] r = d.result(s, ovs[i]);
                assertEquals(0, r[0]);
                assertEquals(256, r[1]);
                assertArrayEquals(SendRecvFixture.bytes(256, 100 + i), d.process.read(dst + i * 256L, 256),
                    "message " + i + " in order");
            }
            d.expectPending(d.recv(s, dst + depth * 256L, 256, extra));
            final int[] r = d.result(s, extra);
            assertEquals(0, r[0]);
            assertArrayEquals(SendRecvFixture.bytes(256, 100), d.process.read(dst + depth * 256L, 256));
            assertTrue(d.p.socket(s).recvsInFlight() == 0);
        });
    }
}
