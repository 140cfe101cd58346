package org.sansim.hw;

/**
 * What a CQ arm requests, in the {@code ARM_COMMAND} of the arm doorbell and the CQ doorbell record
 * (HARDWARE.md 4.2).
 */
public enum ArmCommand
{
    /** An event for the next CQE at or after the arm's consumer index. */
    NEXT(1),
    /** An event for the next such CQE that is solicited or an error. */
    SOLICITED(2);

    private final int code;

    ArmCommand(final int code)
    {
        this.code = code;
    }

    /**
     * The encoding in the arm word.
     *
     * @return the 4-bit code.
     */
    public int code()
    {
        return code;
    }

    /**
     * Decodes an arm command.
     *
     * @param code the 4-bit code.
     * @return the command, or {@code null} (the NIC ignores such an arm).
     */
    public static ArmCommand of(final int code)
    {
        return code == 1 ? NEXT : code == 2 ? SOLICITED : null;
    }
}
