package org.sansim.provider.cm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sansim.provider.driver.kernel.KernelDriver;
import org.sansim.provider.verbs.Testbed;

/**
 * With both connection managers started (each kernel driver's MAD channel open and its EQ armed) and
 * both CQs armed for an event, nothing is left to do: a run to quiescence ends.
 */
class CmQuiescenceTest
{
    @Test
    void shouldEndARunToQuiescenceWithOpenMadChannelsAndArmedCqs()
    {
        final CmTestbed bed = new CmTestbed(CmParams.defaults());
        final Testbed t = bed.testbed();
        for (int h = 0; h < 2; h++)
        {
            final Testbed.Node n = t.node(h);
            t.at(n, () -> n.device().reqNotifyCq(n.cq(), false, () -> { }));
        }
        final long endPs = assertTimeoutPreemptively(Duration.ofSeconds(60), t::runToQuiescence);
        assertTrue(endPs > 0);
        for (int h = 0; h < 2; h++)
        {
            final KernelDriver kernel = t.node(h).device().kernel();
            assertTrue(kernel.madEqn() >= 0);
            // The MAD channel and the device's EQ have vectors of their own.
            assertNotEquals(t.node(h).device().vector(), kernel.madVector());
            assertEquals(0, kernel.madsReceived());
        }
    }
}
