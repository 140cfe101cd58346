package org.sansim.tools.workload;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * A scenario's workload (the {@code workload} section of a scenario file, {@code --set workload.*}),
 * run by simulated threads of the hosts on verbs or through the WSD provider ({@code api}). Every flow
 * moves {@code flowBytes} (or a size drawn from {@code sizes}) as RDMA WRITEs of {@code messageBytes},
 * at most {@code txDepth} in flight per flow; a flow completes when its last WRITE's completion is
 * polled.
 *
 * @param kind what traffic to run
 * @param messageBytes bytes per message (per ping in a ping-pong, per WRITE of a flow, per request)
 * @param flowBytes bytes each flow moves (not used by a ping-pong); the largest of {@code uniform}
 * @param iterations round trips of a ping-pong; requests per client of a request-response
 * @param txDepth WRITEs in flight per flow
 * @param receiver the host every incast sender sends to; the server of a request-response
 * @param senders incast senders or request-response clients (the hosts after the receiver, wrapping
 *     around); 0: every other host
 * @param api the interface the threads use: verbs or the WSD provider
 * @param responseBytes bytes of each response of a request-response
 * @param serviceTimePs CPU time the server spends on each request before it answers
 * @param thinkTimePs mean of the exponential think time of a request-response client between a
 *     response and its next request; 0: none
 * @param sizes flow sizes of a Poisson workload: {@code fixed} ({@code flowBytes}), {@code uniform}
 *     ({@code minFlowBytes} to {@code flowBytes}), {@code websearch}, {@code hadoop}, or a CDF file
 * @param minFlowBytes the smallest size of {@code uniform}
 * @param load offered load of a Poisson workload: the fraction of each host's link rate its arrivals
 *     carry (destinations are uniform, so each receiver is offered the same on average)
 * @param flows flows of a Poisson workload, over all hosts
 * @param qpsPerHost stream: connections (QPs) from host 0 to host 1, each with its own flow
 * @param threadsPerHost stream: sending threads on host 0, the connections dealt round robin
 * @param workingSetBytes bytes of each host's buffer a flow's WRITEs spread over, at both ends: each
 *     WRITE goes to a {@code messageBytes} slot drawn at random (from the run's seed) among
 *     {@code workingSetBytes / messageBytes}, so a working set beyond the translation unit's reach
 *     makes it miss; 0: every WRITE uses the same slot
 */
public record WorkloadParams(
    @Param(unit = Param.ENUM, description = "PINGPONG, STREAM, INCAST, ALLTOALL, PERMUTATION, REQRESP or POISSON")
    Kind kind,
    @Param(unit = Param.BYTES, description = "bytes per message: per ping, per request, or per RDMA WRITE of a flow")
    long messageBytes,
    @Param(unit = Param.BYTES, description = "bytes each flow moves; the largest size of sizes=uniform") long flowBytes,
    @Param(unit = Param.COUNT, description = "round trips of a ping-pong; requests per request-response client")
    int iterations,
    @Param(unit = Param.COUNT, description = "RDMA WRITEs in flight per flow, 1 to 32") int txDepth,
    @Param(unit = Param.COUNT, description = "incast: the host every sender sends to; reqresp: the server")
    int receiver,
    @Param(unit = Param.COUNT, description = "incast senders or reqresp clients (hosts after the receiver); 0: all")
    int senders,
    @Param(unit = Param.ENUM, description = "VERBS, WSP (the WSD provider) or SOCKETS (the switch over it): what the threads call") Api api,
    @Param(unit = Param.BYTES, description = "reqresp: bytes of each response") long responseBytes,
    @Param(unit = Param.PS, description = "reqresp: the server's CPU time per request before it answers")
    long serviceTimePs,
    @Param(unit = Param.PS, description = "reqresp: mean exponential think time between a response and the next "
        + "request; 0: none") long thinkTimePs,
    @Param(description = "poisson: flow sizes: fixed, uniform, websearch, hadoop, or a 'size cumulative' file")
    String sizes,
    @Param(unit = Param.BYTES, description = "poisson: the smallest size of sizes=uniform") long minFlowBytes,
    @Param(unit = Param.RATIO, description = "poisson: offered load, a fraction of each host's link rate") double load,
    @Param(unit = Param.COUNT, description = "poisson: flows over all hosts") int flows,
    @Param(unit = Param.COUNT, description = "stream: connections (QPs) from host 0 to host 1, one flow each")
    int qpsPerHost,
    @Param(unit = Param.COUNT, description = "stream: sending threads on host 0, connections dealt round robin")
    int threadsPerHost,
    @Param(unit = Param.BYTES, description = "bytes each flow's WRITEs spread over at random slots at both ends; "
        + "0: one slot")
    long workingSetBytes)
    implements Validated
{
    /** Most WRITEs in flight per flow: the send ring has 64 blocks, one per WRITE. */
    public static final int MAX_TX_DEPTH = 32;
    /** Largest message: one RDMA WRITE of at most 1 GiB. */
    public static final long MAX_MESSAGE_BYTES = 1L << 30;
    /** Most connections or threads per host of a stream. */
    public static final int MAX_PER_HOST = 256;

    /** Largest working set: 1 GiB of each host's simulated memory. */
    public static final long MAX_WORKING_SET_BYTES = 1L << 30;

    /** What traffic a workload runs. */
    public enum Kind
    {
        /** Host 0 and host 1 bounce a SEND back and forth; latency is half the round trip. */
        PINGPONG,
        /** One flow from host 0 to host 1 (write_bw-like), or one per QP with {@code qpsPerHost}. */
        STREAM,
        /** N to 1: every sender sends one flow to the receiver at once. */
        INCAST,
        /** Every host sends one flow to every other host at once. */
        ALLTOALL,
        /** Every host sends one flow to another, by a random permutation without fixed points (seeded). */
        PERMUTATION,
        /** Closed loop per client: a request, the server's service time, a response, a think time. */
        REQRESP,
        /** Flows arriving at every host as a Poisson process at a target load, sizes from a distribution. */
        POISSON
    }

    /** The interface a workload's threads call. */
    public enum Api
    {
        /** The verbs API: posts, polls and completion events on the hosts' devices. */
        VERBS,
        /** The WSD provider's SPI: WSPSend, WSPRecv, WSPRdmaWrite on connected SAN sockets. */
        WSP,
        /** Stream sockets of the Windows Sockets switch model over the WSD provider: blocking send and recv. */
        SOCKETS
    }

    /**
     * The workloads of before {@code api} and the request-response and Poisson parameters: the rest at
     * their defaults.
     *
     * @param kind what traffic to run
     * @param messageBytes bytes per message
     * @param flowBytes bytes each flow moves
     * @param iterations round trips of a ping-pong
     * @param txDepth WRITEs in flight per flow
     * @param receiver the incast receiver
     * @param senders incast senders; 0: all others
     */
    public WorkloadParams(final Kind kind, final long messageBytes, final long flowBytes, final int iterations,
        final int txDepth, final int receiver, final int senders)
    {
        this(kind, messageBytes, flowBytes, iterations, txDepth, receiver, senders, 0);
    }

    /**
     * As the seven-argument constructor, with a working set for the stream's WRITEs.
     *
     * @param kind what traffic to run
     * @param messageBytes bytes per message
     * @param flowBytes bytes each flow moves
     * @param iterations round trips of a ping-pong
     * @param txDepth WRITEs in flight per flow
     * @param receiver the incast receiver
     * @param senders incast senders; 0: all others
     * @param workingSetBytes bytes the WRITEs spread over; 0: one slot
     */
    public WorkloadParams(final Kind kind, final long messageBytes, final long flowBytes, final int iterations,
        final int txDepth, final int receiver, final int senders, final long workingSetBytes)
    {
        this(kind, messageBytes, flowBytes, iterations, txDepth, receiver, senders, Api.VERBS, 64, 0, 0, "fixed", 1,
            0.5, 100, 1, 1, workingSetBytes);
    }

    /**
     * Every parameter but the working set (one slot).
     *
     * @param kind what traffic to run
     * @param messageBytes bytes per message
     * @param flowBytes bytes each flow moves
     * @param iterations round trips of a ping-pong
     * @param txDepth messages in flight per flow
     * @param receiver the incast receiver or request-response server
     * @param senders incast senders or request-response clients
     * @param api verbs or WSP
     * @param responseBytes request-response: bytes of each response
     * @param serviceTimePs request-response: the server's CPU time per request
     * @param thinkTimePs request-response: mean think time
     * @param sizes Poisson: the flow-size distribution
     * @param minFlowBytes Poisson: the smallest size of a uniform distribution
     * @param load Poisson: offered load
     * @param flows Poisson: flows over all hosts
     * @param qpsPerHost stream: connections
     * @param threadsPerHost stream: sending threads
     */
    public WorkloadParams(final Kind kind, final long messageBytes, final long flowBytes, final int iterations,
        final int txDepth, final int receiver, final int senders, final Api api, final long responseBytes,
        final long serviceTimePs, final long thinkTimePs, final String sizes, final long minFlowBytes,
        final double load, final int flows, final int qpsPerHost, final int threadsPerHost)
    {
        this(kind, messageBytes, flowBytes, iterations, txDepth, receiver, senders, api, responseBytes, serviceTimePs,
            thinkTimePs, sizes, minFlowBytes, load, flows, qpsPerHost, threadsPerHost, 0);
    }

    /**
     * @return a ping-pong of 1000 round trips of 64 B on verbs; 1 MiB flows of 64 KiB WRITEs, 16 in
     *     flight; requests of 64 B answered with 64 B; Poisson flows of 1 MiB at half the link rate
     */
    public static WorkloadParams defaults()
    {
        return new WorkloadParams(Kind.PINGPONG, 64, 1L << 20, 1000, 16, 0, 0, 0);
    }

    /** @return messages per flow: {@code flowBytes / messageBytes}, rounded up */
    public long messagesPerFlow()
    {
        return (flowBytes + messageBytes - 1) / messageBytes;
    }

    @Override
    public void validate()
    {
        if (kind == null || api == null)
        {
            throw new ParamsException("kind must be one of " + java.util.Arrays.toString(Kind.values())
                + " and api one of " + java.util.Arrays.toString(Api.values()));
        }
        if (messageBytes < 1 || messageBytes > MAX_MESSAGE_BYTES)
        {
            throw new ParamsException("messageBytes must be in [1 B, 1 GiB], got " + messageBytes);
        }
        if (flowBytes < 1)
        {
            throw new ParamsException("flowBytes must be positive, got " + flowBytes);
        }
        if (messagesPerFlow() > Integer.MAX_VALUE / 2)
        {
            throw new ParamsException("flowBytes / messageBytes must be below 2^30 messages, got " + messagesPerFlow());
        }
        if (iterations < 1)
        {
            throw new ParamsException("iterations must be positive, got " + iterations);
        }
        if (txDepth < 1 || txDepth > MAX_TX_DEPTH)
        {
            throw new ParamsException("txDepth must be in [1, " + MAX_TX_DEPTH + "], got " + txDepth);
        }
        if (workingSetBytes < 0 || workingSetBytes > MAX_WORKING_SET_BYTES)
        {
            throw new ParamsException("workingSetBytes must be in [0, 1 GiB], got " + workingSetBytes);
        }
        if (receiver < 0 || senders < 0)
        {
            throw new ParamsException("receiver and senders must not be negative, got " + receiver + " and "
                + senders);
        }
        if (responseBytes < 1 || responseBytes > MAX_MESSAGE_BYTES)
        {
            throw new ParamsException("responseBytes must be in [1 B, 1 GiB], got " + responseBytes);
        }
        if (serviceTimePs < 0 || thinkTimePs < 0)
        {
            throw new ParamsException("serviceTimePs and thinkTimePs must not be negative");
        }
        if (sizes == null || sizes.isBlank())
        {
            throw new ParamsException("sizes must be fixed, uniform, " + String.join(", ", SizeDistribution.BUILTIN)
                + " or a file");
        }
        if (!(load > 0 && load <= 1))
        {
            throw new ParamsException("load must be in (0, 1], a fraction of the link rate, got " + load);
        }
        if (flows < 1 || minFlowBytes < 1)
        {
            throw new ParamsException("flows and minFlowBytes must be positive, got " + flows + " and " + minFlowBytes);
        }
        if (qpsPerHost < 1 || qpsPerHost > MAX_PER_HOST || threadsPerHost < 1 || threadsPerHost > qpsPerHost)
        {
            throw new ParamsException("qpsPerHost must be in [1, " + MAX_PER_HOST + "] and threadsPerHost in [1, "
                + "qpsPerHost], got " + qpsPerHost + " and " + threadsPerHost);
        }
    }
}
