package org.sansim.provider.driver.user;

import org.sansim.hw.CqeSyndrome;

/** The status of a work completion ({@code ibv_wc_status}), mapped from the CQE syndrome (HARDWARE.md 9.4). */
public enum WcStatus
{
    SUCCESS,
    LOCAL_LENGTH_ERROR,
    LOCAL_QP_OPERATION_ERROR,
    LOCAL_PROTECTION_ERROR,
    WR_FLUSH_ERROR,
    BAD_RESPONSE_ERROR,
    LOCAL_ACCESS_ERROR,
    REMOTE_INVALID_REQUEST_ERROR,
    REMOTE_ACCESS_ERROR,
    REMOTE_OPERATION_ERROR,
    RETRY_EXCEEDED_ERROR,
    RNR_RETRY_EXCEEDED_ERROR,
    /** A syndrome code this driver does not know. */
    GENERAL_ERROR;

    /**
     * @param syndromeCode the CQE's {@code SYNDROME} byte of an error CQE
     * @return the status; {@link #GENERAL_ERROR} for an unknown code or a "success" syndrome in an error CQE
     */
    public static WcStatus ofErrorSyndrome(final int syndromeCode)
    {
        final CqeSyndrome s = CqeSyndrome.of(syndromeCode);
        if (s == null)
        {
            return GENERAL_ERROR;
        }
        return switch (s)
        {
            case SUCCESS -> GENERAL_ERROR;
            case LOCAL_LENGTH -> LOCAL_LENGTH_ERROR;
            case LOCAL_QP_OPERATION -> LOCAL_QP_OPERATION_ERROR;
            case LOCAL_PROTECTION -> LOCAL_PROTECTION_ERROR;
            case WR_FLUSH -> WR_FLUSH_ERROR;
            case BAD_RESPONSE -> BAD_RESPONSE_ERROR;
            case LOCAL_ACCESS -> LOCAL_ACCESS_ERROR;
            case REMOTE_INVALID_REQUEST -> REMOTE_INVALID_REQUEST_ERROR;
            case REMOTE_ACCESS -> REMOTE_ACCESS_ERROR;
            case REMOTE_OPERATION -> REMOTE_OPERATION_ERROR;
            case RETRY_EXCEEDED -> RETRY_EXCEEDED_ERROR;
            case RNR_RETRY_EXCEEDED -> RNR_RETRY_EXCEEDED_ERROR;
        };
    }
}
