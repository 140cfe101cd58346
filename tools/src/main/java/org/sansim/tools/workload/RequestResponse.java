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
import org.sansim.random.SimRandom;
import org.sansim.tools.scenario.system.SanHost;

/**
 * Closed-loop request-response on verbs SENDs. Each client (one thread on its host, one connection)
 * sends a request, waits for the response, thinks (an exponential time of mean {@code thinkTimePs},
 * drawn from the client host's own stream) and sends the next. The server is one thread that serves
 * every client's requests in the order it finds them (a single-threaded server: requests queue behind
 * its service time): it spends {@code serviceTimePs} of CPU on each and sends the response. Both sides
 * wait for completions by arming their CQs and sleeping until an event (no busy polling), so a server
 * with many clients costs events only for work. A request's latency runs from its post to the poll
 * that finds its response; a client's flow (all its requests) completes with its last response.
 */
final class RequestResponse
{
    private final Flow flow;
    private final WorkloadParams params;
    private final HostRecorder recorder;
    private final SimRandom think;

    /**
     * @param flow the client's flow (its connection; active side at the client)
     * @param params the workload: sizes, requests, service and think times
     * @param recorder the client host's recorder
     * @param think the client's stream of think times
     */
    RequestResponse(final Flow flow, final WorkloadParams params, final HostRecorder recorder, final SimRandom think)
    {
        this.flow = flow;
        this.params = params;
        this.recorder = recorder;
        this.think = think;
    }

    /**
     * The client's thread.
     *
     * @param self the thread
     * @param host the client host
     * @param region its buffer: requests go from offset 0, responses land at {@code requestBytes}
     */
    void client(final SimThread self, final SanHost host, final MemoryRegion region)
    {
        final int requestBytes = (int)params.messageBytes();
        final int responseBytes = (int)params.responseBytes();
        final Device device = host.device();
        final QueuePair qp = flow.connection().activeQp();
        final CompletionQueue cq = flow.connection().activeCq();
        final SendRequest request = send(region, 0, requestBytes);
        final RecvRequest response = new RecvRequest(1).clear().addSge(region.va() + requestBytes, responseBytes,
            region.lkey());
        final Waiter waiter = new Waiter(self, device, cq, host);
        flow.startPs = self.nowPs();
        for (int i = 0; i < params.iterations(); i++)
        {
            check(device.postRecv(qp, response), host, "post a receive");
            final long startPs = self.nowPs();
            check(device.postSend(qp, request), host, "post a request");
            flow.posted(startPs);
            waiter.awaitReceive();
            flow.completed();
            recorder.messageLatencyPs.recordValue(Math.min(self.nowPs() - startPs, HostRecorder.HIGHEST_PS));
            recorder.messagesCompleted++;
            if (params.thinkTimePs() > 0 && i + 1 < params.iterations())
            {
                self.sleep(Math.round(think.nextExponential() * params.thinkTimePs()));
            }
        }
        waiter.awaitSends(params.iterations());
        flow.endPs = self.nowPs();
        recorder.flowCompletionPs.recordValue(Math.min(flow.endPs - flow.startPs, HostRecorder.HIGHEST_PS));
    }

    private static SendRequest send(final MemoryRegion region, final long offset, final int bytes)
    {
        return new SendRequest(1, 0).clear().opcode(WqeOpcode.SEND).signalled(true)
            .addSge(region.va() + offset, bytes, region.lkey());
    }

    private static void check(final int rc, final SanHost host, final String what)
    {
        if (rc != 0)
        {
            throw new IllegalStateException(host + ": could not " + what + ": " + rc);
        }
    }

    /** Waits on one CQ by arming it and sleeping until its event; counts receives and sends. */
    private static final class Waiter
    {
        private final SimThread self;
        private final Device device;
        private final CompletionQueue cq;
        private final SanHost host;
        private final WorkCompletion[] wcs = {new WorkCompletion(), new WorkCompletion(), new WorkCompletion(),
            new WorkCompletion()};
        private final Runnable wake;
        private int receives;
        private int sends;

        Waiter(final SimThread self, final Device device, final CompletionQueue cq, final SanHost host)
        {
            this.self = self;
            this.device = device;
            this.cq = cq;
            this.host = host;
            this.wake = self::unpark;
        }

        void awaitReceive()
        {
            while (receives == 0)
            {
                await();
            }
            receives--;
        }

        void awaitSends(final int total)
        {
            while (sends < total)
            {
                await();
            }
        }

        private void await()
        {
            if (poll() == 0)
            {
                device.reqNotifyCq(cq, false, wake);
                if (poll() == 0)
                {
                    self.park();
                }
            }
        }

        private int poll()
        {
            final int n = device.pollCq(cq, wcs, wcs.length);
            for (int i = 0; i < n; i++)
            {
                if (wcs[i].status() != WcStatus.SUCCESS)
                {
                    throw new IllegalStateException(host + ": request-response completion with " + wcs[i].status());
                }
                if (wcs[i].opcode() == WcOpcode.RECV)
                {
                    receives++;
                }
                else
                {
                    sends++;
                }
            }
            return n;
        }
    }
}
