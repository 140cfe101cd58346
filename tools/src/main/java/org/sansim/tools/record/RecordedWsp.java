package org.sansim.tools.record;

/**
 * How a recording expresses the WSD provider activity of a thread in SanSim's trace format (schema version 2
 * and later), whose WSP event is a call ({@link org.sansim.traces.format.TraceCall.Wsp}); a replay of the
 * recording reads it back ({@code org.sansim.tools.replay.WspReplayPlan}). An event's time is when its call
 * was entered, on the calling thread's clock; its process is the calling process.
 *
 * <table>
 *   <caption>WSP events</caption>
 *   <tr><th>function</th><th>means</th><th>fields</th></tr>
 *   <tr><td>{@code WSPSend}, {@code WSPRecv}</td><td>an overlapped send or receive</td>
 *       <td>socket; sizesBytes: the buffers' lengths; addresses: the buffers, then the request's overlapped
 *       structure (an identifier unique in its process, from 1); result: what the call returned</td></tr>
 *   <tr><td>{@code WSPRdmaWrite}, {@code WSPRdmaRead}</td><td>an overlapped RDMA call into the peer's exposed
 *       buffer</td><td>sizesBytes: the buffers' lengths, then the offset into the peer's buffer; addresses: the
 *       buffers, the peer's descriptor, then the overlapped structure</td></tr>
 *   <tr><td>{@value #GET_OVERLAPPED_RESULT} with result 1</td><td>a poll ({@code fWait=FALSE}) that found its
 *       request complete</td><td>sizesBytes: the bytes transferred; addresses: the overlapped structure</td></tr>
 *   <tr><td>{@value #GET_OVERLAPPED_RESULT} with result 0</td><td>a run of polls of one request that found it
 *       incomplete, one after another on the thread</td><td>sizesBytes: the polls, then the CPU time between
 *       two of them (the trace's time unit); addresses: the overlapped structure</td></tr>
 *   <tr><td>{@value #COMPUTE}</td><td>the thread's time between its previous call's return and its next call
 *       (time: that return)</td><td>sizesBytes: CPU time charged, then time blocked or asleep (trace time
 *       unit); socket 0, no addresses</td></tr>
 *   <tr><td>{@value #REGISTER_MEMORY}</td><td>the data-path buffer a connection's end registered and exposed
 *       when the connection was set up</td><td>socket; sizesBytes: its length; addresses: its address</td></tr>
 * </table>
 *
 * Each connection a workload set up is, listed first and in set-up order: a socket event {@code connect} on the
 * connecting host (socket: its handle, peer: the accepting host's name, sizeBytes: its buffer) with that
 * socket's {@value #REGISTER_MEMORY}, then {@code accept} on the accepting host (peer: the connecting host) with
 * its. Calls made while connections were set up (the descriptor exchange) are not recorded, and neither are the
 * provider's own verbs posts and polls: a replay makes those again by replaying the WSP calls.
 */
public final class RecordedWsp
{
    /** A poll of an overlapped request, found complete or (a run of them) incomplete. */
    public static final String GET_OVERLAPPED_RESULT = "WSPGetOverlappedResult";
    /** Pseudo-function of a thread's time between two calls. */
    public static final String COMPUTE = "Compute";
    /** The data-path buffer of a connection's end. */
    public static final String REGISTER_MEMORY = "WSPRegisterMemory";
    /** The trace schema version from which WSP recordings carry these conventions. */
    public static final int SINCE_VERSION = 2;

    private RecordedWsp()
    {
    }
}
