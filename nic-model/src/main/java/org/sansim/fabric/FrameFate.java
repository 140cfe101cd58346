package org.sansim.fabric;

/** What the wire does to one data frame, as a {@link LossModel} decides. */
public enum FrameFate
{
    /** The frame arrives intact. */
    DELIVER,

    /** The frame is lost: it occupies the wire but never reaches the receiver's sink. */
    LOSE,

    /** The frame arrives with one bit flipped, so that its ICRC no longer matches. */
    CORRUPT
}
