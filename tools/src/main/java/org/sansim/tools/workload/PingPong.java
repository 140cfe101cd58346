package org.sansim.tools.workload;

import org.sansim.host.thread.SimThread;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.tools.scenario.system.SanHost;

/**
 * A SEND ping-pong between the two ends of one connection, each run by a simulated thread that
 * busy-polls its CQ every {@link #POLL_PS} of CPU time (as perftest's {@code send_lat} does): the
 * client posts a receive, sends a ping and waits for the pong; the server answers each ping. Each
 * round trip's half is one message latency; the flow completes with the last pong.
 */
final class PingPong
{
    /** Busy-poll interval of both threads. */
    static final long POLL_PS = 10_000;

    private final Flow flow;
    private final int iterations;
    private final HostRecorder recorder;
    private final PayloadVerifier verifier;

    PingPong(final Flow flow, final int iterations, final HostRecorder recorder, final PayloadVerifier verifier)
    {
        this.verifier = verifier;
        this.flow = flow;
        this.iterations = iterations;
        this.recorder = recorder;
    }

    /**
     * The pinging side.
     *
     * @param self the thread
     * @param host the client host
     * @param region its buffer: pings go from offset 0, pongs land at {@code bytes}
     * @param bytes message size
     */
    void client(final SimThread self, final SanHost host, final MemoryRegion region, final int bytes)
    {
        final Device device = host.device();
        final QueuePair qp = flow.connection().activeQp();
        final CompletionQueue cq = flow.connection().activeCq();
        final SendRequest ping = send(region, bytes);
        final RecvRequest pong = new RecvRequest(1).clear().addSge(region.va() + bytes, bytes, region.lkey());
        final WorkCompletion[] wcs = {new WorkCompletion(), new WorkCompletion()};
        flow.startPs = self.nowPs();
        for (int i = 0; i < iterations; i++)
        {
            check(device.postRecv(qp, pong), host, "post a receive");
            final long startPs = self.nowPs();
            if (verifier != null)
            {
                verifier.fill(host.process(), region.va(), Verification.PING, i);
            }
            check(device.postSend(qp, ping), host, "post a SEND");
            flow.posted(startPs);
            awaitReceive(self, device, cq, wcs, host);
            if (verifier != null)
            {
                verifier.checkMessage(host.process(), region.va() + bytes, Verification.PONG, i);
            }
            flow.completed();
            final long nowPs = self.nowPs();
            recorder.messageLatencyPs.recordValue(Math.min((nowPs - startPs) / 2, HostRecorder.HIGHEST_PS));
            recorder.messagesCompleted++;
        }
        flow.endPs = self.nowPs();
        recorder.flowCompletionPs.recordValue(Math.min(flow.endPs - flow.startPs, HostRecorder.HIGHEST_PS));
    }

    /**
     * The answering side.
     *
     * @param self the thread
     * @param host the server host
     * @param region its buffer: pings land at {@code bytes}, pongs go from offset 0
     * @param bytes message size
     */
    void server(final SimThread self, final SanHost host, final MemoryRegion region, final int bytes)
    {
        final Device device = host.device();
        final QueuePair qp = flow.connection().passiveQp();
        final CompletionQueue cq = flow.connection().passiveCq();
        final SendRequest pong = send(region, bytes);
        final RecvRequest ping = new RecvRequest(1).clear().addSge(region.va() + bytes, bytes, region.lkey());
        final WorkCompletion[] wcs = {new WorkCompletion(), new WorkCompletion()};
        check(device.postRecv(qp, ping), host, "post a receive");
        int sends = 0;
        for (int i = 0; i < iterations; i++)
        {
            sends += awaitReceive(self, device, cq, wcs, host);
            if (verifier != null)
            {
                verifier.checkMessage(host.process(), region.va() + bytes, Verification.PING, i);
                verifier.fill(host.process(), region.va(), Verification.PONG, i);
            }
            if (i + 1 < iterations)
            {
                check(device.postRecv(qp, ping), host, "post a receive");
            }
            check(device.postSend(qp, pong), host, "post a SEND");
        }
        // The last pong's completion, so the server's QP is idle when the run ends.
        while (sends < iterations)
        {
            final int n = device.pollCq(cq, wcs, wcs.length);
            sends += n;
            if (n == 0)
            {
                self.compute(POLL_PS);
                self.sync();
            }
        }
    }

    private static SendRequest send(final MemoryRegion region, final int bytes)
    {
        return new SendRequest(1, 0).clear().opcode(WqeOpcode.SEND).signalled(true)
            .addSge(region.va(), bytes, region.lkey());
    }

    /**
     * Polls until a receive completes.
     *
     * @return the send completions found on the way
     */
    private static int awaitReceive(final SimThread self, final Device device, final CompletionQueue cq,
        final WorkCompletion[] wcs, final SanHost host)
    {
        int sends = 0;
        while (true)
        {
            final int n = device.pollCq(cq, wcs, wcs.length);
            boolean received = false;
            for (int i = 0; i < n; i++)
            {
                if (wcs[i].status() != WcStatus.SUCCESS)
                {
                    throw new IllegalStateException(host + ": ping-pong completion with " + wcs[i].status());
                }
                if (wcs[i].opcode() == WcOpcode.RECV)
                {
                    received = true;
                }
                else
                {
                    sends++;
                }
            }
            if (received)
            {
                return sends;
            }
            self.compute(POLL_PS);
            self.sync();
        }
    }

    private static void check(final int rc, final SanHost host, final String what)
    {
        if (rc != 0)
        {
            throw new IllegalStateException(host + ": could not " + what + ": " + rc);
        }
    }
}
