package org.sansim.nic.doorbell;

import org.sansim.config.Param;
import org.sansim.config.ParamsException;
import org.sansim.config.Validated;

/**
 * Parameters of a {@link DoorbellUnit}.
 *
 * <p><b>Defaults and why.</b> A 500 MHz core clock, the order of current NIC ASIC core clocks.
 * Four cycles to decode one MMIO write (address match, byte swap, field extraction and the hand-off
 * to the next block): a modelled guess, not a measurement. 128 UAR pages, enough for a kernel page
 * and one page per process of a busy host. BlueFlame on, as on mlx5-class NICs with working
 * write-combining.
 *
 * @param coreClockHz the doorbell unit's clock
 * @param decodeCyclesPerWrite cycles the unit is busy per MMIO write it receives
 * @param uarPages UAR pages in BAR 2
 * @param blueFlame whether the device has BlueFlame registers
 */
public record DoorbellUnitParams(
    @Param(unit = Param.HZ, description = "doorbell unit clock") long coreClockHz,
    @Param(unit = Param.CYCLES, description = "cycles to decode one MMIO write (doorbell, BlueFlame chunk, register)")
    int decodeCyclesPerWrite,
    @Param(unit = Param.COUNT, description = "UAR pages of 4 KiB in BAR 2") int uarPages,
    @Param(unit = Param.BOOL, description = "whether writes to the BlueFlame area carry whole WQEs") boolean blueFlame)
    implements Validated
{
    /** Most UAR pages: the QUERY_DEVICE field that reports them is 16 bits. */
    public static final int MAX_UAR_PAGES = 1 << 16;

    /**
     * The defaults; see the class comment for the reasons.
     *
     * @return the default parameters
     */
    public static DoorbellUnitParams defaults()
    {
        return new DoorbellUnitParams(500_000_000L, 4, 128, true);
    }

    /**
     * @param enabled whether BlueFlame is on
     * @return a copy with BlueFlame switched
     */
    public DoorbellUnitParams withBlueFlame(final boolean enabled)
    {
        return new DoorbellUnitParams(coreClockHz, decodeCyclesPerWrite, uarPages, enabled);
    }

    @Override
    public void validate()
    {
        if (coreClockHz < 1 || coreClockHz > 1_000_000_000_000L)
        {
            throw new ParamsException("coreClockHz must be in [1, 1e12], got " + coreClockHz);
        }
        if (decodeCyclesPerWrite < 0)
        {
            throw new ParamsException("decodeCyclesPerWrite must not be negative, got " + decodeCyclesPerWrite);
        }
        if (uarPages < 1 || uarPages > MAX_UAR_PAGES)
        {
            throw new ParamsException("uarPages must be in [1, " + MAX_UAR_PAGES + "], got " + uarPages);
        }
    }
}
