package org.sansim.traces.format;

import java.util.List;
import java.util.Objects;

/**
 * The call a {@link TraceEvent} records: a WSD provider call, a verbs post, or a socket call. Each kind has a
 * fixed set of fields, all of them kept by both forms of a trace.
 */
public sealed interface TraceCall permits TraceCall.Wsp, TraceCall.VerbsPost, TraceCall.Socket
{
    /**
     * A call into the WSD provider's SPI.
     *
     * @param function   the SPI function, for example {@code WSPSend} or {@code WSPRdmaWrite}
     * @param socket     the socket handle
     * @param sizesBytes the sizes the call names (one per buffer), possibly empty
     * @param addresses  the addresses it names (buffers, then a remote descriptor's target), possibly empty
     * @param flags      its flags argument
     * @param result     what it returned
     */
    record Wsp(String function, long socket, List<Long> sizesBytes, List<Long> addresses, int flags, int result)
        implements TraceCall
    {
        /** Copies the lists and checks for nulls. */
        public Wsp
        {
            Objects.requireNonNull(function, "function");
            sizesBytes = List.copyOf(sizesBytes);
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * A work request posted to a send queue through verbs.
     *
     * @param qpn           the QP
     * @param opcode        {@code SEND}, {@code SEND_WITH_IMMEDIATE}, {@code RDMA_WRITE}, {@code RDMA_WRITE_WITH_IMMEDIATE},
     *                      {@code RDMA_READ}, {@code COMPARE_SWAP}, {@code FETCH_ADD}...
     * @param lengthBytes   bytes the request moves
     * @param localAddress  the local buffer's address
     * @param lkey          its local key
     * @param remoteAddress the remote address (0 for SENDs)
     * @param rkey          the remote key (0 for SENDs)
     * @param signalled     whether it asks for a completion
     * @param immediate     the immediate data, or null for none
     */
    record VerbsPost(int qpn, String opcode, long lengthBytes, long localAddress, int lkey, long remoteAddress,
        int rkey, boolean signalled, Integer immediate) implements TraceCall
    {
        /** Checks for nulls. */
        public VerbsPost
        {
            Objects.requireNonNull(opcode, "opcode");
        }
    }

    /**
     * A call on a stream socket (the switch's sockets, above the provider). SanSim's recordings follow the
     * conventions of {@code org.sansim.tools.record.RecordedSockets} (which also lists {@code socket}, {@code bind},
     * {@code listen}, {@code shutdown} and a {@code compute} pseudo-operation, and what each field then holds).
     *
     * @param operation   {@code connect}, {@code accept}, {@code send}, {@code recv}, {@code close}...
     * @param socket      the socket handle
     * @param peer        the peer's address for connect and accept ({@code 10.0.0.2:5000}), else empty
     * @param sizeBytes   bytes sent or received (0 for connect and close)
     * @param thinkTime   time the thread thought (slept) before this call, in the trace's time unit
     */
    record Socket(String operation, long socket, String peer, long sizeBytes, long thinkTime) implements TraceCall
    {
        /** Checks for nulls. */
        public Socket
        {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(peer, "peer");
        }
    }
}
