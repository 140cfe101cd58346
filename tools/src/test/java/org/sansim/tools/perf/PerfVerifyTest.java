package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sansim.host.PhysicalMemory;
import org.sansim.nic.NicParams;
import org.sansim.pcie.DeviceWriteMonitor;

/**
 * {@code perf --verify}: a bandwidth run whose every message has a pattern of its own reports every
 * message intact, and one whose landed bytes are corrupted (a byte flipped in host memory right after
 * a DMA write lands, before the check sees it) reports the byte that differs.
 */
class PerfVerifyTest
{
    private static final int SIZE = 1000;
    private static final int ITERATIONS = 300;
    private static final Perftest.Knobs VERIFY = Perftest.Knobs.ofInline(0).withVerify(true);

    private static Map<String, Object> run(final Perftest.Test test, final DeviceWriteMonitor.WriteTap beforeCheck,
        final PerfPair[] built)
    {
        return Perftest.bandwidth(test, SIZE, ITERATIONS, 128, VERIFY, PerfConfig.of(NicParams.defaults()),
            t -> built[0] = t, beforeCheck);
    }

    @ParameterizedTest
    @EnumSource(value = Perftest.Test.class, names = {"WRITE_BW", "SEND_BW", "READ_BW"})
    void everyMessageArrivesIntact(final Perftest.Test test)
    {
        final Map<String, Object> row = run(test, null, new PerfPair[1]);
        final String integrity = (String)row.get(Perftest.INTEGRITY);
        // READ_BW reads each of its 128 slots' one message again and again; WRITE and SEND send 300.
        final long messages = test == Perftest.Test.READ_BW ? 128 : ITERATIONS;
        assertEquals(String.format("integrity: ok (%,d messages, %,d bytes sent and received intact)", messages,
            messages * SIZE), integrity);
        assertEquals(ITERATIONS, row.get("iterations"));
    }

    @ParameterizedTest
    @EnumSource(value = Perftest.Test.class, names = {"WRITE_BW", "SEND_BW", "READ_BW"})
    void aByteFlippedAfterItLandsIsReported(final Perftest.Test test)
    {
        final PerfPair[] built = new PerfPair[1];
        final int[] writes = {0};
        // The 50th DMA write into the receiver's memory gets its first byte flipped as it lands.
        final DeviceWriteMonitor.WriteTap corrupt = (pa, length) ->
        {
            if (++writes[0] == 50)
            {
                final PhysicalMemory memory = built[0].node(test == Perftest.Test.READ_BW ? 0 : 1).host().memory();
                memory.putByte(pa, (byte)~memory.getByte(pa));
            }
        };
        final String integrity = (String)run(test, corrupt, built).get(Perftest.INTEGRITY);
        assertTrue(writes[0] >= 50, "writes seen: " + writes[0]);
        // The flipped byte is the first of the write: named with its message, its offset and both values.
        assertTrue(integrity.matches("integrity: FAILED: \\d+ writes with wrong bytes, first flow \\d+ message \\d+ "
            + "byte \\d+: expected 0x[0-9a-f]{2}, got 0x[0-9a-f]{2}.*"), integrity);
        final int at = integrity.indexOf("expected 0x");
        final int expected = Integer.parseInt(integrity.substring(at + 11, at + 13), 16);
        final int got = Integer.parseInt(integrity.substring(at + 21, at + 23), 16);
        assertEquals(0xFF, expected ^ got, "the byte read is the flipped one: " + integrity);
    }
}
