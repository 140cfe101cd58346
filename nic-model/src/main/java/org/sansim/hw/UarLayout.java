package org.sansim.hw;

/**
 * Register offsets of a user access region (UAR) page in BAR 2 (HARDWARE.md 4). Page {@code i} is at
 * BAR 2 + {@code i * LENGTH_BYTES}.
 *
 * <pre>
 * 0x000 +-----------------------------------+
 *       |             reserved              |
 * 0x100 +-----------------------------------+
 *       | SEND_DOORBELL       (8 B, WO)     |  QPN, send producer counter
 * 0x108 +-----------------------------------+
 *       | CQ_ARM_DOORBELL     (8 B, WO)     |  arm word, CQN
 * 0x110 +-----------------------------------+
 *       | EQ_DOORBELL         (8 B, WO)     |  arm, consumer index, EQN
 * 0x118 +-----------------------------------+
 *       |             reserved              |
 * 0x800 +-----------------+-----------------+
 *       | BlueFlame 0     | half 0 | half 1 |  write-combining, 2 x 256 B
 * 0xA00 +-----------------+-----------------+
 *       | BlueFlame 1     | half 0 | half 1 |
 * 0xC00 +-----------------+-----------------+
 *       | BlueFlame 2     | half 0 | half 1 |
 * 0xE00 +-----------------+-----------------+
 *       | BlueFlame 3     | half 0 | half 1 |
 * 0x1000+-----------------+-----------------+
 * </pre>
 *
 * <p>Every register is written with one aligned 64-bit big-endian store; BlueFlame halves with whole
 * 64-byte chunks in ascending order followed by a write-combining flush.
 */
public final class UarLayout
{
    /** Size of a UAR page. */
    public static final int LENGTH_BYTES = 4096;
    /** Offset of the send doorbell register (value: {@link SendDoorbell}). */
    public static final int SEND_DOORBELL_OFFSET = 0x100;
    /** Width of the send doorbell register. */
    public static final int SEND_DOORBELL_BYTES = 8;
    /** Offset of the CQ arm doorbell register (value: {@link CqArmDoorbell}). */
    public static final int CQ_ARM_DOORBELL_OFFSET = 0x108;
    /** Width of the CQ arm doorbell register. */
    public static final int CQ_ARM_DOORBELL_BYTES = 8;
    /** Offset of the EQ doorbell register (value: {@link EqDoorbell}). */
    public static final int EQ_DOORBELL_OFFSET = 0x110;
    /** Width of the EQ doorbell register. */
    public static final int EQ_DOORBELL_BYTES = 8;
    /** Offset of the BlueFlame area. */
    public static final int BLUEFLAME_OFFSET = 0x800;
    /** Size of the BlueFlame area. */
    public static final int BLUEFLAME_BYTES = 2048;
    /** BlueFlame registers per UAR page. */
    public static final int BLUEFLAME_REGISTER_COUNT = 4;
    /** Size of one BlueFlame register (two halves). */
    public static final int BLUEFLAME_REGISTER_BYTES = 512;
    /** Size of a BlueFlame half: the largest WQE a BlueFlame write carries. */
    public static final int BLUEFLAME_HALF_BYTES = 256;
    /** Size of a write-combining chunk: one posted TLP. */
    public static final int BLUEFLAME_CHUNK_BYTES = 64;

    private UarLayout()
    {
    }

    /**
     * The offset in a UAR page of a BlueFlame half.
     *
     * @param register the BlueFlame register, 0 to 3.
     * @param half     the half, 0 or 1.
     * @return the page offset of the half's first byte.
     */
    public static int blueFlameOffset(final int register, final int half)
    {
        return BLUEFLAME_OFFSET + register * BLUEFLAME_REGISTER_BYTES + half * BLUEFLAME_HALF_BYTES;
    }

    /**
     * Whether a page offset lies in the BlueFlame area.
     *
     * @param offset an offset in a UAR page.
     * @return {@code true} for offsets 0x800 to 0xFFF.
     */
    public static boolean inBlueFlame(final int offset)
    {
        return offset >= BLUEFLAME_OFFSET && offset < BLUEFLAME_OFFSET + BLUEFLAME_BYTES;
    }
}
