package org.sansim.provider.wsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sansim.provider.wsp.api.IntHolder;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Transfers far above the NIC's translation chunk ({@code rc.maxSegmentsPerMessage} pages, 128 KiB by
 * default) through the provider, each as one operation: a 4 MiB {@code WSPRdmaWrite} into an exposed
 * target and a 1 MiB {@code WSPSend} into a 1 MiB {@code WSPRecv}, every byte checked.
 */
class LargeTransferTest
{
    private static final long LIMIT_PS = 2_000_000_000_000L;
    private static final int PORT = 5003;
    private static final int RDMA_BYTES = 4 << 20;
    private static final int SEND_BYTES = 1 << 20;
    private final WsdTestbed bed = new WsdTestbed(WsdParams.defaults());

    @AfterEach
    void close()
    {
        bed.close();
    }

    @Test
    void shouldMoveFourMebibytesByOneRdmaWriteAndOneMebibyteByOneSend()
    {
        final SwitchDriver client = new SwitchDriver(bed.process(0));
        final SwitchDriver server = new SwitchDriver(bed.process(1));
        final byte[] written = new byte[RDMA_BYTES];
        new Random(41).nextBytes(written);
        final byte[] sent = new byte[SEND_BYTES];
        new Random(42).nextBytes(sent);
        final boolean[] done = new boolean[2];
        final int serverIp = bed.host(1).ipv4();

        bed.start(1, "server", self ->
        {
            server.startup();
            final long[] listener = server.listen(PORT, 5);
            final long s = server.acceptOk(self, listener);
            final long control = server.process.allocate(4096);
            server.register(s, control, 4096, Winsock.MEM_READWRITE);
            // the 1 MiB receive, posted before the client sends
            final long sink = server.process.allocate(SEND_BYTES);
            server.register(s, sink, SEND_BYTES, Winsock.MEM_WRITE);
            final WSAOVERLAPPED big = SwitchDriver.polled();
            server.expectPending(server.recv(s, sink, SEND_BYTES, big));
            // expose the 4 MiB target, send its descriptor, wait for the client's "complete"
            final long target = server.process.allocate(RDMA_BYTES);
            final long desc = control + 1024;
            final IntHolder descLength = new IntHolder(RdmaDescriptor.LENGTH_BYTES);
            assertEquals(0, server.registerRdmaMemory.WSPRegisterRdmaMemory(s, target, RDMA_BYTES, Winsock.MEM_WRITE,
                desc, descLength, server.err));
            final WSAOVERLAPPED fin = SwitchDriver.polled();
            server.expectPending(server.recv(s, control + 2048, 256, fin));
            final WSAOVERLAPPED sd = SwitchDriver.polled();
            server.expectPending(server.send(s, desc, RdmaDescriptor.LENGTH_BYTES, sd));
            assertEquals(0, server.result(s, sd)[0]);
            final int[] got = server.result(s, big);
            assertEquals(0, got[0]);
            assertEquals(SEND_BYTES, got[1], "one receive takes the whole 1 MiB message");
            assertArrayEquals(sent, server.process.read(sink, SEND_BYTES));
            assertEquals(0, server.result(s, fin)[0]);
            assertArrayEquals(written, server.process.read(target, RDMA_BYTES));
            assertEquals(0, server.deregisterRdmaMemory.WSPDeregisterRdmaMemory(s, desc, RdmaDescriptor.LENGTH_BYTES,
                server.err));
            done[1] = true;
        });
        bed.start(0, "client", self ->
        {
            client.startup();
            final long s = client.connectOk(self, serverIp, PORT);
            final long control = client.process.allocate(4096);
            client.register(s, control, 4096, Winsock.MEM_READWRITE);
            final WSAOVERLAPPED rd = SwitchDriver.polled();
            client.expectPending(client.recv(s, control + 1024, 256, rd));
            final int[] got = client.result(s, rd);
            assertEquals(0, got[0]);
            assertEquals(RdmaDescriptor.LENGTH_BYTES, got[1]);
            // 1 MiB by one send
            final long source = client.process.allocate(SEND_BYTES);
            client.process.write(source, sent);
            client.register(s, source, SEND_BYTES, Winsock.MEM_READ);
            final WSAOVERLAPPED big = SwitchDriver.polled();
            client.expectPending(client.send(s, source, SEND_BYTES, big));
            final int[] sres = client.result(s, big);
            assertEquals(0, sres[0]);
            assertEquals(SEND_BYTES, sres[1]);
            // 4 MiB by one RDMA write
            final long local = client.process.allocate(RDMA_BYTES);
            client.process.write(local, written);
            final long h = client.register(s, local, RDMA_BYTES, Winsock.MEM_READ);
            final WSAOVERLAPPED wr = SwitchDriver.polled();
            client.expectPending(client.rdmaWrite(s, local, RDMA_BYTES, h, control + 1024, 0, wr));
            final int[] wres = client.result(s, wr);
            assertEquals(0, wres[0]);
            assertEquals(RDMA_BYTES, wres[1]);
            final WSAOVERLAPPED fin = SwitchDriver.polled();
            client.expectPending(client.send(s, control + 3072, 8, fin));
            assertEquals(0, client.result(s, fin)[0]);
            done[0] = true;
        });
        assertTrue(bed.runUntilDone(LIMIT_PS), "the session did not finish");
        assertTrue(done[0] && done[1]);
    }
}
