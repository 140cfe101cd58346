package org.sansim.provider.driver.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sansim.host.Access;
import org.sansim.host.AddressSpace;
import org.sansim.host.PageSize;
import org.sansim.hw.AccessFlags;
import org.sansim.nic.translation.TranslationRequest;
import org.sansim.nic.translation.TranslationUnitParams;
import org.sansim.provider.driver.kernel.DriverHarness.Result;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.sim.SingleThreadRunner;

/**
 * Regression test for {@code CREATE_MKEY} and the translation unit's caches: a new key's MTT entries
 * that share a cache line with a region the NIC already translated through must not be served from
 * that line as it was before the driver wrote them (which made the new region's first pages
 * translate to physical address 0).
 */
class NewKeyTranslationTest
{
    private static final long PAGE = 4096;
    private static final int B_PAGES = 4;
    private static final int ACCESS = AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE;
    private static final int PD = 7;

    @Test
    void shouldTranslateANewRegionThroughItsOwnEntriesWhenTheirMttLineIsAlreadyCached()
    {
        final DriverHarness h = new DriverHarness().initialised();
        final AddressSpace space = h.process.addressSpace();
        final long a = h.process.allocate(PAGE, PageSize.SIZE_4K, Access.READ_WRITE);
        final long b = h.process.allocate(B_PAGES * PAGE, PageSize.SIZE_4K, Access.READ_WRITE);

        // Region A, one page, and a translation through it: A's MPT entry and MTT line are now cached.
        final Result ra = h.call(cb -> h.driver.registerMemory(h.process, a, PAGE, ACCESS, cb));
        assertEquals(DriverStatus.OK, ra.status(), () -> ra.toString());
        final int keyA = ra.value();
        final TranslationRequest ta = h.translate(keyA, a, 64, AccessFlags.LOCAL_READ, PD);
        assertTrue(ta.ok(), () -> ta.vendorSyndrome().toString());
        assertEquals(space.translate(a, 0), ta.segmentAddress(0));

        // Region B: its MTT entries follow A's, in the same cache line.
        final Result rb = h.call(cb -> h.driver.registerMemory(h.process, b, B_PAGES * PAGE, ACCESS, cb));
        assertEquals(DriverStatus.OK, rb.status(), () -> rb.toString());
        final int keyB = rb.value();
        final int lineEntries = TranslationUnitParams.defaults().mttLineEntries();
        final int baseA = h.driver.mttBase(keyA);
        final int baseB = h.driver.mttBase(keyB);
        assertEquals(baseA + 1, baseB, "B's MTT entries do not follow A's");
        assertEquals(baseA / lineEntries, (baseB + B_PAGES - 1) / lineEntries,
            "B's MTT entries are not all in A's cache line");

        // Each of B's pages translates to its own frame, and a DMA write lands there.
        final Random random = new Random(5);
        for (int i = 0; i < B_PAGES; i++)
        {
            final long va = b + i * PAGE;
            final long pa = space.translate(va, 0);
            assertNotEquals(0L, pa);
            final TranslationRequest t = h.translate(keyB, va, (int)PAGE, AccessFlags.LOCAL_WRITE, PD);
            final int page = i;
            assertTrue(t.ok(), () -> "page " + page + ": " + t.vendorSyndrome());
            assertEquals(1, t.segmentCount());
            assertEquals(pa, t.segmentAddress(0), "page " + i + " of B translated elsewhere");
            assertEquals(PAGE, t.segmentLength(0));
            final byte[] data = new byte[(int)PAGE];
            random.nextBytes(data);
            dmaWrite(h, t.segmentAddress(0), data);
            final byte[] landed = new byte[(int)PAGE];
            assertEquals(0, space.read(va, landed, 0, landed.length));
            assertArrayEquals(data, landed, "page " + i + " of B");
        }
        // A still translates to its own frame.
        final TranslationRequest again = h.translate(keyA, a, 64, AccessFlags.LOCAL_READ, PD);
        assertTrue(again.ok());
        assertEquals(space.translate(a, 0), again.segmentAddress(0));
    }

    /** Writes bytes to host memory from the NIC's side of the link, and runs until they have landed. */
    private static void dmaWrite(final DriverHarness h, final long pa, final byte[] data)
    {
        h.part.loop().schedule(Event.of("dma", Priority.DEFAULT, () -> h.link.endpoint().dmaWrite(pa, data, 0,
            data.length)), h.nowPs());
        h.sim.run(Long.MAX_VALUE, new SingleThreadRunner());
    }
}
