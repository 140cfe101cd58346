package org.sansim.pcie;

/**
 * How a TLP travels in a {@link org.sansim.sim.Message}: its kind and the meaning of the words.
 * {@link org.sansim.sim.Message#sizeBytes()} is always the TLP's size on the wire.
 *
 * <pre>
 *   kind           word0          word1            word2           word3
 *   MEMORY_WRITE   address        payload bytes    -               flags
 *   MEMORY_READ    address        length (bytes)   tag             flags
 *   COMPLETION     tag            address          payload bytes   flags (LAST on a request's last)
 *   UPDATE_FC      credit type    headers allocated data allocated  -      (a DLLP, not a TLP)
 * </pre>
 *
 * A completion names the address of its first byte instead of the real header's lower address
 * and byte count: the requester needs nothing else to place the data. With {@link #TIMING_ONLY} the
 * TLP carries no data bytes, only its timing.
 */
final class Tlp
{
    /** A posted memory write (MWr): DMA write upstream, MMIO write downstream. */
    static final int MEMORY_WRITE = 1;

    /** A non-posted memory read request (MRd), header only. */
    static final int MEMORY_READ = 2;

    /** A completion with data (CplD). */
    static final int COMPLETION = 3;

    /**
     * An UpdateFC DLLP: the receiver's cumulative credits allocated of one {@link FlowControl} type,
     * for the transmitter at the other end. Data link layer traffic, counted apart from the TLPs.
     */
    static final int UPDATE_FC = 4;

    /** Flag: no data bytes travel or are copied. */
    static final long TIMING_ONLY = 1;

    /** Flag on a completion: the last one of its read request. */
    static final long LAST = 2;

    private Tlp()
    {
    }

    static String kindName(final int kind)
    {
        return switch (kind)
        {
            case MEMORY_WRITE -> "MWr";
            case MEMORY_READ -> "MRd";
            case COMPLETION -> "CplD";
            case UPDATE_FC -> "UpdateFC";
            default -> "unknown(" + kind + ")";
        };
    }
}
