package org.sansim.wire;

import static org.sansim.wire.NetworkOrder.checkUnsigned;

/**
 * Encodes and decodes the 8-bit AETH syndrome.
 *
 * <pre>
 *   7 6 5 4 3 2 1 0
 *  +-+---+---------+
 *  |0|Typ|  Value  |   Typ 00 = ACK      Value = credit count code (31 = credits not in use)
 *  +-+---+---------+   Typ 01 = RNR NAK  Value = RNR timer code (how long the requester waits)
 *                      Typ 10 = reserved
 *                      Typ 11 = NAK      Value = NAK code (NAK_* constants)
 * </pre>
 *
 * <p>All methods are static, pure and allocation-free; encoders throw {@link IllegalArgumentException} for a
 * value that does not fit in five bits.
 */
public final class AethSyndrome
{
    /** Typ of a positive acknowledgement. */
    public static final int TYPE_ACK = 0;
    /** Typ of a receiver-not-ready NAK. */
    public static final int TYPE_RNR_NAK = 1;
    /** Reserved Typ value. */
    public static final int TYPE_RESERVED = 2;
    /** Typ of a NAK. */
    public static final int TYPE_NAK = 3;

    /** NAK code: PSN sequence error (the requester must resend from the AETH's PSN). */
    public static final int NAK_PSN_SEQUENCE_ERROR = 0;
    /** NAK code: invalid request. */
    public static final int NAK_INVALID_REQUEST = 1;
    /** NAK code: remote access error (bad R_Key, bounds or permissions). */
    public static final int NAK_REMOTE_ACCESS_ERROR = 2;
    /** NAK code: remote operational error. */
    public static final int NAK_REMOTE_OPERATIONAL_ERROR = 3;
    /** NAK code: invalid RD request. */
    public static final int NAK_INVALID_RD_REQUEST = 4;

    /** Credit count code meaning "end-to-end credits not in use" (the usual value on RC). */
    public static final int CREDITS_INVALID = 0x1F;

    private static final int TYPE_SHIFT = 5;
    private static final int VALUE_MASK = 0x1F;

    /** RNR timer codes 0..31 in picoseconds (IBA table "RNR NAK timer field encoding"; code 0 is the longest). */
    private static final long[] RNR_TIMER_PS = {
        655_360_000_000L, 10_000_000L, 20_000_000L, 30_000_000L, 40_000_000L, 60_000_000L, 80_000_000L,
        120_000_000L, 160_000_000L, 240_000_000L, 320_000_000L, 480_000_000L, 640_000_000L, 960_000_000L,
        1_280_000_000L, 1_920_000_000L, 2_560_000_000L, 3_840_000_000L, 5_120_000_000L, 7_680_000_000L,
        10_240_000_000L, 15_360_000_000L, 20_480_000_000L, 30_720_000_000L, 40_960_000_000L, 61_440_000_000L,
        81_920_000_000L, 122_880_000_000L, 163_840_000_000L, 245_760_000_000L, 327_680_000_000L,
        491_520_000_000L,
    };

    /** Credit count codes 0..30 in messages (code 31 is {@link #CREDITS_INVALID}). */
    private static final int[] CREDITS = {
        0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072,
        4096, 6144, 8192, 12288, 16384, 24576, 32768,
    };

    private AethSyndrome()
    {
    }

    /**
     * @param creditCode credit count code, 0..31 ({@link #CREDITS_INVALID} when not in use)
     * @return the syndrome of an ACK
     */
    public static int ack(final int creditCode)
    {
        return TYPE_ACK << TYPE_SHIFT | checkUnsigned("creditCode", creditCode, 5);
    }

    /**
     * @param timerCode RNR timer code, 0..31 (see {@link #rnrTimerPs})
     * @return the syndrome of an RNR NAK
     */
    public static int rnrNak(final int timerCode)
    {
        return TYPE_RNR_NAK << TYPE_SHIFT | checkUnsigned("timerCode", timerCode, 5);
    }

    /**
     * @param nakCode NAK code, 0..31 (one of the NAK_* constants for a defined meaning)
     * @return the syndrome of a NAK
     */
    public static int nak(final int nakCode)
    {
        return TYPE_NAK << TYPE_SHIFT | checkUnsigned("nakCode", nakCode, 5);
    }

    /**
     * @param syndrome a syndrome byte
     * @return its Typ, one of the TYPE_* constants
     */
    public static int type(final int syndrome)
    {
        return (syndrome >>> TYPE_SHIFT) & 0x3;
    }

    /**
     * @param syndrome a syndrome byte
     * @return its five-bit Value: credit code, RNR timer code or NAK code according to {@link #type}
     */
    public static int value(final int syndrome)
    {
        return syndrome & VALUE_MASK;
    }

    /**
     * @param syndrome a syndrome byte
     * @return true for an ACK
     */
    public static boolean isAck(final int syndrome)
    {
        return type(syndrome) == TYPE_ACK;
    }

    /**
     * @param syndrome a syndrome byte
     * @return true for an RNR NAK
     */
    public static boolean isRnrNak(final int syndrome)
    {
        return type(syndrome) == TYPE_RNR_NAK;
    }

    /**
     * @param syndrome a syndrome byte
     * @return true for a NAK
     */
    public static boolean isNak(final int syndrome)
    {
        return type(syndrome) == TYPE_NAK;
    }

    /**
     * @param timerCode RNR timer code, 0..31
     * @return the minimum wait it encodes, in picoseconds (code 1 = 10 us ... code 31 = 491.52 ms, code 0 =
     *     655.36 ms)
     */
    public static long rnrTimerPs(final int timerCode)
    {
        return RNR_TIMER_PS[checkUnsigned("timerCode", timerCode, 5)];
    }

    /**
     * @param creditCode credit count code, 0..31
     * @return the number of messages the responder can accept, or -1 for {@link #CREDITS_INVALID}
     */
    public static int credits(final int creditCode)
    {
        return checkUnsigned("creditCode", creditCode, 5) == CREDITS_INVALID ? -1 : CREDITS[creditCode];
    }
}
