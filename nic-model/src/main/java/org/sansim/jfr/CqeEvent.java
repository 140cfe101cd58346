package org.sansim.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code org.sansim.Cqe}: a completion-queue entry the completion unit wrote to host memory.
 * Emitted through {@link SimJfr}, only while {@link SimJfr#enabled()}.
 */
@Name("org.sansim.Cqe")
@Label("CQE")
@Category({"SanSim"})
@Description("A completion-queue entry the completion unit wrote to host memory.")
@StackTrace(false)
public final class CqeEvent extends SimEvent
{
    /** CQ number. */
    @Label("CQ number")
    int cqn;

    /** CQE index in the queue. */
    @Label("CQE index in the queue")
    int index;
}
