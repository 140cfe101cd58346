package org.sansim.provider.driver.user;

import org.sansim.host.PhysicalMemory;
import org.sansim.hw.ArmCommand;
import org.sansim.hw.CqArmDoorbell;
import org.sansim.hw.CqDoorbellRecordDescriptor;
import org.sansim.hw.CqDoorbellRecordFlyweight;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.OwnerBit;
import org.sansim.hw.UarLayout;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.SpinWait;
import org.sansim.pcie.PcieRootComplex;

/**
 * The user-mode driver's view of one CQ: a ring of 64-byte CQEs in host memory, its CQ doorbell
 * record, and the UAR page its arm doorbell goes to (HARDWARE.md 4.2, 8.2, 9, 13).
 *
 * <p><b>Polling</b> ({@link #poll(WorkCompletion[], int)}): at consumer index <i>c</i> the CQE in
 * slot <i>c</i> mod 2^{@code logSize} belongs to software iff its {@code OWNER} bit equals
 * (<i>c</i> / 2^{@code logSize}) &amp; 1 ({@link OwnerBit}); only then are the other fields read (the
 * read barrier of a real driver). A requester CQE takes its wr_id from the QP's table and retires
 * every earlier unsignalled WQE; a responder CQE takes the receive WQE's wr_id. Error CQEs map
 * their syndrome to a {@link WcStatus}. After the batch the consumer index goes into the doorbell
 * record, a plain memory write.
 *
 * <p><b>Arming</b> ({@link #arm(boolean)}): the arm word (sequence number, command, consumer index)
 * into the doorbell record, then the same word and the CQN as one 64-bit {@code CQ_ARM_DOORBELL}
 * write. The sequence number counts the events this CQ has delivered, modulo 4: whoever consumes
 * the CQ's {@code COMPLETION} event calls {@link #eventDelivered()}, so the next arm is current and
 * an arm written before the event was seen is stale.
 *
 * <p>Polling allocates nothing.
 */
public final class UserCompletionQueue
{
    /** Mask of the 24-bit consumer index. */
    public static final int INDEX_MASK = CqDoorbellRecordDescriptor.CONSUMER_INDEX_MASK;

    private final PhysicalMemory memory;
    private final PcieRootComplex rc;
    /** Counts, for idle poll steps a spinning thread skipped, the empty polls each would have made. */
    private final SpinWait.SkippedSteps skippedEmptyPolls = this::skippedEmptyPolls;
    private final HostCpuCosts costs;
    private final CpuMeter meter;
    private final int cqn;
    private final long basePa;
    private final int logSize;
    private final long doorbellRecordPa;
    private final long armDoorbellAddress;
    private final CqeFlyweight cqe = new CqeFlyweight();
    private final CqDoorbellRecordFlyweight record = new CqDoorbellRecordFlyweight();
    private final UserQueuePair[] qps;
    private int qpCount;
    private int lastQp;

    private int consumerIndex;
    private int armSn;
    private long cqesPolled;
    private long emptyPolls;
    private long unknownQp;

    /**
     * @param memory host memory holding the ring and the record
     * @param rc the root complex MMIO writes leave through
     * @param cqn the CQ number
     * @param basePa the ring of 2^{@code logSize} CQEs, already initialised with owner 1
     * @param logSize log2 of the number of CQEs
     * @param doorbellRecordPa the CQ doorbell record, zeroed
     * @param uarAddress bus address of the UAR page the CQ is armed through
     * @param maxQps most QPs that may report to this CQ
     * @param costs the CPU cost model
     * @param meter where CPU time is charged
     */
    public UserCompletionQueue(final PhysicalMemory memory, final PcieRootComplex rc, final int cqn, final long basePa,
        final int logSize, final long doorbellRecordPa, final long uarAddress, final int maxQps,
        final HostCpuCosts costs, final CpuMeter meter)
    {
        if (logSize < 0 || logSize > 23 || (cqn & ~INDEX_MASK) != 0 || maxQps < 1)
        {
            throw new IllegalArgumentException("CQ " + cqn + ": logSize " + logSize + ", maxQps " + maxQps);
        }
        this.memory = memory;
        this.rc = rc;
        this.costs = costs;
        this.meter = meter;
        this.cqn = cqn;
        this.basePa = basePa;
        this.logSize = logSize;
        this.doorbellRecordPa = doorbellRecordPa;
        this.armDoorbellAddress = uarAddress + UarLayout.CQ_ARM_DOORBELL_OFFSET;
        this.qps = new UserQueuePair[maxQps];
    }

    /**
     * Lets a QP's completions be polled here (its send queue, receive queue or both use this CQ).
     *
     * @param qp the QP
     * @return this
     */
    public UserCompletionQueue attach(final UserQueuePair qp)
    {
        if (qpCount == qps.length)
        {
            throw new IllegalStateException("CQ " + cqn + " already has " + qps.length + " QPs");
        }
        qps[qpCount++] = qp;
        return this;
    }

    /**
     * Polls up to {@code max} completions ({@code ibv_poll_cq}).
     *
     * @param wcs reusable completions, filled from index 0
     * @param max most completions to return, at most {@code wcs.length}
     * @return the number filled
     */
    public int poll(final WorkCompletion[] wcs, final int max)
    {
        meter.syncThread();
        int n = 0;
        while (n < max)
        {
            cqe.wrap(memory, basePa + (long)OwnerBit.slot(consumerIndex, logSize) * CqeDescriptor.LENGTH_BYTES);
            if (!cqe.softwareOwned(consumerIndex, logSize) || cqe.opcode() == CqeOpcode.INVALID.code())
            {
                break;
            }
            // Read barrier: the body only after the owner check.
            fill(wcs[n]);
            consumerIndex = (consumerIndex + 1) & INDEX_MASK;
            n++;
        }
        final SimThread thread = SimThread.current();
        if (n > 0)
        {
            record.wrap(memory, doorbellRecordPa).consumerIndex(consumerIndex);
            cqesPolled += n;
            meter.charge(n * costs.cqePollPs());
            if (thread != null)
            {
                thread.spinWait().noteActivity();
            }
        }
        else
        {
            emptyPolls++;
            meter.charge(costs.emptyPollPs());
            if (thread != null)
            {
                // Nothing until the NIC writes the next CQE: a spinning caller may sleep until then.
                thread.spinWait().watch(rc.deviceWrites(),
                    basePa + (long)OwnerBit.slot(consumerIndex, logSize) * CqeDescriptor.LENGTH_BYTES,
                    CqeDescriptor.LENGTH_BYTES, skippedEmptyPolls);
            }
        }
        return n;
    }

    private void skippedEmptyPolls(final long steps)
    {
        emptyPolls += steps;
        meter.chargeSpun(steps * costs.emptyPollPs());
    }

    private void fill(final WorkCompletion wc)
    {
        final int opcode = cqe.opcode();
        final int counter = cqe.wqeCounter();
        wc.qpn = cqe.qpn();
        wc.wqeCounter = counter;
        wc.byteLength = cqe.byteCount();
        wc.solicited = cqe.solicited();
        wc.hasImmediate = false;
        wc.immediate = 0;
        wc.vendorSyndrome = 0;
        wc.wqeOpcode = null;
        wc.wrId = 0;
        final UserQueuePair qp = find(wc.qpn);
        if (qp == null)
        {
            unknownQp++;
            wc.status = WcStatus.GENERAL_ERROR;
            wc.opcode = CqeOpcode.of(opcode) != null && CqeOpcode.of(opcode).responder() ? WcOpcode.RECV : WcOpcode.SEND;
            return;
        }
        if (opcode == CqeOpcode.REQUESTER.code() || opcode == CqeOpcode.REQUESTER_ERROR.code())
        {
            qp.retireSend(counter, wc);
            wc.opcode = WcOpcode.ofRequester(wc.wqeOpcode);
        }
        else
        {
            qp.retireRecv(counter, wc);
            wc.opcode = opcode == CqeOpcode.RESPONDER_WRITE_IMM.code() ? WcOpcode.RECV_RDMA_WITH_IMM : WcOpcode.RECV;
            if (opcode == CqeOpcode.RESPONDER_SEND_IMM.code() || opcode == CqeOpcode.RESPONDER_WRITE_IMM.code())
            {
                wc.hasImmediate = true;
                wc.immediate = cqe.immediate();
            }
        }
        if (opcode == CqeOpcode.REQUESTER_ERROR.code() || opcode == CqeOpcode.RESPONDER_ERROR.code())
        {
            wc.status = WcStatus.ofErrorSyndrome(cqe.syndrome());
            wc.vendorSyndrome = cqe.vendorSyndrome();
        }
        else
        {
            wc.status = WcStatus.SUCCESS;
        }
    }

    private UserQueuePair find(final int qpn)
    {
        if (qpCount > 0 && qps[lastQp].qpn() == qpn)
        {
            return qps[lastQp];
        }
        for (int i = 0; i < qpCount; i++)
        {
            if (qps[i].qpn() == qpn)
            {
                lastQp = i;
                return qps[i];
            }
        }
        return null;
    }

    /**
     * Requests one event ({@code ibv_req_notify_cq}): the arm word into the doorbell record, then the
     * {@code CQ_ARM_DOORBELL} write. Poll once more afterwards: a CQE may have arrived before the arm.
     *
     * @param solicitedOnly event only on a solicited or error CQE
     */
    public void arm(final boolean solicitedOnly)
    {
        final int armWord = CqDoorbellRecordDescriptor.armWord(armSn,
            solicitedOnly ? ArmCommand.SOLICITED : ArmCommand.NEXT, consumerIndex);
        meter.syncThread();
        record.wrap(memory, doorbellRecordPa).armWord(armWord);
        // The register is big-endian; mmioWrite64 puts a value's low byte first.
        rc.mmioWrite64(armDoorbellAddress, Long.reverseBytes(CqArmDoorbell.encode(armWord, cqn)));
        meter.charge(costs.mmioWritePs());
    }

    /** The CQ's completion event was delivered: the next arm carries the next sequence number. */
    public void eventDelivered()
    {
        armSn = (armSn + 1) & CqDoorbellRecordDescriptor.ARM_SN_MASK;
    }

    /** @return the CQ number */
    public int cqn()
    {
        return cqn;
    }

    /** @return the consumer index, 24 bits */
    public int consumerIndex()
    {
        return consumerIndex;
    }

    /** @return the arm sequence number the next arm will carry */
    public int armSequence()
    {
        return armSn;
    }

    /** @return CQEs consumed */
    public long cqesPolled()
    {
        return cqesPolled;
    }

    /** @return polls that found the CQ empty */
    public long emptyPolls()
    {
        return emptyPolls;
    }

    /** @return CQEs naming a QP not attached to this CQ */
    public long unknownQp()
    {
        return unknownQp;
    }
}
