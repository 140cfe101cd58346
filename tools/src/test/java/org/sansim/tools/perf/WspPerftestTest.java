package org.sansim.tools.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sansim.nic.NicParams;
import org.sansim.provider.wsp.WsdParams;

/**
 * {@code perf ... --api wsp}: the provider layer costs what it models above verbs, no more, and the
 * bulk paths still fill the link.
 */
class WspPerftestTest
{
    @Test
    void writeLatencyThroughTheProviderIsVerbsPlusAtMostTheProvidersModelledCpu()
    {
        final Map<String, Object> verbs = Perftest.latency(Perftest.Test.WRITE_LAT, 8, 200, 0);
        final Map<String, Object> wsp = WspPerftest.latency(Perftest.Test.WRITE_LAT, 8, 200,
            WsdParams.defaults().withInline(0), NicParams.defaults(), t -> { });
        System.out.println("write_lat 8 B: verbs " + verbs + "\n               wsp   " + wsp);
        final double extraNs = ((Double)wsp.get("t_typical_us") - (Double)verbs.get("t_typical_us")) * 1000;
        final double providerNs = (Double)wsp.get("provider_post_ns");
        final WsdParams p = WsdParams.defaults();
        assertEquals((p.callPs() + p.bufferLookupPs()) / 1000.0, providerNs, 1e-9,
            "the provider charges its call and one buffer lookup per RDMA write");
        assertTrue(extraNs >= 0, "the provider cannot be faster than verbs: " + extraNs + " ns");
        assertTrue(extraNs <= providerNs + 1e-6, "wsp is " + extraNs + " ns above verbs, more than the provider's "
            + providerNs + " ns of modelled CPU");
    }

    @Test
    void sendAndReadLatencyAndBulkBandwidthThroughTheProvider()
    {
        final Map<String, Object> send = WspPerftest.latency(Perftest.Test.SEND_LAT, 64, 100,
            WsdParams.defaults().withInline(0), NicParams.defaults(), t -> { });
        final Map<String, Object> verbsSend = Perftest.latency(Perftest.Test.SEND_LAT, 64, 100, 0);
        assertTrue((Double)send.get("t_typical_us") > (Double)verbsSend.get("t_typical_us"), send + " " + verbsSend);
        final Map<String, Object> read = WspPerftest.latency(Perftest.Test.READ_LAT, 4096, 100,
            WsdParams.defaults(), NicParams.defaults(), t -> { });
        final Map<String, Object> verbsRead = Perftest.latency(Perftest.Test.READ_LAT, 4096, 100, 0);
        final double readExtraNs = ((Double)read.get("t_typical_us") - (Double)verbsRead.get("t_typical_us")) * 1000;
        assertTrue(readExtraNs >= 0 && readExtraNs < 1000, "read_lat: wsp " + read + ", verbs " + verbsRead);
        for (final Perftest.Test t : new Perftest.Test[] {Perftest.Test.WRITE_BW, Perftest.Test.READ_BW,
            Perftest.Test.SEND_BW})
        {
            final Map<String, Object> bw = WspPerftest.bandwidth(t, 65536, 200, 16, WsdParams.defaults(),
                NicParams.defaults(), x -> { });
            assertTrue((Double)bw.get("bw_avg_gbps") >= 0.9 * Perftest.linkPayloadGbps(), t + " " + bw);
        }
    }
}
