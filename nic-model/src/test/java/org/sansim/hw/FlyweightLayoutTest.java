package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every field of every table of HARDWARE.md is read and written by its flyweight (or doorbell codec)
 * exactly at the documented bits, big-endian; see {@link FlyweightLayoutChecks}.
 */
class FlyweightLayoutTest
{
    @Test
    void shouldReadAndWriteEveryDocumentedFieldAtItsBits()
    {
        final HardwareDoc doc = HardwareDoc.parse(HardwareDoc.readDocument());
        HardwareDocTest.assertNoProblems(FlyweightLayoutChecks.check(doc));
    }

    @Test
    void shouldNoticeAFieldDocumentedAtTheWrongBits()
    {
        final String text = HardwareDoc.readDocument();
        final String row = "| `WQE_COUNTER` | 0x3C | 2 | 15:0 |";
        assertTrue(text.contains(row));
        final List<String> problems = FlyweightLayoutChecks.check(
            HardwareDoc.parse(text.replace(row, "| `WQE_COUNTER` | 0x3A | 2 | 15:0 |")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("CqeFlyweight.wqeCounter")), problems.toString());
    }

    @Test
    void shouldNoticeADoorbellFieldDocumentedAtTheWrongBits()
    {
        final String text = HardwareDoc.readDocument();
        final String row = "| `QPN` | 0x00 | 8 | 55:32 |";
        assertTrue(text.contains(row));
        final List<String> problems = FlyweightLayoutChecks.check(
            HardwareDoc.parse(text.replace(row, "| `QPN` | 0x00 | 8 | 63:40 |")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("SendDoorbell.qpn")), problems.toString());
    }
}
