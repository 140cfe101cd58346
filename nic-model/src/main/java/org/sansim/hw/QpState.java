package org.sansim.hw;

/**
 * The state of a queue pair, and what each state allows (HARDWARE.md 12.1).
 */
public enum QpState
{
    /** Just created or reset: nothing is accepted. */
    RESET(0x0, false, false, false, false, false),
    /** Receives may be posted; nothing is processed. */
    INIT(0x1, false, true, false, false, false),
    /** Ready to receive: inbound requests are processed; sends may not be posted. */
    RTR(0x2, false, true, false, true, false),
    /** Ready to send: everything works. */
    RTS(0x3, true, true, true, true, false),
    /** Error: posts are accepted and every WQE is flushed. */
    ERROR(0x4, true, true, false, false, true);

    private static final QpState[] BY_CODE = values();

    private final int code;
    private final boolean postSend;
    private final boolean postReceive;
    private final boolean sendsProcessed;
    private final boolean inboundProcessed;
    private final boolean flushes;

    QpState(
        final int code,
        final boolean postSend,
        final boolean postReceive,
        final boolean sendsProcessed,
        final boolean inboundProcessed,
        final boolean flushes)
    {
        this.code = code;
        this.postSend = postSend;
        this.postReceive = postReceive;
        this.sendsProcessed = sendsProcessed;
        this.inboundProcessed = inboundProcessed;
        this.flushes = flushes;
    }

    /**
     * The encoding in the QP context.
     *
     * @return the 4-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * Whether the driver may post send WQEs.
     *
     * @return {@code true} in RTS and ERROR.
     */
    public boolean postSend()
    {
        return postSend;
    }

    /**
     * Whether the driver may post receive WQEs.
     *
     * @return {@code true} in every state but RESET.
     */
    public boolean postReceive()
    {
        return postReceive;
    }

    /**
     * Whether the NIC fetches and executes send WQEs.
     *
     * @return {@code true} in RTS.
     */
    public boolean sendsProcessed()
    {
        return sendsProcessed;
    }

    /**
     * Whether the NIC accepts request packets for the QP.
     *
     * @return {@code true} in RTR and RTS.
     */
    public boolean inboundProcessed()
    {
        return inboundProcessed;
    }

    /**
     * Whether WQEs complete with {@link CqeSyndrome#WR_FLUSH} instead of executing.
     *
     * @return {@code true} in ERROR.
     */
    public boolean flushes()
    {
        return flushes;
    }

    /**
     * Decodes a state without allocating.
     *
     * @param code the 4-bit code.
     * @return the state, or {@code null} if the code is not one.
     */
    public static QpState of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
