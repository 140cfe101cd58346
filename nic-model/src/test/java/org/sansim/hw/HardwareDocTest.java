package org.sansim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HARDWARE.md and package {@code org.sansim.hw} describe the same hardware: every offset table, register
 * table and code table of the document agrees with the Java constants and enums, and every layout class
 * and enum is documented. The negative tests feed the checks a damaged copy of the document to show
 * that they notice.
 */
class HardwareDocTest
{
    private static String text;
    private static HardwareDoc doc;

    @BeforeAll
    static void parse()
    {
        text = HardwareDoc.readDocument();
        doc = HardwareDoc.parse(text);
    }

    @Test
    void shouldParseEveryTableOfTheDocument()
    {
        assertEquals(List.of(), doc.problems());
        assertTrue(doc.fieldTables().size() >= 20, "field tables: " + doc.fieldTables().size());
        assertEquals(2, doc.registerTables().size());
        assertTrue(doc.codeTables().size() >= 12, "code tables: " + doc.codeTables().size());
        final int fieldRows = doc.fieldTables().stream().mapToInt(table -> table.fields().size()).sum();
        assertTrue(fieldRows >= 130, "field rows: " + fieldRows);
    }

    @Test
    void shouldAgreeOnEveryFieldOffsetShiftAndMask()
    {
        assertNoProblems(HardwareDocChecks.fieldTables(doc));
    }

    @Test
    void shouldAgreeOnEveryRegisterOffsetAndWidth()
    {
        assertNoProblems(HardwareDocChecks.registerTables(doc));
    }

    @Test
    void shouldAgreeOnEveryCodeAndEveryCheckedColumn()
    {
        assertNoProblems(HardwareDocChecks.codeTables(doc));
    }

    @Test
    void shouldDocumentEveryLayoutClassAndEveryEnum()
    {
        assertNoProblems(HardwareDocChecks.coverage(doc));
    }

    @Test
    void shouldNameOnlyQpContextFieldsAsTransitionAttributes()
    {
        final Pattern name = Pattern.compile("`([A-Z_0-9]+)`");
        final List<String> problems = new ArrayList<>();
        int attributes = 0;
        for (final HardwareDoc.CodeTable table : doc.codeTables())
        {
            if (table.owner() != QpTransition.class)
            {
                continue;
            }
            for (final Map<String, String> row : table.rows())
            {
                final Matcher matcher = name.matcher(row.get("attributes read"));
                while (matcher.find())
                {
                    attributes++;
                    if (HardwareDocChecks.constant(QpContextDescriptor.class, matcher.group(1) + "_OFFSET") == null)
                    {
                        problems.add(row.get("name") + " reads " + matcher.group(1) + ", not a QP context field");
                    }
                }
            }
        }
        assertNoProblems(problems);
        assertTrue(attributes >= 20, "attributes found: " + attributes);
    }

    @Test
    void shouldStateTheFirmwareDefaultsOfEveryCommand()
    {
        for (final CommandOpcode opcode : CommandOpcode.values())
        {
            assertTrue(opcode.defaultFirmwareNs() > 0, opcode.name());
            assertTrue(opcode.inputBytes() <= CommandHeaderDescriptor.MAILBOX_MAX_BYTES, opcode.name());
            assertTrue(opcode.outputBytes() <= CommandHeaderDescriptor.MAILBOX_MAX_BYTES, opcode.name());
        }
    }

    @Test
    void shouldNoticeAWrongOffset()
    {
        final List<String> problems = HardwareDocChecks.fieldTables(
            damaged("| `RKEY` | 0x08 | 4 | 31:0 |", "| `RKEY` | 0x0C | 4 | 31:0 |"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("RKEY_OFFSET")), problems.toString());
    }

    @Test
    void shouldNoticeWrongBits()
    {
        final List<String> problems = HardwareDocChecks.fieldTables(
            damaged("| `QPN` | 0x04 | 4 | 31:8 |", "| `QPN` | 0x04 | 4 | 31:7 |"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("QPN_SHIFT")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("QPN_MASK")), problems.toString());
    }

    @Test
    void shouldNoticeAMissingRow()
    {
        final List<String> problems = HardwareDocChecks.fieldTables(
            damaged("| `TIMESTAMP` | 0x30 | 8 | 63:0 | `FREE_RUNNING_CLOCK` when the CQE was written |\n", ""));
        assertTrue(problems.stream().anyMatch(p -> p.contains("TIMESTAMP_OFFSET has no row")), problems.toString());
    }

    @Test
    void shouldNoticeAnUndocumentedField()
    {
        final List<String> problems = HardwareDocChecks.fieldTables(
            damaged("| `LKEY` | 0x04 | 4 | 31:0 |",
                "| `LKEY` | 0x04 | 4 | 31:0 |\n| `PADDING` | 0x05 | 1 | 7:0 | x |"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("PADDING_OFFSET is missing")), problems.toString());
    }

    @Test
    void shouldNoticeAWrongSizeInAHeading()
    {
        final List<String> problems = HardwareDocChecks.fieldTables(
            damaged("`CqeDescriptor`, 64 bytes", "`CqeDescriptor`, 32 bytes"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("LENGTH_BYTES")), problems.toString());
    }

    @Test
    void shouldNoticeAWrongRegister()
    {
        final List<String> problems = HardwareDocChecks.registerTables(
            damaged("| `CQ_ARM_DOORBELL` | 0x108 | 8 |", "| `CQ_ARM_DOORBELL` | 0x108 | 4 |"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("CQ_ARM_DOORBELL_BYTES")), problems.toString());
    }

    @Test
    void shouldNoticeAWrongCodeOrColumn()
    {
        final List<String> code = HardwareDocChecks.codeTables(
            damaged("| `RDMA_READ` | 0x08 |", "| `RDMA_READ` | 0x09 |"));
        assertTrue(code.stream().anyMatch(p -> p.contains("RDMA_READ") && p.contains("code")), code.toString());
        final List<String> column = HardwareDocChecks.codeTables(
            damaged("| `RTR` | 0x2 | no | yes | no | yes | no |", "| `RTR` | 0x2 | yes | yes | no | yes | no |"));
        assertTrue(column.stream().anyMatch(p -> p.contains("post send")), column.toString());
    }

    @Test
    void shouldNoticeAMissingEnumConstant()
    {
        final List<String> problems = HardwareDocChecks.codeTables(
            damaged("| `CQ_ACCESS` | 0x31 | CQ error: writing the CQE failed (address outside host memory) |\n", ""));
        assertTrue(problems.stream().anyMatch(p -> p.contains("CQ_ACCESS has no row")), problems.toString());
    }

    @Test
    void shouldNoticeATableWithoutItsClass()
    {
        final HardwareDoc broken = damaged("### 6.5 Data segment: `DataSegmentDescriptor`, 16 bytes",
            "### 6.5 Data segment, 16 bytes");
        assertFalse(broken.problems().isEmpty());
        assertTrue(HardwareDocChecks.coverage(broken).stream().anyMatch(p -> p.startsWith("DataSegmentDescriptor")));
    }

    private static HardwareDoc damaged(final String original, final String replacement)
    {
        assertTrue(text.contains(original), "the document no longer contains: " + original);
        return HardwareDoc.parse(text.replace(original, replacement));
    }

    static void assertNoProblems(final List<String> problems)
    {
        assertTrue(problems.isEmpty(), problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }
}
