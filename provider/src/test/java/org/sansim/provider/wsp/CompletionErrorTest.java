package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.AfterEach;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Completion errors (wsd-spi.md §2.2, §4.2): an RDMA the peer's NIC refuses completes with
 * {@code WSAECONNABORTED} (reported through {@code WPUCompleteOverlappedRequest} when the switch
 * asked for it), the socket is latched so later calls fail at once with that code, and the other
 * requests in flight complete with {@code WSA_OPERATION_ABORTED} and 0 bytes.
 */
class CompletionErrorTest
{
    /** How the RDMA goes wrong. */
    enum Fault
    {
        /** A WRITE running past the end of the peer's registration. */
        WRITE_BEYOND_REGISTRATION,
        /** A WRITE with a remote key the peer never gave out. */
        WRITE_BAD_RKEY,
        /** A WRITE to a target exposed for reading only. */
        WRITE_TO_READ_ONLY,
        /** A READ from a target exposed for writing only. */
        READ_FROM_WRITE_ONLY,
        /** A WRITE to a target the peer has withdrawn with {@code WSPDeregisterRdmaMemory}. */
        WRITE_AFTER_DEREGISTER
    }

    private SendRecvFixture f;

    @AfterEach
    void close()
    {
        if (f != null)
        {
            f.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aRefusedRdmaAbortsTheConnectionAndLatchesTheSocket(final Fault fault)
    {
        f = new SendRecvFixture();
        final int targetBytes = 8192;
        f.run((d, s, self, ctl) ->
        {
            final long desc = RdmaTransferTest.receiveDescriptor(d, s, ctl + 1024);
            final long local = d.process.allocate(16384);
            d.process.write(local, SendRecvFixture.bytes(16384, 71));
            final long h = d.register(s, local, 16384, Winsock.MEM_READWRITE);
            final int length;
            final int offset;
            switch (fault)
            {
                case WRITE_BEYOND_REGISTRATION ->
                {
                    length = 4096;
                    offset = targetBytes - 100;
                }
                case WRITE_BAD_RKEY ->
                {
                    final long at = desc + RdmaDescriptor.RKEY_OFFSET;
                    d.process.process().addressSpace().putIntLE(at,
                        d.process.process().addressSpace().getIntLE(at) ^ 0x5A00);
                    length = 512;
                    offset = 0;
                }
                case WRITE_AFTER_DEREGISTER ->
                {
                    // The first write is allowed; then the peer withdraws the target.
                    final WSAOVERLAPPED first = SwitchDriver.polled();
                    d.expectPending(d.rdmaWrite(s, local, 512, h, desc, 0, first));
                    assertEquals(0, d.result(s, first)[0]);
                    SendRecvFixture.signal(d, s, ctl, 0x11);
                    SendRecvFixture.await(d, s, ctl, 0x22);
                    length = 512;
                    offset = 0;
                }
                default ->
                {
                    length = 512;
                    offset = 0;
                }
            }
            // Another receive and a send wait behind the RDMA; the switch asks for upcalls on the RDMA.
            final WSAOVERLAPPED pendingRecv = SwitchDriver.polled();
            d.expectPending(d.recv(s, local + 8192, 4096, pendingRecv));
            final WSAOVERLAPPED rdma = new WSAOVERLAPPED();
            rdma.hEvent = d.process.upcalls().WPUCreateEvent(new IntHolder());
            if (fault == Fault.READ_FROM_WRITE_ONLY)
            {
                d.expectPending(d.rdmaRead(s, local, length, h, desc, offset, rdma));
            }
            else
            {
                d.expectPending(d.rdmaWrite(s, local, length, h, desc, offset, rdma));
            }
            final WSAOVERLAPPED pendingSend = SwitchDriver.polled();
            d.expectPending(d.send(s, local, 64, pendingSend));
            d.process.upcalls().event(rdma.hEvent).await(self);
            final List<String> log = d.process.upcalls().log();
            assertTrue(log.contains("WPUCompleteOverlappedRequest " + d.p.socket(s).switchHandle + " WSAECONNABORTED 0"),
                log::toString);
            assertEquals(WinsockError.WSAECONNABORTED, d.result(s, rdma)[0]);
            final int[] send = d.result(s, pendingSend);
            assertEquals(WinsockError.WSA_OPERATION_ABORTED, send[0], () -> WinsockError.name(send[0]));
            assertEquals(0, send[1]);
            assertEquals(0, pendingSend.InternalHigh);
            final int[] recv = d.result(s, pendingRecv);
            assertEquals(WinsockError.WSA_OPERATION_ABORTED, recv[0], () -> WinsockError.name(recv[0]));
            assertEquals(0, recv[1]);
            // Latched: every data call now fails at once.
            final WSAOVERLAPPED later = SwitchDriver.polled();
            d.expectError(d.send(s, local, 64, later), WinsockError.WSAECONNABORTED);
            d.expectError(d.recv(s, local, 64, later), WinsockError.WSAECONNABORTED);
            d.expectError(d.rdmaWrite(s, local, 64, h, desc, 0, later), WinsockError.WSAECONNABORTED);
            assertEquals(0, later.Internal);
            assertEquals(0, d.p.socket(s).sendsInFlight());
            assertEquals(0, d.p.socket(s).recvsInFlight());
            // Nothing holds the registration any more.
            assertEquals(0, d.deregisterMemory.WSPDeregisterMemory(s, h, d.err));
        }, (d, s, self, ctl) ->
        {
            final long target = d.process.allocate(targetBytes);
            final int flags = switch (fault)
            {
                case WRITE_TO_READ_ONLY -> Winsock.MEM_READ;
                case READ_FROM_WRITE_ONLY -> Winsock.MEM_WRITE;
                default -> Winsock.MEM_READWRITE;
            };
            RdmaTransferTest.expose(d, s, target, targetBytes, flags, ctl + 1024);
            if (fault == Fault.WRITE_AFTER_DEREGISTER)
            {
                SendRecvFixture.await(d, s, ctl, 0x11);
                final int before = d.p.nicRegistrations();
                assertEquals(0, d.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, ctl + 1024,
                    RdmaDescriptor.LENGTH_BYTES, d.err));
                assertEquals(before - 1, d.p.nicRegistrations(), "remote access is revoked at the NIC");
                SendRecvFixture.signal(d, s, ctl, 0x22);
            }
        });
    }
}
