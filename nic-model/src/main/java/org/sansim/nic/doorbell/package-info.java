/**
 * The doorbell unit: the NIC's MMIO target. It decodes the host's posted writes to BAR 0 (the
 * initialisation segment, for the command processor) and BAR 2 (UAR pages: send, CQ arm and EQ
 * doorbells, and BlueFlame write-combined WQEs), and hands each decoded doorbell to the block that
 * owns it through a listener interface, after the decode time of its clock.
 */
package org.sansim.nic.doorbell;
