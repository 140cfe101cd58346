package org.sansim.tools.workload;

import java.util.ArrayList;
import java.util.List;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.ThreadBody;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.tools.scenario.system.SanHost;

/**
 * The server of a request-response workload: one thread on the server host serving the requests of
 * every client connection (see {@link RequestResponse}). Each connection's receives carry the
 * connection's index as work-request ID, so a completion names the client it is from. For each request
 * it re-posts the receive, spends the service time of CPU and posts the response; it ends when every
 * client's last response has completed. Waits arm every CQ and sleep until an event.
 */
final class RequestServer implements ThreadBody
{
    private static final int POLL_BATCH = 16;

    private final SanHost host;
    private final List<Flow> flows;
    private final WorkloadParams params;
    private final List<CompletionQueue> cqs = new ArrayList<>();
    private final WorkCompletion[] wcs = new WorkCompletion[POLL_BATCH];
    private final RecvRequest[] receives;
    private final SendRequest answer;
    private final int[] served;
    private long sendsLeft;

    /**
     * @param host the server host
     * @param flows the clients' flows, their passive sides at this host
     * @param params the workload
     * @param region the server's buffer: responses go from offset 0, requests land at {@code responseBytes}
     */
    RequestServer(final SanHost host, final List<Flow> flows, final WorkloadParams params, final MemoryRegion region)
    {
        this.host = host;
        this.flows = flows;
        this.params = params;
        this.receives = new RecvRequest[flows.size()];
        this.served = new int[flows.size()];
        for (int i = 0; i < flows.size(); i++)
        {
            final CompletionQueue cq = flows.get(i).connection().passiveCq();
            if (!cqs.contains(cq))
            {
                cqs.add(cq);
            }
            receives[i] = new RecvRequest(1).clear().wrId(i).addSge(region.va() + params.responseBytes(),
                (int)params.messageBytes(), region.lkey());
        }
        for (int i = 0; i < POLL_BATCH; i++)
        {
            wcs[i] = new WorkCompletion();
        }
        answer = new SendRequest(1, 0).clear().wrId(-1).opcode(WqeOpcode.SEND).signalled(true)
            .addSge(region.va(), (int)params.responseBytes(), region.lkey());
    }

    @Override
    public void run(final SimThread self)
    {
        final Device device = host.device();
        final Runnable wake = self::unpark;
        for (int i = 0; i < flows.size(); i++)
        {
            check(device.postRecv(flows.get(i).connection().passiveQp(), receives[i]), "post a receive");
        }
        sendsLeft = (long)flows.size() * params.iterations();
        while (sendsLeft > 0)
        {
            if (pollAll(self, device) == 0)
            {
                for (int c = 0; c < cqs.size(); c++)
                {
                    device.reqNotifyCq(cqs.get(c), false, wake);
                }
                if (pollAll(self, device) == 0)
                {
                    self.park();
                }
            }
        }
    }

    private int pollAll(final SimThread self, final Device device)
    {
        int found = 0;
        for (int c = 0; c < cqs.size(); c++)
        {
            final int n = device.pollCq(cqs.get(c), wcs, POLL_BATCH);
            for (int i = 0; i < n; i++)
            {
                final WorkCompletion wc = wcs[i];
                if (wc.status() != WcStatus.SUCCESS)
                {
                    throw new IllegalStateException(host + ": request-response server completion with " + wc.status());
                }
                if (wc.opcode() == WcOpcode.RECV)
                {
                    serve(self, device, (int)wc.wrId());
                }
                else
                {
                    sendsLeft--;
                }
            }
            found += n;
        }
        return found;
    }

    private void serve(final SimThread self, final Device device, final int client)
    {
        final Flow f = flows.get(client);
        if (++served[client] < params.iterations())
        {
            check(device.postRecv(f.connection().passiveQp(), receives[client]), "post a receive");
        }
        self.compute(params.serviceTimePs());
        check(device.postSend(f.connection().passiveQp(), answer), "post a response");
    }

    private void check(final int rc, final String what)
    {
        if (rc != 0)
        {
            throw new IllegalStateException(host + ": could not " + what + ": " + rc);
        }
    }
}
