package org.sansim.pcie;

/**
 * The flow-control credits a PCIe transmitter holds for its receiver's buffers, per credit type,
 * as the data link layer keeps them: credits consumed by the TLPs sent so far against the credit
 * limit the receiver last advertised (its initial credits plus every credit it has freed since, as
 * UpdateFC DLLPs report).
 *
 * <pre>
 *   type          header credit       data credit (16 B each)     TLPs here
 *   POSTED        one per TLP         ceil(payload / 16)          MWr: DMA writes, MMIO writes, MSI
 *   NON_POSTED    one per TLP         0 (reads carry no data)     MRd
 *   COMPLETION    one per TLP         ceil(payload / 16)          CplD
 * </pre>
 *
 * A TLP may be sent only when both its header and its data credits fit under the limit (PCIe base
 * specification, section 2.6, "Ordering and Flow Control"). A limit of 0 means infinite, as a
 * receiver advertises with an initial credit of 0: an endpoint must advertise infinite completion
 * credits (it only reads what it has room for), and the model's root port receives no completions.
 * Counters are 64-bit and never wrap, where the wire fields are 8 and 12 bits modulo.
 */
final class FlowControl
{
    /** Posted requests: memory writes. */
    static final int POSTED = 0;

    /** Non-posted requests: memory reads. */
    static final int NON_POSTED = 1;

    /** Completions. */
    static final int COMPLETION = 2;

    /** The number of credit types. */
    static final int TYPES = 3;

    /** Bytes of payload one data credit covers: 4 DW. */
    static final int DATA_CREDIT_BYTES = 16;

    /** The largest header credit a receiver may advertise without scaled flow control: 2^7 - 1. */
    static final int MAX_HEADER_CREDITS = 127;

    /** The largest data credit a receiver may advertise without scaled flow control: 2^11 - 1. */
    static final int MAX_DATA_CREDITS = 2047;

    private final boolean[] infinite = new boolean[TYPES];
    private final long[] headersConsumed = new long[TYPES];
    private final long[] dataConsumed = new long[TYPES];
    private final long[] headerLimit = new long[TYPES];
    private final long[] dataLimit = new long[TYPES];

    /**
     * @param postedHeaders posted header credits the receiver advertises, 0 for infinite
     * @param postedData posted data credits, 0 for infinite
     * @param nonPostedHeaders non-posted header credits, 0 for infinite
     * @param completionHeaders completion header credits, 0 for infinite
     * @param completionData completion data credits, 0 for infinite
     */
    FlowControl(final int postedHeaders, final int postedData, final int nonPostedHeaders,
        final int completionHeaders, final int completionData)
    {
        init(POSTED, postedHeaders, postedData);
        init(NON_POSTED, nonPostedHeaders, 0);
        init(COMPLETION, completionHeaders, completionData);
    }

    private void init(final int type, final int headers, final int data)
    {
        infinite[type] = headers == 0;
        headerLimit[type] = headers;
        dataLimit[type] = data == 0 ? Long.MAX_VALUE : data;
    }

    /**
     * @param kind a {@link Tlp} kind
     * @return its credit type
     */
    static int typeOf(final int kind)
    {
        return switch (kind)
        {
            case Tlp.MEMORY_WRITE -> POSTED;
            case Tlp.MEMORY_READ -> NON_POSTED;
            case Tlp.COMPLETION -> COMPLETION;
            default -> throw new IllegalArgumentException("no credit type for TLP kind " + kind);
        };
    }

    /**
     * @param type a credit type
     * @param dataCredits the TLP's data credits
     * @return whether a TLP of this type and size fits under the advertised limit now
     */
    boolean fits(final int type, final int dataCredits)
    {
        return infinite[type] || headersConsumed[type] + 1 <= headerLimit[type]
            && dataConsumed[type] + dataCredits <= dataLimit[type];
    }

    /**
     * Takes a TLP's credits; the caller checked {@link #fits}.
     *
     * @param type a credit type
     * @param dataCredits the TLP's data credits
     */
    void consume(final int type, final int dataCredits)
    {
        headersConsumed[type]++;
        dataConsumed[type] += dataCredits;
    }

    /**
     * Applies an UpdateFC: the receiver's cumulative credits allocated (initial plus freed). An
     * older update than one already applied changes nothing.
     *
     * @param type a credit type
     * @param headersAllocated the new header credit limit
     * @param dataAllocated the new data credit limit
     */
    void update(final int type, final long headersAllocated, final long dataAllocated)
    {
        if (infinite[type])
        {
            return;
        }
        headerLimit[type] = Math.max(headerLimit[type], headersAllocated);
        if (dataLimit[type] != Long.MAX_VALUE)
        {
            dataLimit[type] = Math.max(dataLimit[type], dataAllocated);
        }
    }

    /**
     * @param type a credit type
     * @return whether the receiver advertised infinite credits of that type
     */
    boolean infinite(final int type)
    {
        return infinite[type];
    }

    /**
     * @param type a credit type
     * @return header credits available now ({@link Long#MAX_VALUE} if infinite)
     */
    long headersAvailable(final int type)
    {
        return infinite[type] ? Long.MAX_VALUE : headerLimit[type] - headersConsumed[type];
    }
}
