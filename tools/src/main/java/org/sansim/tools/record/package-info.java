/**
 * Recording a run as a SanSim trace ({@code sansim run ... --record FILE}): {@link org.sansim.tools.record.TraceRecorder}
 * taps every verbs device and WSD provider, and {@link org.sansim.tools.record.RecordedVerbs} names the conventions
 * its verbs events follow beyond plain send-queue posts.
 */
package org.sansim.tools.record;
