package org.sansim.tools.record;

import org.sansim.hw.WqeOpcode;

/**
 * How a recording expresses the verbs activity of a thread in SanSim's trace format, whose verbs event is a
 * post ({@link org.sansim.traces.format.TraceCall.VerbsPost}). Send-queue posts use the format's opcodes as
 * they are; the other calls a replay needs to keep a thread's dependencies and pace are verbs events with
 * these pseudo-opcodes, their fields reused as documented here:
 *
 * <table>
 *   <caption>pseudo-opcodes</caption>
 *   <tr><th>opcode</th><th>means</th><th>fields</th></tr>
 *   <tr><td>{@value #RECV}</td><td>a receive posted ({@code ibv_post_recv})</td>
 *       <td>qpn, lengthBytes (the buffer's), localAddress, lkey; the rest 0, signalled true</td></tr>
 *   <tr><td>{@value #POLL_CQ}</td><td>one completion a poll ({@code ibv_poll_cq}) returned; time is when that poll
 *       was called</td><td>qpn: the completion's QP; lengthBytes: its byte count; localAddress: the CQ;
 *       lkey: entries the poll asked for; remoteAddress: picoseconds the thread spent between its previous verbs
 *       call and this poll (shared out over the idle polls the model skipped in between, if it skipped any: the
 *       pause of one polling step); rkey: 1 if the thread armed a CQ while waiting for it ({@code ibv_req_notify_cq},
 *       then slept), else 0; signalled: true for a send-queue completion, false for a receive;
 *       immediate: the completion's immediate data or null</td></tr>
 *   <tr><td>{@value #COMPUTE}</td><td>the thread computed before its next post</td>
 *       <td>lengthBytes: picoseconds; the rest 0</td></tr>
 * </table>
 *
 * Polls that return nothing are not recorded: a replay polls the way the recorded thread did (the same batch,
 * the same pause between polls, or arming and sleeping) until the completions recorded have arrived.
 * A recording whose connections the system did not set up (perf's) has no such events: a replay pairs its QPs
 * from its calls. Connections set up by the system are socket events: {@code connect} on the active host (socket: its QP,
 * peer: the passive host's name) and {@code accept} on the passive host (socket: its QP, peer: the active
 * host's name), listed first and in the set-up code's order.
 */
public final class RecordedVerbs
{
    /** Pseudo-opcode of a receive posted. */
    public static final String RECV = "RECV";
    /** Pseudo-opcode of a completion polled. */
    public static final String POLL_CQ = "POLL_CQ";
    /** Pseudo-opcode of computation before a post. */
    public static final String COMPUTE = "COMPUTE";
    /** Socket operation of a connection's active end. */
    public static final String CONNECT = "connect";
    /** Socket operation of a connection's passive end. */
    public static final String ACCEPT = "accept";

    private RecordedVerbs()
    {
    }

    /**
     * @param op a send-queue operation
     * @return its name in SanSim's trace format
     */
    public static String opcodeName(final WqeOpcode op)
    {
        return switch (op)
        {
            case SEND -> "SEND";
            case SEND_IMM -> "SEND_WITH_IMMEDIATE";
            case RDMA_WRITE -> "RDMA_WRITE";
            case RDMA_WRITE_IMM -> "RDMA_WRITE_WITH_IMMEDIATE";
            case RDMA_READ -> "RDMA_READ";
            case ATOMIC_CS -> "COMPARE_SWAP";
            case ATOMIC_FA -> "FETCH_ADD";
            case NOP -> "NOP";
        };
    }

    /**
     * @param name an opcode's name in SanSim's trace format
     * @return the send-queue operation, or null if {@code name} is none
     */
    public static WqeOpcode opcodeOf(final String name)
    {
        for (final WqeOpcode op : WqeOpcode.values())
        {
            if (opcodeName(op).equals(name))
            {
                return op;
            }
        }
        return null;
    }

    /**
     * @param op an operation
     * @return whether it carries immediate data
     */
    public static boolean hasImmediate(final WqeOpcode op)
    {
        return op == WqeOpcode.SEND_IMM || op == WqeOpcode.RDMA_WRITE_IMM;
    }
}
