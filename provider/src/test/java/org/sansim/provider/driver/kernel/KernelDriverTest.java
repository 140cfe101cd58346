package org.sansim.provider.driver.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sansim.host.Access;
import org.sansim.host.AddressSpace;
import org.sansim.host.PageSize;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.CommandStatus;
import org.sansim.hw.CqeDescriptor;
import org.sansim.hw.CqeFlyweight;
import org.sansim.hw.CqeOpcode;
import org.sansim.hw.EqeType;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.MptEntryDescriptor;
import org.sansim.hw.MptEntryFlyweight;
import org.sansim.hw.MttEntryDescriptor;
import org.sansim.hw.MttEntryFlyweight;
import org.sansim.hw.PathMtu;
import org.sansim.hw.QpState;
import org.sansim.hw.VendorSyndrome;
import org.sansim.nic.command.CommandProcessorParams;
import org.sansim.nic.command.QpTable;
import org.sansim.nic.translation.TranslationRequest;
import org.sansim.nic.wqe.SendQueueState;
import org.sansim.provider.driver.kernel.DriverHarness.Result;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;

class KernelDriverTest
{
    private static final long PAGE = 4096;

    @Test
    void shouldBringUpTheDeviceAndReadItsCapabilities()
    {
        final DriverHarness h = new DriverHarness();
        assertFalse(h.nic.ready());
        h.initialised();
        assertTrue(h.nic.ready());
        assertEquals(h.driver.commandQueuePa(), h.nic.commandQueuePa());
        assertEquals(10, h.driver.capabilities().logMaxQp()); // 1024 QPs by default
        assertEquals(PathMtu.MTU_4096.code(), h.driver.capabilities().maxPathMtu());
        assertEquals(128, h.driver.capabilities().uarCount());
        assertEquals(1, h.nic.commands(CommandOpcode.QUERY_DEVICE));
        assertEquals(0, h.nic.failures());
    }

    @Test
    void shouldIgnoreCommandsRungBeforeReady()
    {
        final DriverHarness h = new DriverHarness();
        final Result r = h.call(cb -> h.driver.createEq(4, 0, 1, cb));
        assertEquals(DriverStatus.NOT_READY, r.status());
        assertEquals(0, h.nic.commands(CommandOpcode.CREATE_EQ));
    }

    @Test
    void shouldProgramTheMsixTableThroughBarZeroAndTakeTheInterrupt()
    {
        final DriverHarness h = new DriverHarness();
        assertEquals(KernelDriver.NOT_READY, h.driver.allocateVector(() -> { }));
        h.initialised();
        final long[] ranAtPs = {-1, -1};
        final int vector = h.driver.allocateVector(() -> ranAtPs[0] = h.nowPs());
        assertEquals(0, vector);
        final Result eq = h.call(cb -> h.driver.createEq(4, vector, EqeType.QP_ERROR.maskBit(), cb));
        assertEquals(DriverStatus.OK, eq.status());
        // The harness's driver has no UAR page: arm the EQ at the completion unit, then raise an event.
        h.part.loop().schedule(Event.of("raise", Priority.DEFAULT, () ->
        {
            h.cu.eqDoorbell(eq.value(), 0, true);
            h.cu.postEvent(eq.value(), EqeType.QP_ERROR, 9, 0);
        }), h.nowPs());
        h.sim.run(Long.MAX_VALUE, new org.sansim.sim.SingleThreadRunner());
        assertTrue(ranAtPs[0] > 0, "the handler did not run");
        assertEquals(1, h.cu.interrupts());
        assertEquals(1, h.driver.interruptController().delivered(vector));

        // Masked (freed), the vector keeps the next interrupt pending; unmasking (taking it again) fires it.
        h.driver.freeVector(vector);
        h.part.loop().schedule(Event.of("raise", Priority.DEFAULT, () ->
        {
            h.cu.eqDoorbell(eq.value(), 1, true);
            h.cu.postEvent(eq.value(), EqeType.QP_ERROR, 10, 0);
        }), h.nowPs() + 10_000_000L);
        h.sim.run(Long.MAX_VALUE, new org.sansim.sim.SingleThreadRunner());
        assertEquals(1, h.cu.interrupts());
        assertEquals(0, h.driver.interruptController().spurious());
        final long unmaskPs = h.nowPs();
        h.part.loop().schedule(Event.of("unmask", Priority.DEFAULT,
            () -> assertEquals(vector, h.driver.allocateVector(() -> ranAtPs[1] = h.nowPs()))), unmaskPs);
        h.sim.run(Long.MAX_VALUE, new org.sansim.sim.SingleThreadRunner());
        assertEquals(2, h.cu.interrupts());
        assertTrue(ranAtPs[1] > unmaskPs + h.driver.interruptController().params().deliveryLatencyPs());
    }

    @Test
    void shouldRefuseAMadChannelWithoutTheUarPage()
    {
        final DriverHarness h = new DriverHarness();
        h.initialised();
        final Result r = h.call(cb -> h.driver.openMadChannel(4, (mad, mac, ip, qp) -> { }, cb));
        assertEquals(DriverStatus.BAD_ARGUMENT, r.status());
        assertEquals(0, h.nic.commands(CommandOpcode.SET_MAD_RING));
        assertEquals(-1, h.driver.madEqn());
    }

    @Test
    void shouldRefuseAMadThatIsNot256Bytes()
    {
        final DriverHarness h = new DriverHarness();
        h.initialised();
        final Result r = h.call(cb -> h.driver.sendMad(1, 2, 1, 0x8001_0000, new byte[100], cb));
        assertEquals(DriverStatus.BAD_ARGUMENT, r.status());
        assertEquals(0, h.nic.commands(CommandOpcode.SEND_MAD));
    }

    /** Creates an EQ, a CQ and a QP; returns the QPN. */
    private static int createQp(final DriverHarness h)
    {
        final Result eq = h.call(cb -> h.driver.createEq(4, 0, 1, cb));
        assertEquals(DriverStatus.OK, eq.status());
        final Result cq = h.call(cb -> h.driver.createCq(6, eq.value(), 0, cb));
        assertEquals(DriverStatus.OK, cq.status(), () -> cq.toString());
        final QpAttributes a = new QpAttributes();
        a.pd = 7;
        a.sendCqn = cq.value();
        a.recvCqn = cq.value();
        final Result qp = h.call(cb -> h.driver.createQp(a, cb));
        assertEquals(DriverStatus.OK, qp.status(), () -> qp.toString());
        return qp.value();
    }

    @Test
    void shouldInitialiseCqeOwnerBitsBeforeCreateCq()
    {
        final DriverHarness h = new DriverHarness().initialised();
        final Result eq = h.call(cb -> h.driver.createEq(4, 0, 1, cb));
        final Result cq = h.call(cb -> h.driver.createCq(3, eq.value(), 0, cb));
        final long ring = h.driver.cq(cq.value()).ringPa();
        final CqeFlyweight cqe = new CqeFlyweight();
        for (int i = 0; i < 8; i++)
        {
            cqe.wrap(h.memory, ring + i * CqeDescriptor.LENGTH_BYTES);
            assertTrue(cqe.owner());
            assertEquals(CqeOpcode.INVALID.code(), cqe.opcode());
        }
        assertEquals(0, h.memory.getLongBE(h.driver.cq(cq.value()).doorbellRecordPa()));
    }

    @Test
    void shouldWalkAQpFromResetToRtsWithTheNicTableFollowing()
    {
        final DriverHarness h = new DriverHarness().initialised();
        final int qpn = createQp(h);
        final QpTable table = h.nic.qpTable();
        assertTrue(table.valid(qpn));
        assertTrue(qpn >= 2);
        assertEquals(QpState.RESET, table.state(qpn));
        assertEquals(7, table.pd(qpn));
        assertEquals(h.driver.qp(qpn).ringPa(), table.sqAddress(qpn));
        assertEquals(SendQueueState.ACTIVE, h.fetcher.sendQueueState(qpn));

        final QpAttributes a = new QpAttributes();
        a.port = 1;
        a.access = AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE;
        assertEquals(DriverStatus.OK, h.call(cb -> h.driver.modifyQp(qpn, QpState.RESET, QpState.INIT, a, cb)).status());
        assertEquals(QpState.INIT, table.state(qpn));
        assertEquals(AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE, table.access(qpn));

        a.pathMtu = PathMtu.MTU_1024.code();
        a.remoteQpn = 0x1234;
        a.recvPsn = 0x100;
        a.maxDestRdAtomic = 4;
        a.destIpv4 = 0x0A00_0002;
        assertEquals(DriverStatus.OK, h.call(cb -> h.driver.modifyQp(qpn, QpState.INIT, QpState.RTR, a, cb)).status());
        assertEquals(QpState.RTR, table.state(qpn));
        assertEquals(PathMtu.MTU_1024, table.pathMtu(qpn));
        assertEquals(0x1234, table.remoteQpn(qpn));
        assertEquals(0x100, table.recvPsn(qpn));
        assertEquals(4, table.maxDestRdAtomic(qpn));
        assertEquals(0x0A00_0002, table.destIpv4(qpn));
        assertEquals(0, table.sendPsn(qpn)); // RTR does not read SEND_PSN

        a.sendPsn = 0x200;
        a.retryCount = 5;
        a.rnrRetry = 6;
        a.timeout = 12;
        a.maxRdAtomic = 8;
        assertEquals(DriverStatus.OK, h.call(cb -> h.driver.modifyQp(qpn, QpState.RTR, QpState.RTS, a, cb)).status());
        assertEquals(QpState.RTS, table.state(qpn));
        assertEquals(0x200, table.sendPsn(qpn));
        assertEquals(5, table.retryCount(qpn));
        assertEquals(6, table.rnrRetry(qpn));
        assertEquals(12, table.timeout(qpn));
        assertEquals(8, table.maxRdAtomic(qpn));

        final QpAttributes out = new QpAttributes();
        final Result q = h.call(cb -> h.driver.queryQp(qpn, out, cb));
        assertEquals(QpState.RTS.code(), q.value());
        assertEquals(0x1234, out.remoteQpn);
        assertEquals(0x200, out.sendPsn);
        assertEquals(7, out.pd);
    }

    @Test
    void shouldFailAnIllegalTransitionWithItsStatusAndChangeNothing()
    {
        final DriverHarness h = new DriverHarness().initialised();
        final int qpn = createQp(h);
        final QpAttributes a = new QpAttributes();
        a.pathMtu = PathMtu.MTU_1024.code();
        a.remoteQpn = 99;
        final Result skip = h.call(cb -> h.driver.modifyQp(qpn, QpState.RESET, QpState.RTR, a, cb));
        assertEquals(DriverStatus.COMMAND_FAILED, skip.status());
        assertEquals(CommandStatus.BAD_RESOURCE_STATE, skip.commandStatus());
        final Result wrongFrom = h.call(cb -> h.driver.modifyQp(qpn, QpState.INIT, QpState.RTR, a, cb));
        assertEquals(CommandStatus.BAD_RESOURCE_STATE, wrongFrom.commandStatus());
        assertEquals(QpState.RESET, h.nic.qpTable().state(qpn));
        assertEquals(0, h.nic.qpTable().remoteQpn(qpn));

        assertEquals(DriverStatus.OK, h.call(cb -> h.driver.modifyQp(qpn, QpState.RESET, QpState.INIT, a, cb)).status());
        a.pathMtu = 0; // not a PathMtu code
        final Result badMtu = h.call(cb -> h.driver.modifyQp(qpn, QpState.INIT, QpState.RTR, a, cb));
        assertEquals(CommandStatus.BAD_PARAM, badMtu.commandStatus());
        assertEquals(QpState.INIT, h.nic.qpTable().state(qpn));
        assertEquals(0, h.nic.qpTable().remoteQpn(qpn));

        final Result unknown = h.call(cb -> h.driver.modifyQp(qpn + 100, QpState.RESET, QpState.INIT, a, cb));
        assertEquals(CommandStatus.BAD_RESOURCE, unknown.commandStatus());
        assertEquals(DriverStatus.OK, h.call(cb -> h.driver.modifyQp(qpn, null, QpState.ERROR, a, cb)).status());
        assertEquals(QpState.ERROR, h.nic.qpTable().state(qpn));
    }

    @Test
    void shouldRefuseToDestroyACqInUseAndDestroyItAfterTheQp()
    {
        final DriverHarness h = new DriverHarness().initialised();
        final int qpn = createQp(h);
        final int cqn = h.nic.qpTable().sendCqn(qpn);
        assertEquals(CommandStatus.RESOURCE_BUSY, h.call(cb -> h.driver.destroyCq(cqn, cb)).commandStatus());
        assertEquals(DriverStatus.OK, h.call(cb -> h.driver.destroyQp(qpn, cb)).status());
        assertFalse(h.nic.qpTable().valid(qpn));
        assertEquals(DriverStatus.OK, h.call(cb -> h.driver.destroyCq(cqn, cb)).status());
    }

    @Test
    void shouldRegisterAMultiPageBufferThatTheNicTranslates()
    {
        final DriverHarness h = new DriverHarness().initialised();
        final long base = h.process.allocate(6 * PAGE, PageSize.SIZE_4K, Access.READ_WRITE);
        final long va = base + 100;
        final long length = 4 * PAGE + 50; // touches 5 pages
        final Result r = h.call(cb -> h.driver.registerMemory(h.process, va, length,
            AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE, cb));
        assertEquals(DriverStatus.OK, r.status(), () -> r.toString());
        final int key = r.value();
        assertNotEquals(MemoryKey.NULL_KEY, key);
        final AddressSpace space = h.process.addressSpace();

        final int mttBase = h.driver.mttBase(key);
        final MttEntryFlyweight mtt = new MttEntryFlyweight();
        for (int i = 0; i < 5; i++)
        {
            mtt.wrap(h.memory, h.driver.mttTablePa() + (long)(mttBase + i) * MttEntryDescriptor.LENGTH_BYTES);
            assertEquals(space.translate(base + i * PAGE, 0), mtt.pageAddress(), "MTT entry " + i);
        }
        assertEquals(5, h.driver.mttEntriesInUse());
        final MptEntryFlyweight mpt = new MptEntryFlyweight().wrap(h.memory,
            h.driver.mptTablePa() + (long)MemoryKey.index(key) * MptEntryDescriptor.LENGTH_BYTES);
        assertTrue(mpt.valid());
        assertEquals(MemoryKey.variant(key), mpt.keyVariant());
        assertEquals(va, mpt.startVa());
        assertEquals(length, mpt.length());
        assertEquals(5, mpt.mttCount());
        assertEquals(7, mpt.pd());

        final long at = va + PAGE; // crosses from the 2nd page into the 3rd
        final TranslationRequest t = h.translate(key, at, (int)PAGE, AccessFlags.LOCAL_READ, 7);
        assertTrue(t.ok(), () -> t.vendorSyndrome().toString());
        assertEquals(2, t.segmentCount());
        assertEquals(space.translate(at, 0), t.segmentAddress(0));
        assertEquals(PAGE - 100, t.segmentLength(0));
        assertEquals(space.translate(base + 2 * PAGE, 0), t.segmentAddress(1));
        assertEquals(100, t.segmentLength(1));
    }

    @Test
    void shouldFailToRegisterAnUnmappedBufferWithoutLeavingAKey()
    {
        final DriverHarness h = new DriverHarness().initialised();
        final long base = h.process.allocate(PAGE, PageSize.SIZE_4K, Access.READ_WRITE);
        final Result partly = h.call(cb -> h.driver.registerMemory(h.process, base, 2 * PAGE,
            AccessFlags.LOCAL_READ, cb)); // the second page is the guard gap
        assertEquals(DriverStatus.PAGE_FAULT, partly.status());
        assertEquals(0, partly.value());
        final Result unmapped = h.call(cb -> h.driver.registerMemory(h.process, 0x7000_0000L, PAGE,
            AccessFlags.LOCAL_READ, cb));
        assertEquals(DriverStatus.PAGE_FAULT, unmapped.status());
        assertEquals(0, h.nic.commands(CommandOpcode.CREATE_MKEY));
        assertEquals(0, h.nic.liveKeys());
        assertEquals(0, h.driver.registrations());
        assertEquals(0, h.driver.mttEntriesInUse());
        assertEquals(0, h.driver.pinnedPages());
        assertFalse(new MptEntryFlyweight().wrap(h.memory, h.driver.mptTablePa() + MptEntryDescriptor.LENGTH_BYTES)
            .valid());
    }

    @Test
    void shouldRejectRemoteWriteWithoutLocalWriteInTheDriverAndInTheNic()
    {
        final DriverHarness h = new DriverHarness().initialised();
        final long base = h.process.allocate(PAGE, PageSize.SIZE_4K, Access.READ_WRITE);
        final Result r = h.call(cb -> h.driver.registerMemory(h.process, base, PAGE, AccessFlags.REMOTE_WRITE, cb));
        assertEquals(DriverStatus.BAD_ARGUMENT, r.status());
        assertEquals(0, h.driver.mttEntriesInUse());
        // the NIC's own check, with a hand-made CREATE_MKEY
        final Result raw = h.call(cb -> h.driver.command(CommandOpcode.CREATE_MKEY, (m, pa) ->
            new MptEntryFlyweight().wrap(m, pa).logPageSize(12).access(AccessFlags.REMOTE_WRITE).startVa(base)
                .length(PAGE).mttBase(0).mttCount(1), MailboxReader.NONE, cb));
        assertEquals(CommandStatus.BAD_PARAM, raw.commandStatus());
        final Result shortMtt = h.call(cb -> h.driver.command(CommandOpcode.CREATE_MKEY, (m, pa) ->
            new MptEntryFlyweight().wrap(m, pa).logPageSize(12).access(AccessFlags.LOCAL_READ).startVa(base + 1)
                .length(PAGE).mttBase(0).mttCount(1), MailboxReader.NONE, cb)); // needs 2 entries
        assertEquals(CommandStatus.BAD_PARAM, shortMtt.commandStatus());
        assertEquals(0, h.nic.liveKeys());
    }

    @Test
    void shouldInvalidateTheKeyOnDeregistration()
    {
        final DriverHarness h = new DriverHarness().initialised();
        final long base = h.process.allocate(2 * PAGE, PageSize.SIZE_4K, Access.READ_WRITE);
        final int key = h.call(cb -> h.driver.registerMemory(h.process, base, 2 * PAGE, AccessFlags.LOCAL_READ, cb))
            .value();
        assertTrue(h.translate(key, base, 64, AccessFlags.LOCAL_READ, 7).ok()); // now cached
        assertEquals(DriverStatus.OK, h.call(cb -> h.driver.deregisterMemory(key, cb)).status());
        final TranslationRequest after = h.translate(key, base, 64, AccessFlags.LOCAL_READ, 7);
        assertFalse(after.ok());
        assertEquals(VendorSyndrome.KEY_NOT_VALID, after.vendorSyndrome());
        assertEquals(0, h.driver.mttEntriesInUse());
        assertEquals(0, h.driver.pinnedPages());
        assertEquals(0, h.nic.liveKeys());
        assertEquals(DriverStatus.BAD_ARGUMENT, h.call(cb -> h.driver.deregisterMemory(key, cb)).status());
    }

    @Test
    void shouldTakeMmioDmaFirmwareAndPollTimeForACommand()
    {
        final long pollPs = 1_000;
        final DriverHarness h = new DriverHarness(CommandProcessorParams.defaults(),
            KernelDriverParams.defaults().withPollIntervalPs(pollPs)).initialised();
        final long issuePs = h.nowPs();
        final Result r = h.call(cb -> h.driver.command(CommandOpcode.QUERY_DEVICE, MailboxWriter.NONE,
            MailboxReader.NONE, cb));
        assertEquals(DriverStatus.OK, r.status());
        final long seenPs = r.atPs() - h.driver.params().commandSyscallPs();
        // the parts, in order
        assertTrue(h.nic.lastDoorbellPs() > issuePs, "MMIO write and decode take time");
        assertTrue(h.nic.lastHeaderReadPs() > h.nic.lastDoorbellPs(), "header DMA read takes time");
        assertEquals(h.nic.lastHeaderReadPs(), h.nic.lastInputReadPs(), "QUERY_DEVICE has no input");
        assertEquals(5_000_000L, h.nic.lastExecutePs() - h.nic.lastInputReadPs(), "firmware time");
        assertTrue(h.nic.lastStatusArrivalPs() > h.nic.lastExecutePs(), "output and status DMA writes take time");
        // the first poll at or after the status write sees it
        assertEquals(0, (seenPs - issuePs) % pollPs);
        assertTrue(seenPs >= h.nic.lastStatusArrivalPs());
        assertTrue(seenPs - pollPs < h.nic.lastStatusArrivalPs());
        // a PCIe round trip for the header read is at least twice the link latency
        assertTrue(h.nic.lastHeaderReadPs() - h.nic.lastDoorbellPs() >= 2 * h.link.params().latencyPs());

        // twice the firmware time: the same command takes exactly 5 µs longer
        final DriverHarness slow = new DriverHarness(CommandProcessorParams.defaults().withFirmwareTimeScale(2.0),
            KernelDriverParams.defaults().withPollIntervalPs(pollPs)).initialised();
        final long slowIssuePs = slow.nowPs();
        final Result s = slow.call(cb -> slow.driver.command(CommandOpcode.QUERY_DEVICE, MailboxWriter.NONE,
            MailboxReader.NONE, cb));
        assertEquals(5_000_000L, (s.atPs() - slowIssuePs) - (r.atPs() - issuePs));
    }

    @Test
    void shouldChargeRegistrationCpuTimePerPage()
    {
        final long one = registrationLatencyPs(1);
        final long many = registrationLatencyPs(64);
        final KernelDriverParams p = KernelDriverParams.defaults();
        assertEquals(63 * (p.pinPagePs() + p.mttEntryWritePs()), many - one);
    }

    private static long registrationLatencyPs(final int pages)
    {
        final DriverHarness h = new DriverHarness().initialised();
        final long base = h.process.allocate(pages * PAGE, PageSize.SIZE_4K, Access.READ_WRITE);
        final long startPs = h.nowPs();
        final Result r = h.call(cb -> h.driver.registerMemory(h.process, base, pages * PAGE,
            AccessFlags.LOCAL_READ, cb));
        assertEquals(DriverStatus.OK, r.status());
        return r.atPs() - startPs;
    }
}
