/**
 * A verbs-like API ({@code ibv_*} in spirit) over the kernel-mode and user-mode drivers, and a
 * two-node back-to-back {@link org.sansim.provider.verbs.Testbed}. Control-path calls are
 * event-driven (a {@link org.sansim.provider.verbs.VerbsCallback}) because simulated host threads
 * do not exist yet; data-path calls (post, poll) return at once, as in libibverbs.
 */
package org.sansim.provider.verbs;
