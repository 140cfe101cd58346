package org.sansim.hw;

/**
 * The queue-pair state transitions the firmware performs (HARDWARE.md 12.2). {@link #CREATE} is
 * the {@code CREATE_QP} command; the others are {@code MODIFY_QP}.
 */
public enum QpTransition
{
    /** {@code CREATE_QP}: a new QP in RESET. */
    CREATE(null, QpState.RESET),
    /** RESET to INIT: port and remote access rights. */
    RESET_TO_INIT(QpState.RESET, QpState.INIT),
    /** INIT to RTR: path MTU, remote QP, receive PSN, responder resources, address vector. */
    INIT_TO_RTR(QpState.INIT, QpState.RTR),
    /** RTR to RTS: send PSN, retries, timeout, initiator depth. */
    RTR_TO_RTS(QpState.RTR, QpState.RTS),
    /** Any state to ERROR. */
    TO_ERROR(null, QpState.ERROR),
    /** Any state to RESET. */
    TO_RESET(null, QpState.RESET);

    private static final QpTransition[] STEPS = {RESET_TO_INIT, INIT_TO_RTR, RTR_TO_RTS};

    private final QpState from;
    private final QpState to;

    QpTransition(final QpState from, final QpState to)
    {
        this.from = from;
        this.to = to;
    }

    /**
     * The state the transition starts from.
     *
     * @return the state, or {@code null} for {@link #CREATE} and the transitions from any state.
     */
    public QpState from()
    {
        return from;
    }

    /**
     * The state the transition ends in.
     *
     * @return the state.
     */
    public QpState to()
    {
        return to;
    }

    /**
     * Finds the transition a {@code MODIFY_QP} asks for, as the firmware checks it.
     *
     * @param current  the QP's state now.
     * @param fromCode the command's {@code FROM_STATE}: a {@link QpState} code, or
     *                 {@link ModifyQpInputDescriptor#FROM_ANY_STATE} for the transitions to ERROR and RESET.
     * @param toCode   the command's {@code TO_STATE}.
     * @return the transition, or {@code null} if it is not allowed (status {@code BAD_RESOURCE_STATE}).
     */
    public static QpTransition of(final QpState current, final int fromCode, final int toCode)
    {
        final boolean fromAny = fromCode == ModifyQpInputDescriptor.FROM_ANY_STATE;
        if (!fromAny && fromCode != current.code())
        {
            return null;
        }
        if (toCode == QpState.ERROR.code())
        {
            return TO_ERROR;
        }
        if (toCode == QpState.RESET.code())
        {
            return TO_RESET;
        }
        if (fromAny)
        {
            return null;
        }
        for (final QpTransition transition : STEPS)
        {
            if (transition.from == current && transition.to.code() == toCode)
            {
                return transition;
            }
        }
        return null;
    }
}
