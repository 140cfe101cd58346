package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The perftest figures on the default testbed. */
class PerftestTest
{
    @Test
    void shouldReportWriteLatencyOf2BytesBetween0p6And2p5Microseconds()
    {
        final Map<String, Object> r = Perftest.latency(Perftest.Test.WRITE_LAT, 2, 200, 0);
        System.out.println("write_lat 2 B: " + r);
        final double typical = (Double)r.get("t_typical_us");
        assertTrue(typical >= 0.6 && typical <= 2.5, r.toString());
    }

    @Test
    void shouldReportSendAndReadLatency()
    {
        final Map<String, Object> send = Perftest.latency(Perftest.Test.SEND_LAT, 64, 100, 0);
        final Map<String, Object> read = Perftest.latency(Perftest.Test.READ_LAT, 64, 100, 0);
        System.out.println("send_lat 64 B: " + send + "\nread_lat 64 B: " + read);
        assertTrue((Double)send.get("t_typical_us") > 0.3, send.toString());
        assertTrue((Double)read.get("t_typical_us") > 0.6, read.toString());
    }

    @Test
    void shouldWrite64KiBAtNinetyPercentOfTheLinkPayloadRate()
    {
        final Map<String, Object> r = Perftest.bandwidth(Perftest.Test.WRITE_BW, 65536, 200, 128, 0);
        System.out.println("write_bw 64 KiB: " + r + " link payload " + Perftest.linkPayloadGbps());
        assertTrue((Double)r.get("bw_avg_gbps") >= 0.9 * Perftest.linkPayloadGbps(), r.toString());
    }
}
