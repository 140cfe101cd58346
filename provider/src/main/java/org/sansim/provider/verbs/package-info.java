/**
 * A verbs-like API ({@code ibv_*} in spirit) over the kernel-mode and user-mode drivers (the
 * two-node testbed its tests run on is a test fixture). Control-path calls are
 * event-driven (a {@link org.sansim.provider.verbs.VerbsCallback}) because simulated host threads
 * do not exist yet; data-path calls (post, poll) return at once, as in libibverbs.
 */
package org.sansim.provider.verbs;
