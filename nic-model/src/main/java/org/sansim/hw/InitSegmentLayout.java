package org.sansim.hw;

/**
 * Register offsets of BAR 0: the initialisation segment, the MSI-X table and its pending-bit array
 * (HARDWARE.md 3). Registers are 32-bit big-endian unless stated; the MSI-X structures follow the PCI
 * specification and are little-endian.
 *
 * <pre>
 * 0x0000 +------------------------------+
 *        | FW_REV, CMD_INTERFACE_REV    |  RO
 * 0x0010 | CMDQ_ADDRESS_HI/_LO          |  RW  command queue page
 * 0x0018 | CMD_DOORBELL                 |  WO  slot to execute
 * 0x0020 | MPT_BASE_HI/_LO, LOG_ENTRIES |  RW
 * 0x0030 | MTT_BASE_HI/_LO, LOG_ENTRIES |  RW
 * 0x0040 | DEVICE_CONTROL, _STATUS      |  enable / ready, fatal
 * 0x0048 | HEALTH_SYNDROME              |  RO
 * 0x0050 | FREE_RUNNING_CLOCK (8 B)     |  RO  core cycles
 * 0x0058 | MAD_RQ_CONSUMER              |  WO  MAD receive ring consumer index
 * 0x0060 | QPC_BASE_HI/_LO, LOG_ENTRIES |  RW  QP context table (ICM)
 *        |           reserved           |
 * 0x1000 +------------------------------+
 *        | MSI-X table, 16 B per vector |
 * 0x1800 +------------------------------+
 *        | MSI-X pending-bit array      |
 * 0x2000 +------------------------------+
 * </pre>
 */
public final class InitSegmentLayout
{
    /** Size of BAR 0. */
    public static final int LENGTH_BYTES = 8192;

    /** Firmware revision: bits 31:16 major, 15:0 minor. */
    public static final int FW_REV_OFFSET = 0x000;
    /** Width of {@code FW_REV}. */
    public static final int FW_REV_BYTES = 4;
    /** Revision of the command interface. */
    public static final int CMD_INTERFACE_REV_OFFSET = 0x004;
    /** Width of {@code CMD_INTERFACE_REV}. */
    public static final int CMD_INTERFACE_REV_BYTES = 4;
    /** Bits 63:32 of the command queue's physical address. */
    public static final int CMDQ_ADDRESS_HI_OFFSET = 0x010;
    /** Width of {@code CMDQ_ADDRESS_HI}. */
    public static final int CMDQ_ADDRESS_HI_BYTES = 4;
    /** Bits 31:0 of the command queue's physical address; writing it latches the address. */
    public static final int CMDQ_ADDRESS_LO_OFFSET = 0x014;
    /** Width of {@code CMDQ_ADDRESS_LO}. */
    public static final int CMDQ_ADDRESS_LO_BYTES = 4;
    /** Command doorbell: bits 5:0 name the slot to execute. */
    public static final int CMD_DOORBELL_OFFSET = 0x018;
    /** Width of {@code CMD_DOORBELL}. */
    public static final int CMD_DOORBELL_BYTES = 4;
    /** Bits 63:32 of the MPT table's physical address. */
    public static final int MPT_BASE_HI_OFFSET = 0x020;
    /** Width of {@code MPT_BASE_HI}. */
    public static final int MPT_BASE_HI_BYTES = 4;
    /** Bits 31:0 of the MPT table's physical address. */
    public static final int MPT_BASE_LO_OFFSET = 0x024;
    /** Width of {@code MPT_BASE_LO}. */
    public static final int MPT_BASE_LO_BYTES = 4;
    /** log2 of the number of MPT entries. */
    public static final int MPT_LOG_ENTRIES_OFFSET = 0x028;
    /** Width of {@code MPT_LOG_ENTRIES}. */
    public static final int MPT_LOG_ENTRIES_BYTES = 4;
    /** Bits 63:32 of the MTT table's physical address. */
    public static final int MTT_BASE_HI_OFFSET = 0x030;
    /** Width of {@code MTT_BASE_HI}. */
    public static final int MTT_BASE_HI_BYTES = 4;
    /** Bits 31:0 of the MTT table's physical address. */
    public static final int MTT_BASE_LO_OFFSET = 0x034;
    /** Width of {@code MTT_BASE_LO}. */
    public static final int MTT_BASE_LO_BYTES = 4;
    /** log2 of the number of MTT entries. */
    public static final int MTT_LOG_ENTRIES_OFFSET = 0x038;
    /** Width of {@code MTT_LOG_ENTRIES}. */
    public static final int MTT_LOG_ENTRIES_BYTES = 4;
    /** Device control: {@link #DEVICE_CONTROL_ENABLE}. */
    public static final int DEVICE_CONTROL_OFFSET = 0x040;
    /** Width of {@code DEVICE_CONTROL}. */
    public static final int DEVICE_CONTROL_BYTES = 4;
    /** Device status: {@link #DEVICE_STATUS_READY}, {@link #DEVICE_STATUS_FATAL}. */
    public static final int DEVICE_STATUS_OFFSET = 0x044;
    /** Width of {@code DEVICE_STATUS}. */
    public static final int DEVICE_STATUS_BYTES = 4;
    /** Why the device stopped. */
    public static final int HEALTH_SYNDROME_OFFSET = 0x048;
    /** Width of {@code HEALTH_SYNDROME}. */
    public static final int HEALTH_SYNDROME_BYTES = 4;
    /** NIC core-clock cycles since reset, 64-bit. */
    public static final int FREE_RUNNING_CLOCK_OFFSET = 0x050;
    /** Width of {@code FREE_RUNNING_CLOCK}. */
    public static final int FREE_RUNNING_CLOCK_BYTES = 8;
    /** The driver's consumer index of the MAD receive ring (free-running, 32 bits). */
    public static final int MAD_RQ_CONSUMER_OFFSET = 0x058;
    /** Width of {@code MAD_RQ_CONSUMER}. */
    public static final int MAD_RQ_CONSUMER_BYTES = 4;
    /** Bits 63:32 of the QP context table's physical address (the NIC's ICM for QP contexts). */
    public static final int QPC_BASE_HI_OFFSET = 0x060;
    /** Width of {@code QPC_BASE_HI}. */
    public static final int QPC_BASE_HI_BYTES = 4;
    /** Bits 31:0 of the QP context table's physical address, 4 KiB aligned; writing it latches the address. */
    public static final int QPC_BASE_LO_OFFSET = 0x064;
    /** Width of {@code QPC_BASE_LO}. */
    public static final int QPC_BASE_LO_BYTES = 4;
    /** log2 of the QP context table's entries; 0 (never written): contexts live on the chip only. */
    public static final int QPC_LOG_ENTRIES_OFFSET = 0x068;
    /** Width of {@code QPC_LOG_ENTRIES}. */
    public static final int QPC_LOG_ENTRIES_BYTES = 4;
    /** The MSI-X table. */
    public static final int MSIX_TABLE_OFFSET = 0x1000;
    /** Size of the MSI-X table. */
    public static final int MSIX_TABLE_BYTES = 2048;
    /** The MSI-X pending-bit array. */
    public static final int MSIX_PBA_OFFSET = 0x1800;
    /** Size of the MSI-X pending-bit array. */
    public static final int MSIX_PBA_BYTES = 16;

    /** {@code DEVICE_CONTROL} bit: start the firmware. */
    public static final int DEVICE_CONTROL_ENABLE = 1;
    /** {@code DEVICE_STATUS} bit: commands are accepted. */
    public static final int DEVICE_STATUS_READY = 1;
    /** {@code DEVICE_STATUS} bit: the device stopped. */
    public static final int DEVICE_STATUS_FATAL = 2;
    /** Mask of the slot number in a {@code CMD_DOORBELL} write. */
    public static final int CMD_DOORBELL_SLOT_MASK = 0x3F;
    /** Slots in the command queue page. */
    public static final int CMDQ_SLOTS = 64;
    /** Size of a command queue slot: one command header. */
    public static final int CMDQ_SLOT_BYTES = CommandHeaderDescriptor.LENGTH_BYTES;
    /** Alignment (and size) of the command queue page and of the MPT and MTT tables. */
    public static final int TABLE_ALIGNMENT_BYTES = 4096;
    /** Size of an MSI-X table entry. */
    public static final int MSIX_ENTRY_BYTES = 16;
    /** Most MSI-X vectors. */
    public static final int MSIX_MAX_VECTORS = MSIX_TABLE_BYTES / MSIX_ENTRY_BYTES;
    /** Offset in an MSI-X entry of the message address, low dword (little-endian). */
    public static final int MSIX_ENTRY_ADDRESS_LO = 0x0;
    /** Offset in an MSI-X entry of the message address, high dword (little-endian). */
    public static final int MSIX_ENTRY_ADDRESS_HI = 0x4;
    /** Offset in an MSI-X entry of the message data (little-endian). */
    public static final int MSIX_ENTRY_DATA = 0x8;
    /** Offset in an MSI-X entry of the vector control dword; bit 0 masks the vector. */
    public static final int MSIX_ENTRY_VECTOR_CONTROL = 0xC;

    private InitSegmentLayout()
    {
    }
}
