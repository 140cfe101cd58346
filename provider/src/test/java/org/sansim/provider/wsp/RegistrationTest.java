package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.provider.driver.kernel.KernelDriver;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Memory registration (wsd-spi.md §2.6, §3): {@code WSPRegisterMemory} and
 * {@code WSPDeregisterMemory} with their errors, reference counting over one shared NIC
 * registration, the registration cache (pages stay pinned, a re-registration costs no NIC
 * command), {@code WSPMemoryRegistrationCacheCallback}, the cost of registering by size, and
 * {@code WSPRegisterRdmaMemory}/{@code WSPDeregisterRdmaMemory}.
 */
class RegistrationTest
{
    private static final long UNMAPPED = 0x10;
    private SendRecvFixture f;

    @AfterEach
    void close()
    {
        if (f != null)
        {
            f.close();
        }
    }

    private static KernelDriver kernel(final SwitchDriver d)
    {
        return d.p.host.device().kernel();
    }

    /** Registers and returns the simulated time it took. */
    private static long timed(final SwitchDriver d, final long s, final long va, final int length, final long[] handle)
    {
        final long t0 = org.sansim.host.thread.SimThread.current().nowPs();
        handle[0] = d.register(s, va, length, Winsock.MEM_READ);
        return org.sansim.host.thread.SimThread.current().nowPs() - t0;
    }

    @Test
    void registerMistakesReturnTheirErrorsAndRegisterNothing()
    {
        f = new SendRecvFixture(WsdParams.defaults().withLimits(65536, WsdParams.UNLIMITED_BYTES));
        f.run((d, s, self, ctl) ->
        {
            final long buf = d.process.allocate(128 * 1024);
            final long half = d.process.allocate(4096);
            final int nic = d.p.nicRegistrations();
            final long pinned = kernel(d).pinnedPages();
            final int mrs = kernel(d).registrations();
            for (final int flags : new int[] {0, 4, 7, -1})
            {
                assertEquals(0L, d.registerMemory.WSPRegisterMemory(s, buf, 4096, flags, d.err));
                assertEquals(WinsockError.WSAEINVAL, d.err.value);
            }
            assertEquals(0L, d.registerMemory.WSPRegisterMemory(s, 0, 4096, Winsock.MEM_READ, d.err));
            assertEquals(WinsockError.WSAEFAULT, d.err.value);
            assertEquals(0L, d.registerMemory.WSPRegisterMemory(s, buf, 0, Winsock.MEM_READ, d.err));
            assertEquals(WinsockError.WSAEFAULT, d.err.value);
            assertEquals(0L, d.registerMemory.WSPRegisterMemory(s, buf, 65537, Winsock.MEM_READ, d.err));
            assertEquals(WinsockError.WSAEFAULT, d.err.value, "longer than SO_MAX_MSG_SIZE");
            assertEquals(0L, d.registerMemory.WSPRegisterMemory(s, UNMAPPED, 4096, Winsock.MEM_READ, d.err));
            assertEquals(WinsockError.WSAEFAULT, d.err.value, "unmapped");
            assertEquals(0L, d.registerMemory.WSPRegisterMemory(s, half + 2048, 8192, Winsock.MEM_WRITE, d.err));
            assertEquals(WinsockError.WSAEFAULT, d.err.value, "partly unmapped");
            assertEquals(0L, d.registerMemory.WSPRegisterMemory(0x7777, buf, 4096, Winsock.MEM_READ, d.err));
            assertEquals(WinsockError.WSAENOTSOCK, d.err.value);
            assertEquals(nic, d.p.nicRegistrations());
            assertEquals(pinned, kernel(d).pinnedPages(), "a refused registration leaves nothing pinned");
            assertEquals(mrs, kernel(d).registrations());
            // The largest allowed works.
            final long h = d.register(s, buf, 65536, Winsock.MEM_READ);
            assertEquals(nic + 1, d.p.nicRegistrations());
            assertEquals(pinned + 16, kernel(d).pinnedPages());
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h, d.err));
        }, (d, s, self, ctl) ->
        {
        });
    }

    @Test
    void deregisterRefusesUnknownForeignAndInUseHandles()
    {
        f = new SendRecvFixture();
        final byte[] payload = SendRecvFixture.bytes(1000, 81);
        f.run((d, s, self, ctl) ->
        {
            SendRecvFixture.await(d, s, ctl, 0x33);
            final long src = SendRecvFixture.filled(d, payload);
            d.register(s, src, payload.length, Winsock.MEM_READ);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.send(s, src, payload.length, ov));
            assertEquals(0, d.result(s, ov)[0]);
        }, (d, s, self, ctl) ->
        {
            final long buf = d.process.allocate(4096);
            final long h = d.register(s, buf, 4096, Winsock.MEM_WRITE);
            final long other = d.socket();
            final long otherHandle = d.register(other, buf, 4096, Winsock.MEM_WRITE);
            d.expectError(d.deregisterMemory.WSPDeregisterMemory(s, 0x1234, d.err), WinsockError.WSAEINVAL);
            d.expectError(d.deregisterMemory.WSPDeregisterMemory(s, otherHandle, d.err), WinsockError.WSAEINVAL);
            d.expectError(d.deregisterMemory.WSPDeregisterMemory(0x7777, h, d.err), WinsockError.WSAENOTSOCK);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.recv(s, buf, 4096, ov));
            d.expectError(d.deregisterMemory.WSPDeregisterMemory(s, h, d.err), WinsockError.WSAEINVAL);
            SendRecvFixture.signal(d, s, ctl, 0x33);
            final int[] r = d.result(s, ov);
            assertEquals(0, r[0]);
            assertEquals(payload.length, r[1]);
            assertArrayEquals(payload, d.process.read(buf, payload.length), "the refused deregistration broke nothing");
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h, d.err), "free once the receive is done");
            d.expectError(d.deregisterMemory.WSPDeregisterMemory(s, h, d.err), WinsockError.WSAEINVAL);
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(other, otherHandle, d.err));
        });
    }

    @Test
    void registrationsShareOneNicRegistrationAndTheCacheKeepsItPinned()
    {
        f = new SendRecvFixture();
        f.run((d, s, self, ctl) ->
        {
            final long other = d.socket();
            final long buf = d.process.allocate(64 * 1024);
            final int nic = d.p.nicRegistrations();
            final int cached = d.p.cachedRegistrations();
            final long pinned = kernel(d).pinnedPages();
            final int mrs = kernel(d).registrations();
            final long[] h = new long[1];
            final long miss = timed(d, s, buf, 64 * 1024, h);
            final long h1 = h[0];
            assertEquals(nic + 1, d.p.nicRegistrations());
            assertEquals(pinned + 16, kernel(d).pinnedPages());
            assertEquals(mrs + 1, kernel(d).registrations());
            final long h2 = d.register(s, buf, 64 * 1024, Winsock.MEM_READ);
            final long h3 = d.register(other, buf + 4096, 4096, Winsock.MEM_READ);
            assertEquals(nic + 1, d.p.nicRegistrations(), "the same buffer twice and on another socket: one registration");
            assertEquals(pinned + 16, kernel(d).pinnedPages());
            assertEquals(mrs + 1, kernel(d).registrations());
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h1, d.err));
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(other, h3, d.err));
            assertEquals(cached, d.p.cachedRegistrations(), "still referenced by h2");
            // The last reference: the registration is cached, pinned and registered.
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h2, d.err));
            assertEquals(cached + 1, d.p.cachedRegistrations());
            assertEquals(nic + 1, d.p.nicRegistrations());
            assertEquals(pinned + 16, kernel(d).pinnedPages());
            assertEquals(mrs + 1, kernel(d).registrations());
            // A re-registration hits the cache: no NIC command, much faster.
            final long hit = timed(d, s, buf + 8192, 8192, h);
            assertNotEquals(0L, h[0]);
            assertEquals(mrs + 1, kernel(d).registrations());
            assertEquals(pinned + 16, kernel(d).pinnedPages());
            assertEquals(cached, d.p.cachedRegistrations());
            assertTrue(hit * 10 < miss, "cache hit " + hit + " ps against a miss of " + miss + " ps");
            // The cached registration serves a send.
            d.process.write(buf + 8192, SendRecvFixture.bytes(100, 82));
            SendRecvFixture.await(d, s, ctl, 0x44);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.send(s, buf + 8192, 100, ov));
            assertEquals(0, d.result(s, ov)[0]);
        }, (d, s, self, ctl) ->
        {
            final long dst = d.process.allocate(4096);
            d.register(s, dst, 4096, Winsock.MEM_WRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.recv(s, dst, 4096, ov));
            SendRecvFixture.signal(d, s, ctl, 0x44);
            assertEquals(0, d.result(s, ov)[0]);
            assertArrayEquals(SendRecvFixture.bytes(100, 82), d.process.read(dst, 100));
        });
    }

    @Test
    void cacheCallbackEvictsCachedEntriesWhollyInsideTheRange()
    {
        f = new SendRecvFixture();
        f.run((d, s, self, ctl) ->
        {
            final long a = d.process.allocate(64 * 1024);
            final long b = d.process.allocate(64 * 1024);
            final long c = d.process.allocate(4096);
            final IntHolder e = new IntHolder();
            assertEquals(Winsock.SOCKET_ERROR, d.p.WSPMemoryRegistrationCacheCallback(a, 64 * 1024, e));
            assertEquals(WinsockError.WSAEINVAL, e.value, "never cached");
            final long[] h = new long[1];
            final long miss = timed(d, s, a, 64 * 1024, h);
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h[0], d.err));
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, d.register(s, b, 64 * 1024, Winsock.MEM_READ),
                d.err));
            final long inUse = d.register(s, c, 4096, Winsock.MEM_READ);
            final int cached = d.p.cachedRegistrations();
            final int nic = d.p.nicRegistrations();
            final long pinned = kernel(d).pinnedPages();
            final int mrs = kernel(d).registrations();
            // Only part of a: nothing wholly inside.
            assertEquals(Winsock.SOCKET_ERROR, d.p.WSPMemoryRegistrationCacheCallback(a, 32 * 1024, e));
            assertEquals(WinsockError.WSAEINVAL, e.value);
            // c is in use.
            assertEquals(Winsock.SOCKET_ERROR, d.p.WSPMemoryRegistrationCacheCallback(c, 4096, e));
            assertEquals(WinsockError.WSAEFAULT, e.value);
            final long lo = Math.min(Math.min(a, b), c);
            final long hi = Math.max(Math.max(a + 65536, b + 65536), c + 4096);
            assertEquals(Winsock.SOCKET_ERROR, d.p.WSPMemoryRegistrationCacheCallback(lo, hi - lo, e));
            assertEquals(WinsockError.WSAEFAULT, e.value, "a range holding an entry in use evicts nothing");
            assertEquals(cached, d.p.cachedRegistrations());
            assertEquals(nic, d.p.nicRegistrations());
            assertEquals(pinned, kernel(d).pinnedPages());
            assertEquals(mrs, kernel(d).registrations());
            // a, with a margin around it.
            assertEquals(0, d.p.WSPMemoryRegistrationCacheCallback(a - 4096, 64 * 1024 + 8192, e));
            assertEquals(cached - 1, d.p.cachedRegistrations());
            assertEquals(nic - 1, d.p.nicRegistrations());
            assertEquals(pinned - 16, kernel(d).pinnedPages(), "its pages are unpinned");
            assertEquals(mrs - 1, kernel(d).registrations(), "and its NIC registration is gone");
            assertEquals(Winsock.SOCKET_ERROR, d.p.WSPMemoryRegistrationCacheCallback(a, 64 * 1024, e));
            assertEquals(WinsockError.WSAEINVAL, e.value, "evicted already");
            // Registering a again is a miss: it costs a NIC registration again.
            final long again = timed(d, s, a, 64 * 1024, h);
            assertEquals(mrs, kernel(d).registrations());
            assertTrue(again * 2 > miss, "a miss again: " + again + " ps against " + miss + " ps");
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, inUse, d.err));
            assertEquals(0, d.p.WSPMemoryRegistrationCacheCallback(c, 4096, e));
        }, (d, s, self, ctl) ->
        {
        });
    }

    @Test
    void aLargerBufferTakesLongerToRegister()
    {
        f = new SendRecvFixture();
        final int[] sizes = {4096, 64 * 1024, 512 * 1024, 2 * 1024 * 1024};
        final long[] took = new long[sizes.length];
        f.run((d, s, self, ctl) ->
        {
            final long[] h = new long[1];
            for (int i = 0; i < sizes.length; i++)
            {
                took[i] = timed(d, s, d.process.allocate(sizes[i]), sizes[i], h);
            }
        }, (d, s, self, ctl) ->
        {
        });
        for (int i = 1; i < sizes.length; i++)
        {
            assertTrue(took[i] > took[i - 1], java.util.Arrays.toString(took));
        }
        // Per page, roughly: the step from 128 to 512 pages costs more than the step from 1 to 16.
        assertTrue(took[3] - took[2] > took[1] - took[0], java.util.Arrays.toString(took));
    }

    @Test
    void rdmaRegistrationProbesFlagsDescriptorAndDeregistration()
    {
        f = new SendRecvFixture();
        final byte[] payload = SendRecvFixture.bytes(3000, 83);
        f.run((d, s, self, ctl) ->
        {
            // MEM_READWRITE: the peer may both write and read.
            final long desc = RdmaTransferTest.receiveDescriptor(d, s, ctl + 1024);
            final long local = SendRecvFixture.filled(d, payload);
            final long back = d.process.allocate(4096);
            final long h = d.register(s, local, payload.length, Winsock.MEM_READ);
            final long hb = d.register(s, back, 4096, Winsock.MEM_WRITE);
            final WSAOVERLAPPED w = SwitchDriver.polled();
            d.expectPending(d.rdmaWrite(s, local, payload.length, h, desc, 100, w));
            assertEquals(0, d.result(s, w)[0]);
            final WSAOVERLAPPED r = SwitchDriver.polled();
            d.expectPending(d.rdmaRead(s, back, payload.length, hb, desc, 100, r));
            final int[] rr = d.result(s, r);
            assertEquals(0, rr[0]);
            assertEquals(payload.length, rr[1]);
            assertArrayEquals(payload, d.process.read(back, payload.length));
            SendRecvFixture.signal(d, s, ctl, 0x55);
        }, (d, s, self, ctl) ->
        {
            final long buf = d.process.allocate(8192);
            final long desc = ctl + 1024;
            final int nic = d.p.nicRegistrations();
            // The switch's probe for the descriptor size.
            for (final int room : new int[] {0, 23})
            {
                final IntHolder len = new IntHolder(room);
                d.expectError(d.registerRdmaMemory.WSPRegisterRdmaMemory(s, buf, 8192, Winsock.MEM_WRITE, desc, len,
                    d.err), WinsockError.WSAEFAULT);
                assertEquals(RdmaDescriptor.LENGTH_BYTES, len.value);
            }
            final IntHolder len = new IntHolder(64);
            d.expectError(d.registerRdmaMemory.WSPRegisterRdmaMemory(s, buf, 8192, 0, desc, len, d.err),
                WinsockError.WSAEINVAL);
            d.expectError(d.registerRdmaMemory.WSPRegisterRdmaMemory(s, buf, 8192, 5, desc, len, d.err),
                WinsockError.WSAEINVAL);
            d.expectError(d.registerRdmaMemory.WSPRegisterRdmaMemory(s, 0, 8192, Winsock.MEM_WRITE, desc, len, d.err),
                WinsockError.WSAEFAULT);
            d.expectError(d.registerRdmaMemory.WSPRegisterRdmaMemory(s, UNMAPPED, 8192, Winsock.MEM_WRITE, desc, len,
                d.err), WinsockError.WSAEFAULT);
            d.expectError(d.registerRdmaMemory.WSPRegisterRdmaMemory(0x7777, buf, 8192, Winsock.MEM_WRITE, desc, len,
                d.err), WinsockError.WSAENOTSOCK);
            assertEquals(nic, d.p.nicRegistrations(), "nothing registered by a refused call");
            assertEquals(64, len.value);
            assertEquals(0, d.registerRdmaMemory.WSPRegisterRdmaMemory(s, buf, 8192, Winsock.MEM_READWRITE, desc, len,
                d.err));
            assertEquals(RdmaDescriptor.LENGTH_BYTES, len.value);
            assertEquals(buf, d.process.process().addressSpace().getLongLE(desc + RdmaDescriptor.IOVA_OFFSET));
            assertEquals(8192, d.process.process().addressSpace().getIntLE(desc + RdmaDescriptor.LENGTH_OFFSET));
            final WSAOVERLAPPED sd = SwitchDriver.polled();
            d.expectPending(d.send(s, desc, RdmaDescriptor.LENGTH_BYTES, sd));
            assertEquals(0, d.result(s, sd)[0]);
            SendRecvFixture.await(d, s, ctl, 0x55);
            assertArrayEquals(payload, d.process.read(buf + 100, payload.length));
            // Deregistration: short, unknown, wrong socket, then right, then again.
            d.expectError(d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, desc, 23, d.err), WinsockError.WSAEINVAL);
            final long bogus = ctl + 2048;
            d.process.write(bogus, new byte[RdmaDescriptor.LENGTH_BYTES]);
            d.expectError(d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, bogus, 24, d.err), WinsockError.WSAEINVAL);
            d.expectError(d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, UNMAPPED, 24, d.err),
                WinsockError.WSAEINVAL);
            d.expectError(d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(d.socket(), desc, 24, d.err),
                WinsockError.WSAEINVAL);
            d.expectError(d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(0x7777, desc, 24, d.err),
                WinsockError.WSAENOTSOCK);
            assertEquals(nic + 1, d.p.nicRegistrations());
            assertEquals(0, d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, desc, 24, d.err));
            assertEquals(nic, d.p.nicRegistrations(), "remote access is revoked, not cached");
            d.expectError(d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, desc, 24, d.err), WinsockError.WSAEINVAL);
        });
    }
}
