/**
 * NIC state kept in host memory and cached on the chip: the QP context cache over the QP context table
 * (mlx5's ICM for QP contexts), shared by the command processor (which writes and invalidates entries)
 * and the transport (which looks them up on its data path).
 */
package org.sansim.nic.context;
