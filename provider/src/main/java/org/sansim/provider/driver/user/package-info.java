/**
 * The user-mode driver half: posts send and receive work and polls completions the way an
 * mlx5-class provider does, but to SanSim's own layout (HARDWARE.md sections 4, 6–9 and 13).
 *
 * <p>It touches the NIC only through simulated host memory (WQE rings, doorbell records, CQEs) and
 * posted MMIO writes through the {@link org.sansim.pcie.PcieRootComplex}: never a NIC Java object.
 * Every call charges modelled CPU time ({@link org.sansim.provider.driver.user.HostCpuCosts}) to a
 * {@link org.sansim.provider.driver.user.CpuMeter}, which the calling (simulated) host thread drains
 * to advance its clock. Posting and polling allocate nothing: requests and completions are reusable
 * objects with fixed-capacity arrays.
 */
package org.sansim.provider.driver.user;
