package org.sansim.traces.capture;

/**
 * Names of management datagram classes, methods and CM attributes (IBA 13.4 and 12.6), for reports.
 *
 * <pre>
 * Common MAD header (24 bytes, big-endian), at the start of the payload of a UD packet to QP0 or QP1
 *  0: BaseVersion   1: MgmtClass   2: ClassVersion   3: R (bit 7) | Method
 *  4: Status (16)   6: ClassSpecific (16)   8: TransactionID (64)   16: AttributeID (16)   20: AttributeModifier
 * </pre>
 */
public final class MadNames
{
    /** Offset of the management class in a MAD. */
    public static final int MGMT_CLASS_OFFSET = 1;
    /** Offset of the method byte in a MAD. */
    public static final int METHOD_OFFSET = 3;
    /** Offset of the attribute ID in a MAD. */
    public static final int ATTRIBUTE_ID_OFFSET = 16;
    /** Length of the common MAD header. */
    public static final int HEADER_LENGTH_BYTES = 24;
    /** Management class of the Communication Manager. */
    public static final int CLASS_CM = 0x07;

    private MadNames()
    {
    }

    /**
     * @param mgmtClass a management class byte
     * @return its name, for example {@code "CM"}, or {@code "class 0xNN"}
     */
    public static String className(final int mgmtClass)
    {
        return switch (mgmtClass)
        {
            case 0x01 -> "SUBN_LID_ROUTED";
            case 0x81 -> "SUBN_DIRECTED_ROUTE";
            case 0x03 -> "SUBN_ADM";
            case 0x04 -> "PERF";
            case 0x05 -> "BM";
            case 0x06 -> "DEV_MGT";
            case CLASS_CM -> "CM";
            case 0x08 -> "SNMP";
            default -> String.format("class 0x%02X", mgmtClass);
        };
    }

    /**
     * @param method a method byte (response bit included)
     * @return its name, for example {@code "Send"} or {@code "GetResp"}, or {@code "method 0xNN"}
     */
    public static String methodName(final int method)
    {
        return switch (method)
        {
            case 0x01 -> "Get";
            case 0x02 -> "Set";
            case 0x03 -> "Send";
            case 0x05 -> "Trap";
            case 0x06 -> "Report";
            case 0x07 -> "TrapRepress";
            case 0x12 -> "GetTable";
            case 0x15 -> "Delete";
            case 0x81 -> "GetResp";
            case 0x86 -> "ReportResp";
            case 0x92 -> "GetTableResp";
            case 0x95 -> "DeleteResp";
            default -> String.format("method 0x%02X", method);
        };
    }

    /**
     * @param attributeId a CM attribute ID
     * @return {@code REQ}, {@code MRA}, {@code REJ}, {@code REP}, {@code RTU}, {@code DREQ}, {@code DREP},
     *     {@code SIDR_REQ}, {@code SIDR_REP}, {@code LAP}, {@code APR}, {@code ClassPortInfo}, or
     *     {@code "attribute 0xNNNN"}
     */
    public static String cmAttributeName(final int attributeId)
    {
        return switch (attributeId)
        {
            case 0x0001 -> "ClassPortInfo";
            case 0x0010 -> "REQ";
            case 0x0011 -> "MRA";
            case 0x0012 -> "REJ";
            case 0x0013 -> "REP";
            case 0x0014 -> "RTU";
            case 0x0015 -> "DREQ";
            case 0x0016 -> "DREP";
            case 0x0017 -> "SIDR_REQ";
            case 0x0018 -> "SIDR_REP";
            case 0x0019 -> "LAP";
            case 0x001A -> "APR";
            default -> String.format("attribute 0x%04X", attributeId);
        };
    }
}
