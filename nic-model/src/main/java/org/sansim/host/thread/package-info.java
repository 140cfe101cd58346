/**
 * Simulated host threads: application and provider code written in ordinary blocking style, run
 * deterministically inside a host's event loop.
 *
 * <p>Each {@link org.sansim.host.thread.SimThread} is a continuation run on the Java thread that
 * runs its host's partition, never a Java thread of its own: only one of them, or the event loop
 * itself, runs at any moment. The loop resumes a thread by firing the thread's own resume event,
 * which runs the thread's code on the loop's Java thread until it blocks
 * ({@link org.sansim.host.thread.SimThread#park()}, {@link org.sansim.host.thread.SimThread#sleep},
 * a wait on a {@link org.sansim.host.thread.HostEvent}, or {@link org.sansim.host.thread.SimThread#sync()}
 * after charging CPU time); blocking suspends the continuation, which returns from the resume event.
 * Which thread runs next is decided only by simulated time and the kernel's event order, so runs are
 * bit-identical whatever the Java scheduler does, and a hand-over costs about what an event costs.
 * The JVM must give access to its continuations ({@code --add-exports
 * java.base/jdk.internal.vm=ALL-UNNAMED}; the launcher, the jar's manifest and the build set it).
 *
 * <p>CPU time: code charges the CPU time it models with
 * {@link org.sansim.host.thread.SimThread#compute(long)}. Charging is lazy: the thread's clock
 * ({@link org.sansim.host.thread.SimThread#nowPs()}) moves at once, and the host's clock catches
 * up at the next blocking point. Anything visible outside the thread (an MMIO write, signalling
 * another thread) must be preceded by {@code sync()}, so it happens at the thread's time. Each
 * thread is modelled as having a core of its own: threads of one host do not contend for CPUs.
 */
package org.sansim.host.thread;
