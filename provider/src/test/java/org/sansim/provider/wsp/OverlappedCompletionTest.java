package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The overlapped contract (wsd-spi.md §2.2): with the low bit of {@code hEvent} set the provider
 * makes no upcall and the switch polls {@code WSPGetOverlappedResult}; with it clear the provider
 * calls {@code WPUCompleteOverlappedRequest}, which signals the event; {@code fWait} blocks the
 * simulated thread until the completion and no longer.
 */
class OverlappedCompletionTest
{
    private static final long US = 1_000_000L;
    private SendRecvFixture f;

    @AfterEach
    void close()
    {
        if (f != null)
        {
            f.close();
        }
    }

    private static long completionUpcalls(final SwitchDriver d)
    {
        final List<String> log = d.process.upcalls().log();
        return log.stream().filter(e -> e.startsWith("WPUCompleteOverlappedRequest")).count();
    }

    @Test
    void polledRequestsMakeNoUpcallAndReportIncompleteUntilDone()
    {
        f = new SendRecvFixture();
        final byte[] payload = SendRecvFixture.bytes(3000, 51);
        f.run((d, s, self, ctl) ->
        {
            final long src = SendRecvFixture.filled(d, payload);
            d.register(s, src, payload.length, Winsock.MEM_READ);
            SendRecvFixture.await(d, s, ctl, 9);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.send(s, src, payload.length, ov));
            final IntHolder bytes = new IntHolder(-1);
            final IntHolder flags = new IntHolder(-1);
            final IntHolder e = new IntHolder();
            int incomplete = 0;
            while (!d.p.WSPGetOverlappedResult(s, ov, bytes, false, flags, e))
            {
                assertEquals(WinsockError.WSA_IO_INCOMPLETE, e.value);
                assertEquals(Winsock.WSS_OPERATION_IN_PROGRESS, ov.Internal);
                incomplete++;
                self.sleep(100_000L);
            }
            assertTrue(incomplete > 0, "the send was seen pending at least once");
            assertEquals(payload.length, bytes.value);
            assertEquals(0, flags.value);
            assertEquals(0, ov.Internal, "the provider marks a polled request done itself");
            assertEquals(0, ov.OffsetHigh);
            assertEquals(0, completionUpcalls(d), "no WPUCompleteOverlappedRequest for polled requests");
        }, (d, s, self, ctl) ->
        {
            final long dst = d.process.allocate(4096);
            d.register(s, dst, 4096, Winsock.MEM_WRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.recv(s, dst, 4096, ov));
            final IntHolder bytes = new IntHolder(-1);
            final IntHolder e = new IntHolder();
            assertFalse(d.p.WSPGetOverlappedResult(s, ov, bytes, false, new IntHolder(), e));
            assertEquals(WinsockError.WSA_IO_INCOMPLETE, e.value);
            assertEquals(-1, bytes.value, "nothing reported while pending");
            SendRecvFixture.signal(d, s, ctl, 9);
            int incomplete = 0;
            while (!d.p.WSPGetOverlappedResult(s, ov, bytes, false, new IntHolder(), e))
            {
                assertEquals(WinsockError.WSA_IO_INCOMPLETE, e.value);
                incomplete++;
                self.sleep(100_000L);
            }
            assertTrue(incomplete > 0);
            assertEquals(payload.length, bytes.value);
            assertArrayEquals(payload, d.process.read(dst, payload.length));
            assertEquals(0, completionUpcalls(d));
        });
    }

    @Test
    void notifiedRequestsCompleteThroughTheUpcallWhichSignalsTheEvent()
    {
        f = new SendRecvFixture();
        final byte[] payload = SendRecvFixture.bytes(1500, 52);
        f.run((d, s, self, ctl) ->
        {
            final long src = SendRecvFixture.filled(d, payload);
            d.register(s, src, payload.length, Winsock.MEM_READ);
            SendRecvFixture.await(d, s, ctl, 4);
            final WSAOVERLAPPED ov = new WSAOVERLAPPED();
            ov.hEvent = d.process.upcalls().WPUCreateEvent(new IntHolder());
            d.expectPending(d.send(s, src, payload.length, ov));
            d.process.upcalls().event(ov.hEvent).await(self);
            final List<String> log = d.process.upcalls().log();
            assertEquals("WPUCompleteOverlappedRequest " + d.p.socket(s).switchHandle + " NO_ERROR " + payload.length,
                log.get(log.size() - 1));
            assertEquals(1, completionUpcalls(d));
            assertEquals(0, ov.Internal);
            assertEquals(payload.length, ov.InternalHigh);
        }, (d, s, self, ctl) ->
        {
            final long dst = d.process.allocate(4096);
            d.register(s, dst, 4096, Winsock.MEM_WRITE);
            final WSAOVERLAPPED ov = new WSAOVERLAPPED();
            ov.hEvent = d.process.upcalls().WPUCreateEvent(new IntHolder());
            d.expectPending(d.recv(s, dst, 4096, ov));
            assertFalse(d.process.upcalls().event(ov.hEvent).signalled());
            assertEquals(0, completionUpcalls(d));
            SendRecvFixture.signal(d, s, ctl, 4);
            d.process.upcalls().event(ov.hEvent).await(self);
            assertTrue(d.process.upcalls().log().contains("WPUCompleteOverlappedRequest " + d.p.socket(s).switchHandle
                + " NO_ERROR " + payload.length), () -> d.process.upcalls().log().toString());
            final IntHolder bytes = new IntHolder();
            final IntHolder e = new IntHolder();
            assertTrue(d.p.WSPGetOverlappedResult(s, ov, bytes, false, new IntHolder(), e));
            assertEquals(payload.length, bytes.value);
            assertArrayEquals(payload, d.process.read(dst, payload.length));
        });
    }

    @Test
    void waitingBlocksTheThreadUntilTheCompletionAndNoLonger()
    {
        f = new SendRecvFixture();
        final byte[] payload = SendRecvFixture.bytes(512, 53);
        final long delayPs = 100 * US;
        final long[] sentAt = new long[1];
        f.run((d, s, self, ctl) ->
        {
            final long src = SendRecvFixture.filled(d, payload);
            d.register(s, src, payload.length, Winsock.MEM_READ);
            for (int round = 0; round < 2; round++)
            {
                SendRecvFixture.await(d, s, ctl, 6);
                self.sleep(delayPs);
                sentAt[0] = self.nowPs();
                final WSAOVERLAPPED ov = SwitchDriver.polled();
                d.expectPending(d.send(s, src, payload.length, ov));
                assertEquals(0, d.result(s, ov)[0]);
            }
        }, (d, s, self, ctl) ->
        {
            final long dst = d.process.allocate(4096);
            d.register(s, dst, 4096, Winsock.MEM_WRITE);
            for (final boolean polled : new boolean[] {true, false})
            {
                final WSAOVERLAPPED ov = polled ? SwitchDriver.polled() : new WSAOVERLAPPED();
                if (!polled)
                {
                    ov.hEvent = d.process.upcalls().WPUCreateEvent(new IntHolder());
                }
                d.expectPending(d.recv(s, dst, 4096, ov));
                sentAt[0] = 0;
                SendRecvFixture.signal(d, s, ctl, 6);
                final long before = self.nowPs();
                final IntHolder bytes = new IntHolder();
                final IntHolder e = new IntHolder();
                assertTrue(d.p.WSPGetOverlappedResult(s, ov, bytes, true, new IntHolder(), e));
                final long after = self.nowPs();
                assertTrue(sentAt[0] > 0, "returned before the peer even sent");
                assertTrue(after - before >= delayPs, "blocked only " + (after - before) + " ps");
                assertTrue(after > sentAt[0] && after - sentAt[0] < 20 * US,
                    "returned " + (after - sentAt[0]) + " ps after the send was posted");
                assertEquals(payload.length, bytes.value);
                assertArrayEquals(payload, d.process.read(dst, payload.length));
                d.process.write(dst, new byte[payload.length]);
            }
        });
    }

    @Test
    void getOverlappedResultRefusesAnUnknownSocketAndANullOverlapped()
    {
        f = new SendRecvFixture();
        f.run((d, s, self, ctl) ->
        {
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            final IntHolder e = new IntHolder();
            assertFalse(d.p.WSPGetOverlappedResult(0x7777, ov, new IntHolder(), false, new IntHolder(), e));
            assertEquals(WinsockError.WSAENOTSOCK, e.value);
            assertFalse(d.p.WSPGetOverlappedResult(s, null, new IntHolder(), false, new IntHolder(), e));
            assertEquals(WinsockError.WSAEFAULT, e.value);
            assertFalse(d.p.WSPGetOverlappedResult(s, null, new IntHolder(), true, new IntHolder(), e));
            assertEquals(WinsockError.WSAEFAULT, e.value);
        }, (d, s, self, ctl) ->
        {
        });
    }
}
