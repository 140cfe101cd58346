package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSABUFEX;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * A buffer array with a missing entry (the binding's form of an array not all in the caller's
 * address space) is refused with {@code WSAEFAULT} by {@code WSPSend}, {@code WSPRecv},
 * {@code WSPRdmaWrite} and {@code WSPRdmaRead}, and changes nothing: the same calls with the array
 * whole then move the bytes. (Found by {@link SpiFuzzPropertyTest}: the provider threw a
 * {@code NullPointerException}.)
 */
class MissingBufferTest
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

    @Test
    void shouldRefuseABufferArrayWithAMissingEntryWithWsaefaultAndChangeNothing()
    {
        f = new SendRecvFixture();
        final byte[] data = SendRecvFixture.bytes(3000, 13);
        f.run((d, s, self, ctl) ->
        {
            final long buf = d.process.allocate(8192);
            d.process.write(buf, data);
            final long h = d.register(s, buf, 8192, Winsock.MEM_READWRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            final WSABUF[] holed = {new WSABUF(buf, 100), null};
            d.expectError(d.procs.lpWSPSend.WSPSend(s, holed, 2, new IntHolder(), 0, ov, null, null, d.err),
                WinsockError.WSAEFAULT);
            d.expectError(d.procs.lpWSPRecv.WSPRecv(s, new WSABUF[] {null}, 1, new IntHolder(), new IntHolder(), ov,
                null, null, d.err), WinsockError.WSAEFAULT);
            final long desc = d.process.allocate(64);
            final IntHolder dlen = new IntHolder(RdmaDescriptor.LENGTH_BYTES);
            assertEquals(0, d.registerRdmaMemory.WSPRegisterRdmaMemory(s, buf, 8192, Winsock.MEM_READWRITE, desc, dlen,
                d.err));
            final WSABUFEX[] holedEx = {null};
            d.expectError(d.rdmaWrite.WSPRdmaWrite(s, holedEx, 1, desc, RdmaDescriptor.LENGTH_BYTES, 0,
                new IntHolder(), 0, ov, null, null, d.err), WinsockError.WSAEFAULT);
            d.expectError(d.rdmaRead.WSPRdmaRead(s, new WSABUFEX[] {new WSABUFEX(buf, 8, h), null}, 2, desc,
                RdmaDescriptor.LENGTH_BYTES, 0, new IntHolder(), 0, ov, null, null, d.err), WinsockError.WSAEFAULT);
            // nothing was posted and nothing is held: the registration can go, and the whole array works
            assertEquals(0, d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, desc, RdmaDescriptor.LENGTH_BYTES,
                d.err));
            d.expectPending(d.send(s, buf, data.length, ov));
            assertEquals(0, d.result(s, ov)[0]);
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h, d.err));
        }, (d, s, self, ctl) ->
        {
            final long buf = d.process.allocate(8192);
            d.register(s, buf, 8192, Winsock.MEM_READWRITE);
            final WSAOVERLAPPED ov = SwitchDriver.polled();
            d.expectPending(d.recv(s, buf, 8192, ov));
            final int[] r = d.result(s, ov);
            assertEquals(0, r[0]);
            assertEquals(data.length, r[1]);
            assertArrayEquals(data, d.process.read(buf, data.length));
        });
    }
}
