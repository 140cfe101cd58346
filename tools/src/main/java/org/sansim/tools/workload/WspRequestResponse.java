package org.sansim.tools.workload;

import java.util.List;
import org.sansim.host.thread.SimThread;
import org.sansim.provider.wsp.api.WSABUF;
import org.sansim.provider.wsp.api.WSAOVERLAPPED;
import org.sansim.random.SimRandom;

/**
 * Request-response through the WSD provider: each client's closed loop on a connected SAN socket of its own,
 * and one server thread for all of them, as the verbs workload has. A client posts a {@code WSPRecv} for the
 * response, makes a {@code WSPSend} of the request ({@code messageBytes} from the start of its buffer), reaps
 * the send and then the response ({@code responseBytes}, into the buffer's second half), and thinks for an
 * exponential time of mean {@code thinkTimePs} before its next request. Its message latency is the whole
 * request-response time, from the request's call to the response being reaped. The server keeps a receive
 * posted on every client's socket and reaps them round robin; for each request it computes the service time,
 * re-posts the receive (if the client has more to ask), and answers with a {@code WSPSend}, reaping the socket's
 * previous response first. A round that finds nothing costs {@link WspSocket#POLL_PS} of CPU.
 */
final class WspRequestResponse
{
    private WspRequestResponse()
    {
    }

    /**
     * One client's loop.
     *
     * @param self       the thread
     * @param c          its socket
     * @param flow       its flow (one message per request and its response)
     * @param params     the workload
     * @param recorder   its host's recorder
     * @param think      its think times' stream
     */
    static void client(final SimThread self, final WspSocket c, final Flow flow, final WorkloadParams params,
        final HostRecorder recorder, final SimRandom think)
    {
        final long half = responseOffset(params);
        final WSAOVERLAPPED send = WspSocket.polled();
        final WSAOVERLAPPED recv = WspSocket.polled();
        final WSABUF[] request = {new WSABUF(c.buffer, (int)params.messageBytes())};
        final WSABUF[] response = {new WSABUF(c.buffer + half, (int)params.responseBytes())};
        flow.startPs = self.nowPs();
        for (int i = 0; i < params.iterations(); i++)
        {
            c.pending(c.process.procs.lpWSPRecv.WSPRecv(c.socket, response, 1, c.ignored, c.flags, recv, null, null,
                c.err), "WSPRecv");
            final long t0 = self.nowPs();
            c.pending(c.process.procs.lpWSPSend.WSPSend(c.socket, request, 1, c.ignored, 0, send, null, null, c.err),
                "WSPSend");
            flow.posted(t0);
            c.await(self, send);
            c.await(self, recv);
            flow.completed();
            recorder.messageLatencyPs.recordValue(Math.min(self.nowPs() - t0, HostRecorder.HIGHEST_PS));
            recorder.messagesCompleted++;
            final long thinkPs = params.thinkTimePs() > 0 && i + 1 < params.iterations()
                ? Math.round(think.nextExponential() * params.thinkTimePs()) : 0;
            if (thinkPs > 0)
            {
                self.sleep(thinkPs);
            }
        }
        flow.endPs = self.nowPs();
        recorder.flowCompletionPs.recordValue(Math.min(flow.endPs - flow.startPs, HostRecorder.HIGHEST_PS));
    }

    /**
     * The server's loop over every client's socket.
     *
     * @param self    the thread
     * @param sockets the server's end of each client's socket
     * @param params  the workload
     */
    static void server(final SimThread self, final List<WspSocket> sockets, final WorkloadParams params)
    {
        final int n = sockets.size();
        final long half = responseOffset(params);
        final WSAOVERLAPPED[] recv = new WSAOVERLAPPED[n];
        final WSAOVERLAPPED[] send = new WSAOVERLAPPED[n];
        final WSABUF[][] request = new WSABUF[n][];
        final WSABUF[][] response = new WSABUF[n][];
        final int[] served = new int[n];
        final boolean[] sending = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            final WspSocket s = sockets.get(i);
            recv[i] = WspSocket.polled();
            send[i] = WspSocket.polled();
            request[i] = new WSABUF[] {new WSABUF(s.buffer, (int)params.messageBytes())};
            response[i] = new WSABUF[] {new WSABUF(s.buffer + half, (int)params.responseBytes())};
            s.pending(s.process.procs.lpWSPRecv.WSPRecv(s.socket, request[i], 1, s.ignored, s.flags, recv[i], null,
                null, s.err), "WSPRecv");
        }
        long remaining = (long)n * params.iterations();
        while (remaining > 0)
        {
            boolean progress = false;
            for (int i = 0; i < n; i++)
            {
                final WspSocket s = sockets.get(i);
                if (served[i] == params.iterations() || !s.done(recv[i]))
                {
                    continue;
                }
                progress = true;
                served[i]++;
                remaining--;
                if (params.serviceTimePs() > 0)
                {
                    self.compute(params.serviceTimePs());
                    self.sync();
                }
                if (sending[i])
                {
                    s.await(self, send[i]);
                }
                if (served[i] < params.iterations())
                {
                    s.pending(s.process.procs.lpWSPRecv.WSPRecv(s.socket, request[i], 1, s.ignored, s.flags, recv[i],
                        null, null, s.err), "WSPRecv");
                }
                s.pending(s.process.procs.lpWSPSend.WSPSend(s.socket, response[i], 1, s.ignored, 0, send[i], null,
                    null, s.err), "WSPSend");
                sending[i] = true;
            }
            if (!progress && remaining > 0)
            {
                self.compute(WspSocket.POLL_PS);
                self.sync();
            }
        }
        for (int i = 0; i < n; i++)
        {
            sockets.get(i).await(self, send[i]);
        }
    }

    /** @return where a response sits in a buffer: past the request, at a 64-byte boundary */
    static long responseOffset(final WorkloadParams params)
    {
        return (params.messageBytes() + 63) & -64L;
    }

    /** @return the buffer each end of a request-response socket registers */
    static long bufferBytes(final WorkloadParams params)
    {
        return Math.max(4096, (responseOffset(params) + params.responseBytes() + 4095) & -4096L);
    }
}
