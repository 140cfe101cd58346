/**
 * Replay of SanSim traces ({@link org.sansim.tools.replay.SanSimTraceReplay}) and of captures
 * ({@link org.sansim.tools.replay.CaptureReplay}) on a scenario's system: the recorded verbs calls run again by
 * simulated threads that keep their dependencies (a post waits for the completions its thread had polled before
 * it, a receive's completion waits for its data) and their pauses, not their timestamps.
 */
package org.sansim.tools.replay;
