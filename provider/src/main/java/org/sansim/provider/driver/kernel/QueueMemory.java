package org.sansim.provider.driver.kernel;

/**
 * The host memory the driver allocated for a queue object: the ring(s) and the doorbell record.
 *
 * @param object the EQN, CQN or QPN
 * @param ringPa physical address of the EQ or CQ ring, or of the SQ
 * @param logRingEntries log2 of the ring's entries (EQEs, CQEs, SQ basic blocks)
 * @param rqPa physical address of the RQ (QPs only, else -1)
 * @param doorbellRecordPa physical address of the doorbell record (CQs and QPs, else -1)
 */
public record QueueMemory(int object, long ringPa, int logRingEntries, long rqPa, long doorbellRecordPa)
{
}
