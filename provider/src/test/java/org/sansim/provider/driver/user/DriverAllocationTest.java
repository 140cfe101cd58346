package org.sansim.provider.driver.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.WqeOpcode;
import org.sansim.nic.completion.CompletionRequest;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.sim.QuaternaryHeap;
import org.sansim.sim.Simulation;

class DriverAllocationTest
{
    private static final long PERIOD_PS = 2_000_000;
    private static final long ALLOWED_BYTES = 8192;

    @Test
    void shouldPostAndPollWithoutAllocatingInSteadyState()
    {
        final DriverHarness h = new DriverHarness(6, 4, HostCpuCosts.defaults(),
            new Simulation(QuaternaryHeap::new, Simulation.DEFAULT_RING_SLOTS));
        h.record = false;
        h.qp.blueFlame(true);
        final SendRequest send = new SendRequest(2, 64);
        final SendRequest inline = new SendRequest(1, 64);
        final RecvRequest recv = new RecvRequest(2);
        final byte[] data = new byte[48];
        final WorkCompletion[] wcs = {new WorkCompletion(), new WorkCompletion(), new WorkCompletion(),
            new WorkCompletion()};
        final CompletionRequest cqe = new CompletionRequest();
        final int[] counters = new int[3];
        final long[] polled = new long[2];
        final Event[] nic = new Event[1];
        nic[0] = Event.of("nic", Priority.DEFAULT, () ->
        {
            h.completion.complete(cqe.clear().cqn(DriverHarness.CQN).opcode(CqeOpcode.REQUESTER)
                .wqeOpcode(WqeOpcode.RDMA_WRITE.code()).qpn(DriverHarness.QPN).wqeCounter(counters[1]).byteCount(48));
            h.completion.complete(cqe.clear().cqn(DriverHarness.CQN).opcode(CqeOpcode.RESPONDER_SEND)
                .qpn(DriverHarness.QPN).wqeCounter(counters[2]).byteCount(100));
        });
        final Event[] host = new Event[1];
        host[0] = Event.of("host", Priority.DEFAULT, () ->
        {
            int n;
            while ((n = h.cq.poll(wcs, wcs.length)) > 0)
            {
                polled[0] += n;
                for (int i = 0; i < n; i++)
                {
                    polled[1] += wcs[i].wrId();
                }
            }
            counters[0] = h.qp.sendCounter();
            h.qp.postSend(send.clear().wrId(1).signalled(false).addSge(0x4000, 256, 1).addSge(0x5000, 64, 2));
            counters[1] = h.qp.sendCounter();
            h.qp.postSend(inline.clear().wrId(2).opcode(WqeOpcode.RDMA_WRITE).remote(0x1000, 3).inline(data, 0, 48));
            counters[2] = h.qp.recvCounter() & 0xFFFF;
            h.qp.postRecv(recv.clear().wrId(3).addSge(0x9000, 1024, 1));
            h.meter.take();
            h.part.loop().schedule(nic[0], h.nowPs() + PERIOD_PS / 2);
            h.part.loop().schedule(host[0], h.nowPs() + PERIOD_PS);
        });
        h.part.loop().schedule(host[0], 1000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        h.run(100 * PERIOD_PS);
        final long before = threads.getThreadAllocatedBytes(thread);
        final long polledBefore = h.cq.cqesPolled();
        final long deliveredBefore = h.delivered;
        h.run(1_100 * PERIOD_PS);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(2_000, h.cq.cqesPolled() - polledBefore);
        assertEquals(2_000, h.delivered - deliveredBefore);
        assertEquals(0, h.errors.size());
        assertEquals(5 * polled[0] / 2, polled[1], "wr_ids 2 (requester) and 3 (receive), one each per period");
        assertTrue(h.qp.recvOutstanding() <= 1, "at most the last period's receive is still outstanding");
        assertTrue(h.qp.blueFlameWrites() >= 1_000);
        assertTrue(allocated <= ALLOWED_BYTES, "steady-state posting and polling allocated " + allocated + " bytes");
    }
}
