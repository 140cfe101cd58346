package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * The switch's session as the reference describes it (wsd-spi.md §1.5, §1.6): connect, listen and
 * accept, session negotiation over registered control buffers, then bulk transfer both ways by
 * buffer copy (send/receive) and by RDMA (write-based and read-based), every byte checked.
 */
class BulkTransferTest
{
    private static final long LIMIT_PS = 2_000_000_000_000L;
    private static final int PORT = 5001;
    private final WsdTestbed bed = new WsdTestbed(WsdParams.defaults());

    @AfterEach
    void close()
    {
        bed.close();
    }

    @Test
    void negotiationThenCopyAndRdmaTransfersBothWaysDeliverEveryByte()
    {
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final byte[] bulk = new byte[256 * 1024];
        new Random(11).nextBytes(bulk);
        final byte[] reply = new byte[64 * 1024];
        new Random(12).nextBytes(reply);
        final boolean[] done = new boolean[2];
        final int serverIp = bed.host(1).ipv4();

        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] listener = server.listen(PORT, 5);
            final long s = server.acceptOk(self, listener);
            // Negotiation: post receives on registered control buffers, exchange credit counts.
            final long control = server.process.allocate(4096);
            server.register(s, control, 4096, Winsock.MEM_READWRITE);
            final WSAOVERLAPPED r = SwitchDriver.polled();
            server.expectPending(server.recv(s, control, 256, r));
            assertEquals(0, server.result(s, r)[0]);
            assertEquals(12, server.process.process().addressSpace().getIntLE(control));
            server.process.process().addressSpace().putIntLE(control + 512, 16);
            final WSAOVERLAPPED w = SwitchDriver.polled();
            server.expectPending(server.send(s, control + 512, 256, w));
            assertEquals(0, server.result(s, w)[0]);
            // Bulk by copy: the client sends 256 KiB in 16 KiB messages.
            final long sink = server.process.allocate(bulk.length);
            server.register(s, sink, bulk.length, Winsock.MEM_WRITE);
            final int chunk = 16 * 1024;
            for (int off = 0; off < bulk.length; off += chunk)
            {
                final WSAOVERLAPPED ov = SwitchDriver.polled();
                server.expectPending(server.recv(s, sink + off, chunk, ov));
                final int[] res = server.result(s, ov);
                assertEquals(0, res[0]);
                assertEquals(chunk, res[1]);
            }
            assertArrayEquals(bulk, server.process.read(sink, bulk.length));
            // Write-based RDMA: expose a target, send its descriptor, wait for "complete".
            final long target = server.process.allocate(reply.length);
            final long desc = control + 1024;
            final IntHolder descLength = new IntHolder(RdmaDescriptor.LENGTH_BYTES);
            assertEquals(0, server.registerRdmaMemory.WSPRegisterRdmaMemory(s, target, reply.length,
                Winsock.MEM_WRITE, desc, descLength, server.err));
            final WSAOVERLAPPED rc = SwitchDriver.polled();
            server.expectPending(server.recv(s, control + 2048, 256, rc));
            final WSAOVERLAPPED sd = SwitchDriver.polled();
            server.expectPending(server.send(s, desc, RdmaDescriptor.LENGTH_BYTES, sd));
            assertEquals(0, server.result(s, sd)[0]);
            assertEquals(0, server.result(s, rc)[0]);
            assertArrayEquals(reply, server.process.read(target, reply.length));
            assertEquals(0, server.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, desc, RdmaDescriptor.LENGTH_BYTES,
                server.err));
            done[1] = true;
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long s = client.connectOk(self, serverIp, PORT);
            final long control = client.process.allocate(4096);
            final long controlHandle = client.register(s, control, 4096, Winsock.MEM_READWRITE);
            final WSAOVERLAPPED r = SwitchDriver.polled();
            client.expectPending(client.recv(s, control + 512, 256, r));
            client.process.process().addressSpace().putIntLE(control, 12);
            final WSAOVERLAPPED w = SwitchDriver.polled();
            client.expectPending(client.send(s, control, 256, w));
            assertEquals(0, client.result(s, w)[0]);
            assertEquals(0, client.result(s, r)[0]);
            assertEquals(16, client.process.process().addressSpace().getIntLE(control + 512));
            final long source = client.process.allocate(bulk.length);
            client.process.write(source, bulk);
            client.register(s, source, bulk.length, Winsock.MEM_READ);
            final int chunk = 16 * 1024;
            for (int off = 0; off < bulk.length; off += chunk)
            {
                final WSAOVERLAPPED ov = SwitchDriver.polled();
                client.expectPending(client.send(s, source + off, chunk, ov));
                assertEquals(0, client.result(s, ov)[0]);
            }
            // Write-based RDMA: receive the target's descriptor, write, send "complete".
            final WSAOVERLAPPED rd = SwitchDriver.polled();
            client.expectPending(client.recv(s, control + 1024, 256, rd));
            final int[] got = client.result(s, rd);
            assertEquals(0, got[0]);
            assertEquals(RdmaDescriptor.LENGTH_BYTES, got[1]);
            final long local = client.process.allocate(reply.length);
            client.process.write(local, reply);
            final long h = client.register(s, local, reply.length, Winsock.MEM_READ);
            final WSAOVERLAPPED wr = SwitchDriver.polled();
            client.expectPending(client.rdmaWrite(s, local, reply.length, h, control + 1024, 0, wr));
            final int[] wres = client.result(s, wr);
            assertEquals(0, wres[0]);
            assertEquals(reply.length, wres[1]);
            final WSAOVERLAPPED fin = SwitchDriver.polled();
            client.expectPending(client.send(s, control + 3072, 8, fin));
            assertEquals(0, client.result(s, fin)[0]);
            assertTrue(controlHandle != 0);
            done[0] = true;
        });
        assertTrue(bed.runUntilDone(LIMIT_PS), "the session did not finish");
        assertTrue(done[0] && done[1]);
    }

    @Test
    void readBasedRdmaAndCopyFromTheAcceptingSideThenCloseDeliverEveryByteAndCloseCleanly()
    {
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final byte[] block = new byte[96 * 1024];
        new Random(21).nextBytes(block);
        final byte[] copied = new byte[48 * 1024];
        new Random(22).nextBytes(copied);
        final int serverIp = bed.host(1).ipv4();
        final int chunk = 8 * 1024;

        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] listener = server.listen(PORT + 1, 5);
            final long s = server.acceptOk(self, listener);
            final long control = server.process.allocate(4096);
            server.register(s, control, 4096, Winsock.MEM_READWRITE);
            // Read-based RDMA: the client's control message carries the descriptor of its block.
            final WSAOVERLAPPED rd = SwitchDriver.polled();
            server.expectPending(server.recv(s, control, 256, rd));
            assertEquals(RdmaDescriptor.LENGTH_BYTES, server.result(s, rd)[1]);
            final long sink = server.process.allocate(block.length);
            final long sinkHandle = server.register(s, sink, block.length, Winsock.MEM_WRITE);
            final WSAOVERLAPPED read = SwitchDriver.polled();
            server.expectPending(server.rdmaRead(s, sink, block.length, sinkHandle, control, 0, read));
            final int[] got = server.result(s, read);
            assertEquals(0, got[0]);
            assertEquals(block.length, got[1]);
            assertArrayEquals(block, server.process.read(sink, block.length));
            final WSAOVERLAPPED done = SwitchDriver.polled();
            server.expectPending(server.send(s, control + 1024, 8, done));
            assertEquals(0, server.result(s, done)[0]);
            // Copy from the accepting side to the connecting side.
            final long source = server.process.allocate(copied.length);
            server.process.write(source, copied);
            server.register(s, source, copied.length, Winsock.MEM_READ);
            for (int off = 0; off < copied.length; off += chunk)
            {
                final WSAOVERLAPPED ov = SwitchDriver.polled();
                server.expectPending(server.send(s, source + off, chunk, ov));
                assertEquals(0, server.result(s, ov)[0]);
            }
            // The client closes: this side's pending receive completes with WSAECONNRESET.
            final WSAOVERLAPPED last = SwitchDriver.polled();
            server.expectPending(server.recv(s, control + 2048, 256, last));
            assertEquals(WinsockError.WSAECONNRESET, server.result(s, last)[0]);
            assertEquals(0, server.procs.lpWSPCloseSocket.WSPCloseSocket(s, server.err));
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long s = client.connectOk(self, serverIp, PORT + 1);
            final long control = client.process.allocate(4096);
            client.register(s, control, 4096, Winsock.MEM_READWRITE);
            final long source = client.process.allocate(block.length);
            client.process.write(source, block);
            final IntHolder descLength = new IntHolder(0);
            assertEquals(Winsock.SOCKET_ERROR, client.registerRdmaMemory.WSPRegisterRdmaMemory(s, source,
                block.length, Winsock.MEM_READ, control, descLength, client.err), "the switch probes the size");
            assertEquals(WinsockError.WSAEFAULT, client.err.value);
            assertEquals(RdmaDescriptor.LENGTH_BYTES, descLength.value);
            assertEquals(0, client.registerRdmaMemory.WSPRegisterRdmaMemory(s, source, block.length,
                Winsock.MEM_READ, control, descLength, client.err));
            final WSAOVERLAPPED complete = SwitchDriver.polled();
            client.expectPending(client.recv(s, control + 512, 256, complete));
            final WSAOVERLAPPED sd = SwitchDriver.polled();
            client.expectPending(client.send(s, control, RdmaDescriptor.LENGTH_BYTES, sd));
            assertEquals(0, client.result(s, sd)[0]);
            assertEquals(0, client.result(s, complete)[0]);
            assertEquals(0, client.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, control,
                RdmaDescriptor.LENGTH_BYTES, client.err));
            final long sink = client.process.allocate(copied.length);
            client.register(s, sink, copied.length, Winsock.MEM_WRITE);
            for (int off = 0; off < copied.length; off += chunk)
            {
                final WSAOVERLAPPED ov = SwitchDriver.polled();
                client.expectPending(client.recv(s, sink + off, chunk, ov));
                final int[] got = client.result(s, ov);
                assertEquals(0, got[0]);
                assertEquals(chunk, got[1]);
            }
            assertArrayEquals(copied, client.process.read(sink, copied.length));
            final java.util.List<String> before = client.process.upcalls().log();
            assertEquals(0, client.procs.lpWSPCloseSocket.WSPCloseSocket(s, client.err));
            final java.util.List<String> after = client.process.upcalls().log();
            assertTrue(after.get(after.size() - 1).startsWith("WPUCloseSocketHandle"), after.toString());
            assertTrue(after.size() > before.size());
            assertEquals(Winsock.SOCKET_ERROR, client.send(s, sink, 8, SwitchDriver.polled()));
            assertEquals(WinsockError.WSAENOTSOCK, client.err.value);
        });
        assertTrue(bed.runUntilDone(LIMIT_PS), "the session did not finish");
    }
}
