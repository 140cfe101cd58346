package org.sansim.nic.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsDescriptor;
import org.sansim.config.ParamsException;
import org.sansim.hw.CommandOpcode;

class CommandProcessorParamsTest
{
    @Test
    void shouldDescribeEveryParameter()
    {
        assertEquals(11, ParamsDescriptor.of(CommandProcessorParams.class).params().size());
    }

    @Test
    void shouldScaleTheOpcodeFirmwareTimes()
    {
        final CommandProcessorParams p = CommandProcessorParams.defaults();
        assertEquals(25_000_000L, p.firmwarePs(CommandOpcode.CREATE_QP.defaultFirmwareNs()));
        assertEquals(12_500_000L, p.withFirmwareTimeScale(0.5).firmwarePs(CommandOpcode.CREATE_QP.defaultFirmwareNs()));
    }

    @Test
    void shouldRejectANonPowerOfTwoQpCount()
    {
        assertThrows(ParamsException.class, () -> CommandProcessorParams.defaults().withMaxQps(1000).validate());
    }
}
