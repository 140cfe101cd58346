package org.sansim.provider.driver.kernel;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of a {@link KernelDriver}: its CPU costs and its polling.
 *
 * <p><b>Defaults and why</b> (modelled guesses, not measurements). A command's system call (entry,
 * argument copy, return) costs 1 µs. Pinning costs 250 ns per 4 KiB page, the order of a
 * {@code get_user_pages} walk with reference counting; writing one MTT entry costs 5 ns. The driver
 * polls a command's {@code OWNER} byte every 1 µs. It waits 100 µs after {@code ENABLE} before its
 * first command, twice the NIC's default start-up time, because the model has no MMIO reads to poll
 * {@code DEVICE_STATUS} with. Eight command slots in flight.
 *
 * @param commandSyscallPs CPU time of one command's system call, charged before its callback
 * @param pinPagePs CPU time to pin one 4 KiB page
 * @param mttEntryWritePs CPU time to write one MTT entry
 * @param pollIntervalPs period of the poll of a command's {@code OWNER} byte
 * @param readyWaitPs wait after {@code ENABLE} before the first command
 * @param commandSlots command queue slots the driver uses at once, 1 to 8
 */
public record KernelDriverParams(
    @Param(unit = Param.PS, description = "CPU time of one command's system call") long commandSyscallPs,
    @Param(unit = Param.PS, description = "CPU time to pin one 4 KiB page") long pinPagePs,
    @Param(unit = Param.PS, description = "CPU time to write one MTT entry") long mttEntryWritePs,
    @Param(unit = Param.PS, description = "period of the poll of a command's OWNER byte") long pollIntervalPs,
    @Param(unit = Param.PS, description = "wait after ENABLE before the first command") long readyWaitPs,
    @Param(unit = Param.COUNT, description = "command queue slots in use at once, 1 to 8") int commandSlots)
    implements Validated
{
    /** Most command slots: one 4 KiB mailbox page holds eight 512-byte mailbox pairs. */
    public static final int MAX_COMMAND_SLOTS = 8;

    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static KernelDriverParams defaults()
    {
        return new KernelDriverParams(1_000_000L, 250_000L, 5_000L, 1_000_000L, 100_000_000L, MAX_COMMAND_SLOTS);
    }

    /**
     * @param intervalPs the new poll period
     * @return a copy with that period
     */
    public KernelDriverParams withPollIntervalPs(final long intervalPs)
    {
        return new KernelDriverParams(commandSyscallPs, pinPagePs, mttEntryWritePs, intervalPs, readyWaitPs,
            commandSlots);
    }

    @Override
    public void validate()
    {
        if (commandSyscallPs < 0 || pinPagePs < 0 || mttEntryWritePs < 0 || readyWaitPs < 0)
        {
            throw new ParamsException("CPU costs and readyWaitPs must not be negative");
        }
        if (pollIntervalPs < 1)
        {
            throw new ParamsException("pollIntervalPs must be at least 1, got " + pollIntervalPs);
        }
        if (commandSlots < 1 || commandSlots > MAX_COMMAND_SLOTS)
        {
            throw new ParamsException("commandSlots must be in [1, " + MAX_COMMAND_SLOTS + "], got " + commandSlots);
        }
    }
}
