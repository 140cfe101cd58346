package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.host.PageSize;
import org.sansim.host.PhysicalMemory;
import org.sansim.hw.ControlSegmentFlyweight;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.kernel.QueueMemory;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * {@code WSPRdmaWrite} and {@code WSPRdmaRead} as the switch's write-based and read-based
 * protocols use them (wsd-spi.md §1.6, §2.6, §4.2): the target's descriptor travels in a send, the
 * offset is honoured, every byte lands where it should and nowhere else; the send after a READ is
 * fenced; each caller mistake returns its error and changes nothing.
 */
class RdmaTransferTest
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

    /** Registers an RDMA target or source and sends its descriptor to the peer; returns the descriptor's address. */
    static long expose(final SwitchDriver d, final long s, final long buffer, final int length, final int flags,
        final long at)
    {
        final IntHolder descLength = new IntHolder(RdmaDescriptor.LENGTH_BYTES);
        assertEquals(0, d.registerRdmaMemory.WSPRegisterRdmaMemory(s, buffer, length, flags, at, descLength, d.err),
            () -> WinsockError.name(d.err.value));
        assertEquals(RdmaDescriptor.LENGTH_BYTES, descLength.value);
        final WSAOVERLAPPED ov = SwitchDriver.polled();
        d.expectPending(d.send(s, at, RdmaDescriptor.LENGTH_BYTES, ov));
        assertEquals(0, d.result(s, ov)[0]);
        return at;
    }

    /** Receives the peer's descriptor at {@code at}. */
    static long receiveDescriptor(final SwitchDriver d, final long s, final long at)
    {
        final WSAOVERLAPPED ov = SwitchDriver.polled();
        d.expectPending(d.recv(s, at, 64, ov));
        final int[] r = d.result(s, ov);
        assertEquals(0, r[0]);
        assertEquals(RdmaDescriptor.LENGTH_BYTES, r[1]);
        return at;
    }

    @Test
    void writeBasedTransferHonoursTheOffsetAndGathersLocalBuffers()
    {
        f = new SendRecvFixture();
        final int targetBytes = 192 * 1024;
        final int offset = 1000;
        final byte[] a = SendRecvFixture.bytes(5000, 61);
        final byte[] b = SendRecvFixture.bytes(100_000, 62);
        final byte[] c = SendRecvFixture.bytes(3, 63);
        final int total = a.length + b.length + c.length;
        f.run((d, s, self, ctl) ->
        {
            final long desc = receiveDescriptor(d, s, ctl + 1024);
            final long la = SendRecvFixture.filled(d, a);
            final long lb = d.process.allocate(b.length + c.length + 100);
            d.process.write(lb, b);
            d.process.write(lb + b.length + 50, c);
            final long ha = d.register(s, la, a.length, Winsock.MEM_READ);
            final long hb = d.register(s, lb, b.length + c.length + 100, Winsock.MEM_READWRITE);
            final WSABUFEX[] bufs = {new WSABUFEX(la, a.length, ha), new WSABUFEX(lb, b.length, hb),
                new WSABUFEX(lb + b.length + 50, c.length, hb)};
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.rdmaWrite.WSPRdmaWrite(s, bufs, 3, desc, RdmaDescriptor.LENGTH_BYTES, offset,
                new IntHolder(), 0, ov, null, null, d.err));
            assertEquals(Winsock.WSS_OPERATION_IN_PROGRESS, ov.Internal);
            final int[] r = d.result(s, ov);
            assertEquals(0, r[0]);
            assertEquals(total, r[1]);
            SendRecvFixture.signal(d, s, ctl, 0xD0);
        }, (d, s, self, ctl) ->
        {
            final long target = d.process.allocate(targetBytes);
            final byte[] before = SendRecvFixture.bytes(targetBytes, 60);
            d.process.write(target, before);
            expose(d, s, target, targetBytes, Winsock.MEM_WRITE, ctl + 1024);
            SendRecvFixture.await(d, s, ctl, 0xD0);
            final byte[] want = before.clone();
            System.arraycopy(a, 0, want, offset, a.length);
            System.arraycopy(b, 0, want, offset + a.length, b.length);
            System.arraycopy(c, 0, want, offset + a.length + b.length, c.length);
            assertArrayEquals(want, d.process.read(target, targetBytes), "the pieces at the offset, nothing else");
            assertEquals(0, d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, ctl + 1024, RdmaDescriptor.LENGTH_BYTES,
                d.err));
        });
    }

    @Test
    void readBasedTransferHonoursTheOffsetAndFencesTheNextSend()
    {
        f = new SendRecvFixture();
        final int sourceBytes = 256 * 1024;
        final int offset = 777;
        final int length = 100_000;
        final byte[] source = SendRecvFixture.bytes(sourceBytes, 64);
        final PhysicalMemory serverMemory = f.bed.underlying().testbed().node(1).memory();
        f.run((d, s, self, ctl) ->
        {
            // The sender exposes its buffer for reading, as the read-based protocol does.
            final long src = SendRecvFixture.filled(d, source);
            expose(d, s, src, sourceBytes, Winsock.MEM_READ, ctl + 1024);
            // "Transfer complete" comes from the reader; then the buffer is the application's again.
            SendRecvFixture.await(d, s, ctl, 0xE0);
            d.process.write(src, new byte[sourceBytes]);
            assertEquals(0, d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, ctl + 1024, RdmaDescriptor.LENGTH_BYTES,
                d.err));
            SendRecvFixture.await(d, s, ctl, 0xE0);
        }, (d, s, self, ctl) ->
        {
            final long desc = receiveDescriptor(d, s, ctl + 1024);
            final long dst = d.process.allocate(length + 8);
            d.process.write(dst, new byte[length + 8]);
            final long h = d.register(s, dst, length + 8, Winsock.MEM_WRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.rdmaRead(s, dst + 4, length, h, desc, offset, ov));
            assertTrue(d.p.socket(s).fenceNext, "the send after a READ is to be fenced");
            // Transfer complete, at once: the fence keeps it behind the READ.
            final SanSocket sock = d.p.socket(s);
            final QueueMemory sq = d.p.host.device().kernel().qp(sock.qp.qpn());
            final int counter = sock.qp.user().sendCounter();
            d.process.process().addressSpace().putIntLE(ctl, 0xE0);
            final WSAOVERLAPPED done = SwitchDriver.polled();
            d.expectPending(d.send(s, ctl, 4, done));
            assertFalse(sock.fenceNext, "only the next send is fenced");
            final ControlSegmentFlyweight wqe = new ControlSegmentFlyweight().wrap(serverMemory,
                sq.ringPa() + (long)(counter & ((1 << sq.logRingEntries()) - 1)) * 64);
            assertEquals(WqeOpcode.SEND.code(), wqe.opcode());
            assertTrue(wqe.fence(), "the WQE of the send after the READ carries the fence bit");
            final int[] r = d.result(s, ov);
            assertEquals(0, r[0]);
            assertEquals(length, r[1], "a READ reports the bytes read");
            assertEquals(0, d.result(s, done)[0]);
            final byte[] want = new byte[length + 8];
            System.arraycopy(source, offset, want, 4, length);
            assertArrayEquals(want, d.process.read(dst, length + 8), "every byte from the offset, nothing else");
            // The send after that is not fenced.
            final int next = sock.qp.user().sendCounter();
            final WSAOVERLAPPED plain = SwitchDriver.polled();
            d.expectPending(d.send(s, ctl, 4, plain));
            wqe.wrap(serverMemory, sq.ringPa() + (long)(next & ((1 << sq.logRingEntries()) - 1)) * 64);
            assertFalse(wqe.fence());
            assertEquals(0, d.result(s, plain)[0]);
        });
    }

    @Test
    void rdmaMistakesReturnTheirErrorsAndChangeNothing()
    {
        f = new SendRecvFixture(WsdParams.defaults().withLimits(WsdParams.UNLIMITED_BYTES, 4096));
        final byte[] payload = SendRecvFixture.bytes(4096, 65);
        f.run((d, s, self, ctl) ->
        {
            final long desc = receiveDescriptor(d, s, ctl + 1024);
            final long src = d.process.allocate(8192);
            d.process.write(src, payload);
            final long h = d.register(s, src, 8192, Winsock.MEM_READ);
            final long other = d.socket();
            final long elsewhere = d.process.allocate(4096);
            final long otherHandle = d.register(other, elsewhere, 4096, Winsock.MEM_READWRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            final IntHolder n = new IntHolder();
            final WSABUFEX[] one = {new WSABUFEX(src, 4096, h)};
            final int len = RdmaDescriptor.LENGTH_BYTES;
            final long posted = d.p.socket(s).sendsPosted;
            d.expectError(d.rdmaWrite.WSPRdmaWrite(0x7777, one, 1, desc, len, 0, n, 0, ov, null, null, d.err),
                WinsockError.WSAENOTSOCK);
            d.expectError(d.rdmaWrite.WSPRdmaWrite(other, one, 1, desc, len, 0, n, 0, ov, null, null, d.err),
                WinsockError.WSAENOTCONN);
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, one, 1, desc, len, 0, n, 0, null, null, null, d.err),
                WinsockError.WSAEINVAL);
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, one, 1, desc, len, 0, n, 0, ov, new Object(), null, d.err),
                WinsockError.WSAEINVAL);
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, one, 1, desc, len - 1, 0, n, 0, ov, null, null, d.err),
                WinsockError.WSAEINVAL);
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, one, 1, desc, len + 1, 0, n, 0, ov, null, null, d.err),
                WinsockError.WSAEINVAL);
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, one, 0, desc, len, 0, n, 0, ov, null, null, d.err),
                WinsockError.WSAEINVAL);
            final int sges = d.p.params.maxSendSges();
            final WSABUFEX[] tooMany = new WSABUFEX[sges + 1];
            for (int i = 0; i < tooMany.length; i++)
            {
                tooMany[i] = new WSABUFEX(src + i * 16, 16, h);
            }
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, tooMany, sges + 1, desc, len, 0, n, 0, ov, null, null, d.err),
                WinsockError.WSAEINVAL);
            // Local buffers: unknown handle, another socket's handle, not covered, wrong access.
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, new WSABUFEX[] {new WSABUFEX(src, 16, 0x1234)}, 1, desc, len, 0,
                n, 0, ov, null, null, d.err), WinsockError.WSAEFAULT);
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, new WSABUFEX[] {new WSABUFEX(elsewhere, 16, otherHandle)}, 1,
                desc, len, 0, n, 0, ov, null, null, d.err), WinsockError.WSAEFAULT);
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, new WSABUFEX[] {new WSABUFEX(src + 8000, 400, h)}, 1, desc, len,
                0, n, 0, ov, null, null, d.err), WinsockError.WSAEFAULT);
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, new WSABUFEX[] {new WSABUFEX(src, 16, h),
                new WSABUFEX(src, 16, 0x1234)}, 2, desc, len, 0, n, 0, ov, null, null, d.err), WinsockError.WSAEFAULT);
            d.expectError(d.rdmaRead.WSPRdmaRead(s, one, 1, desc, len, 0, n, 0, ov, null, null, d.err),
                WinsockError.WSAEFAULT);
            // An unmapped descriptor.
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, one, 1, 0x10, len, 0, n, 0, ov, null, null, d.err),
                WinsockError.WSAEFAULT);
            // SO_MAX_RDMA_SIZE.
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, new WSABUFEX[] {new WSABUFEX(src, 4096, h),
                new WSABUFEX(src, 1, h)}, 2, desc, len, 0, n, 0, ov, null, null, d.err), WinsockError.WSAEMSGSIZE);
            d.expectError(d.rdmaRead.WSPRdmaRead(s, new WSABUFEX[] {new WSABUFEX(src, 4097, h)}, 1, desc, len, 0, n,
                0, ov, null, null, d.err), WinsockError.WSAEMSGSIZE);
            assertEquals(0, ov.Internal);
            assertEquals(posted, d.p.socket(s).sendsPosted);
            assertFalse(d.p.socket(s).fenceNext, "a refused READ fences nothing");
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h, d.err), "no refused call holds it");
            final long h2 = d.register(s, src, 4096, Winsock.MEM_READ);
            d.expectPending(d.rdmaWrite(s, src, 4096, h2, desc, 0, ov));
            final int[] r = d.result(s, ov);
            assertEquals(0, r[0]);
            assertEquals(4096, r[1]);
            SendRecvFixture.signal(d, s, ctl, 0xF0);
        }, (d, s, self, ctl) ->
        {
            final long target = d.process.allocate(4096);
            expose(d, s, target, 4096, Winsock.MEM_READWRITE, ctl + 1024);
            SendRecvFixture.await(d, s, ctl, 0xF0);
            assertArrayEquals(payload, d.process.read(target, 4096));
        });
    }

    @Test
    void aDescriptorWhoseAddressHalfIsUnmappedIsAFault()
    {
        f = new SendRecvFixture();
        f.run((d, s, self, ctl) ->
        {
            final long two = d.process.allocate(8192);
            d.process.process().addressSpace().unmap(two, PageSize.SIZE_4K);
            // The descriptor straddles the boundary: its address field unmapped, its key mapped.
            final long desc = two + 4096 - 8;
            final long local = d.process.allocate(4096);
            final long h = d.register(s, local, 4096, Winsock.MEM_READ);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            final long posted = d.p.socket(s).sendsPosted;
            d.expectError(d.rdmaWrite(s, local, 64, h, desc, 0, ov), WinsockError.WSAEFAULT);
            assertEquals(posted, d.p.socket(s).sendsPosted);
            assertEquals(0, ov.Internal);
        }, (d, s, self, ctl) ->
        {
        });
    }

    @Test
    void rdmaReadSwitchedOffIsNotSupported()
    {
        f = new SendRecvFixture(WsdParams.defaults().withRdmaRead(false));
        f.run((d, s, self, ctl) ->
        {
            final long buf = d.process.allocate(4096);
            final long h = d.register(s, buf, 4096, Winsock.MEM_WRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectError(d.p.WSPRdmaRead(s, new WSABUFEX[] {new WSABUFEX(buf, 64, h)}, 1, ctl + 512,
                RdmaDescriptor.LENGTH_BYTES, 0, new IntHolder(), 0, ov, null, null, d.err), WinsockError.WSAEOPNOTSUPP);
            assertEquals(0, ov.Internal);
            assertFalse(d.p.socket(s).fenceNext);
        }, (d, s, self, ctl) ->
        {
        });
    }
}
