package org.sansim.provider.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.statistics.Statistics;
import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.QpState;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.driver.kernel.QpAttributes;
import org.sansim.provider.driver.user.PostStatus;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;

/**
 * Memory protection, as a property (issue 13, item 3). Each try builds the two-node testbed, gives
 * each host an arena of pages filled with a guard pattern that depends on the address, registers
 * random ranges of it with random access rights (some in another protection domain, some
 * deregistered again), then throws random RDMA WRITEs, READs, SENDs and atomics at the hosts with
 * keys that are valid, stale, of the wrong PD or random, and offsets and lengths that are 0, 1,
 * page-crossing or beyond the region, in both directions.
 *
 * <p>After each work request both arenas are compared with a model: a request that succeeded
 * changed exactly its target bytes; one that failed may have changed only bytes of its target that a
 * live region of the QP's PD lets it write (a WRITE's first packets may land before a later one is
 * refused); nothing else may change. The model says which translation each key, range and access
 * passes (HARDWARE.md 11.4) and so which completion each side gets (11.4's table, 9.4), and the
 * requests posted after an error complete with {@code WR_FLUSH}, with the QPs' states as section 9.4
 * and 11.4 say (the requester's QP in ERROR after any error; the responder's too after a NAK it sent).
 */
class ProtectionPropertyTest
{
    private static final int ARENA_PAGES = 6;
    private static final int PAGE = 4096;
    private static final int ARENA_BYTES = ARENA_PAGES * PAGE;
    private static final long LIMIT_PS = 2_000_000_000L;
    private static final int ALL = AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE | AccessFlags.REMOTE_READ
        | AccessFlags.REMOTE_WRITE | AccessFlags.REMOTE_ATOMIC;

    /** A registration attempt and what became of it. */
    static final class Region
    {
        final long va;
        final long length;
        final int access;
        final int pd;
        int key;
        boolean live;

        Region(final long va, final long length, final int access, final int pd)
        {
            this.va = va;
            this.length = length;
            this.access = access;
            this.pd = pd;
        }
    }

    /** One host's arena, its regions and the model of its bytes. */
    static final class Host
    {
        final Testbed.Node node;
        final long arena;
        final byte[] model = new byte[ARENA_BYTES];
        final List<Region> regions = new ArrayList<>();

        Host(final Testbed.Node node, final long arena)
        {
            this.node = node;
            this.arena = arena;
        }

        byte[] actual()
        {
            final byte[] b = new byte[ARENA_BYTES];
            node.process().addressSpace().read(arena, b, 0, ARENA_BYTES);
            return b;
        }

        /** @return the live region of the QP's PD the key names, or null */
        Region region(final int key)
        {
            for (final Region r : regions)
            {
                if (r.live && r.key == key && r.pd == node.device().pd())
                {
                    return r;
                }
            }
            return null;
        }

        /** Whether {@code key} translates {@code [va, va + len)} with {@code access} (HARDWARE.md 11.4). */
        boolean passes(final int key, final long va, final long len, final int access)
        {
            final Region r = region(key);
            return r != null && (r.access & access) == access && va >= r.va && va + len <= r.va + r.length;
        }

        /** Whether {@code key} may write the byte at {@code va}, whatever the length asked. */
        boolean writable(final int key, final long va, final int access)
        {
            final Region r = region(key);
            return r != null && (r.access & access) == access && va >= r.va && va < r.va + r.length;
        }
    }

    /** A byte range of one host that a request may write, with the key and access that guard it. */
    record Target(Host host, int key, long va, long len, int access)
    {
    }

    @Property(tries = 300, seed = "20261207", shrinking = ShrinkingMode.OFF)
    @Tag("property")
    void shouldKeepEveryByteOutsideRegisteredWritableRangesAndReportEveryViolation(@ForAll final long seed)
    {
        new Case(new Random(seed)).run();
        // the generators reach every outcome the property is about
        Statistics.label("completion").coverage(c ->
        {
            c.check(WcStatus.SUCCESS).count((final Integer n) -> n >= 50);
            for (final WcStatus s : new WcStatus[] {WcStatus.LOCAL_PROTECTION_ERROR, WcStatus.REMOTE_ACCESS_ERROR,
                WcStatus.REMOTE_INVALID_REQUEST_ERROR, WcStatus.REMOTE_OPERATION_ERROR})
            {
                c.check(s).count((final Integer n) -> n >= 3);
            }
        });
    }

    /** One try: a testbed, its regions and a run of requests up to the first error and past it. */
    static final class Case
    {
        final Random rnd;
        final Testbed t = new Testbed(PAGE);
        final Host[] hosts = new Host[2];
        final StringBuilder log = new StringBuilder();
        long nextWrId = 1;

        Case(final Random rnd)
        {
            this.rnd = rnd;
        }

        void run()
        {
            for (int h = 0; h < 2; h++)
            {
                hosts[h] = arena(t.node(h));
            }
            for (final Host h : hosts)
            {
                registerRegions(h);
            }
            scan("after registration", null, null);
            final int requests = 1 + rnd.nextInt(12);
            for (int i = 0; i < requests; i++)
            {
                final Host req = hosts[rnd.nextInt(2)];
                final Host resp = hosts[1 - req.node.index()];
                if (!request(req, resp))
                {
                    afterError(req, resp);
                    return;
                }
            }
        }

        Host arena(final Testbed.Node n)
        {
            final long[] va = {0};
            t.at(n, () -> va[0] = n.process().allocate(ARENA_BYTES, PageSize.SIZE_4K, Access.READ_WRITE));
            assertTrue(t.runUntil(() -> va[0] != 0, t.timePs() + LIMIT_PS));
            assertTrue(va[0] != SimProcess.NO_MEMORY);
            final Host h = new Host(n, va[0]);
            for (int i = 0; i < ARENA_BYTES; i++)
            {
                h.model[i] = guard(n.index(), va[0] + i);
            }
            n.process().addressSpace().write(va[0], h.model, 0, ARENA_BYTES);
            return h;
        }

        static byte guard(final int host, final long va)
        {
            return (byte)((va * 0x9E37_79B1L >>> 13) ^ (host == 0 ? 0x5A : 0xC3));
        }

        void registerRegions(final Host h)
        {
            final int count = 2 + rnd.nextInt(4);
            for (int i = 0; i < count; i++)
            {
                final long start = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(ARENA_BYTES - 1);
                final long length = rnd.nextInt(3) == 0 ? ARENA_BYTES - start : 1 + rnd.nextInt((int)(ARENA_BYTES - start));
                final int access = i == 0 || rnd.nextInt(3) == 0 ? ALL : rnd.nextInt(ALL + 1);
                final int pd = i > 0 && rnd.nextInt(6) == 0 ? h.node.device().pd() + 1 : h.node.device().pd();
                final Region r = new Region(h.arena + start, length, access, pd);
                final DriverStatus[] status = {null};
                t.at(h.node, () -> h.node.device().kernel().registerMemory(h.node.process(), r.va, r.length, r.access,
                    r.pd, (s, cs, key) ->
                    {
                        status[0] = s;
                        r.key = key;
                    }));
                assertTrue(t.runUntil(() -> status[0] != null, t.timePs() + LIMIT_PS));
                // REMOTE_WRITE or REMOTE_ATOMIC without LOCAL_WRITE is refused (HARDWARE.md 11.2)
                assertEquals(AccessFlags.valid(access), status[0] == DriverStatus.OK,
                    () -> "registration of access " + access + ": " + status[0]);
                r.live = status[0] == DriverStatus.OK;
                h.regions.add(r);
                log.append("host").append(h.node.index()).append(" region ").append(r.va - h.arena).append('+')
                    .append(r.length).append(" access ").append(access).append(" pd ").append(pd)
                    .append(" key ").append(Integer.toHexString(r.key)).append(r.live ? "" : " refused").append('\n');
            }
            // deregister some (never the first): their keys go stale
            for (final Region r : h.regions)
            {
                if (r.live && r != h.regions.get(0) && rnd.nextInt(4) == 0)
                {
                    final DriverStatus[] status = {null};
                    t.at(h.node, () -> h.node.device().kernel().deregisterMemory(r.key, (s, cs, v) -> status[0] = s));
                    assertTrue(t.runUntil(() -> status[0] != null, t.timePs() + LIMIT_PS));
                    assertEquals(DriverStatus.OK, status[0]);
                    r.live = false;
                    log.append("host").append(h.node.index()).append(" deregistered ")
                        .append(Integer.toHexString(r.key)).append('\n');
                }
            }
        }

        /**
         * A key: half the time one of the host's live regions of the QP's PD that grants
         * {@code access}; else one of its registrations (live, stale or of another PD), or random.
         */
        int key(final Host h, final int access)
        {
            if (rnd.nextInt(10) < 7)
            {
                final List<Region> good = new ArrayList<>();
                for (final Region r : h.regions)
                {
                    if (r.live && r.pd == h.node.device().pd() && (r.access & access) == access)
                    {
                        good.add(r);
                    }
                }
                if (!good.isEmpty())
                {
                    return good.get(rnd.nextInt(good.size())).key;
                }
            }
            final int pick = rnd.nextInt(10);
            if (pick == 0)
            {
                return rnd.nextInt();
            }
            if (pick == 1)
            {
                return h.node.mr().lkey() + 1; // same MPT index as the testbed's buffer, another variant
            }
            final Region r = h.regions.get(rnd.nextInt(h.regions.size()));
            return r.key != 0 ? r.key : rnd.nextInt();
        }

        /** An address near a region of the key's host, or anywhere in the arena. */
        long address(final Host h, final int key, final long len)
        {
            final Region r = h.region(key);
            final int pick = rnd.nextInt(8);
            if (r != null && pick < 5)
            {
                final long room = r.length - len;
                return room >= 0 ? r.va + (long)(rnd.nextDouble() * (room + 1)) : r.va;
            }
            if (r != null && pick == 5)
            {
                return r.va + r.length - Math.max(0, len - 1 - rnd.nextInt(2)); // at or one past the end
            }
            if (r != null && pick == 6)
            {
                return r.va - 1 - rnd.nextInt(64); // before the start
            }
            return h.arena + rnd.nextInt(ARENA_BYTES);
        }

        int length()
        {
            switch (rnd.nextInt(6))
            {
                case 0:
                    return 0;
                case 1:
                    return 1;
                case 2:
                    return PAGE + 1 + rnd.nextInt(PAGE); // crosses a page
                case 3:
                    return 1 + rnd.nextInt(64);
                default:
                    return 1 + rnd.nextInt(3 * PAGE);
            }
        }

        /**
         * Posts one random request from {@code req} to {@code resp}, waits for its completions and
         * checks them and both arenas against the model.
         *
         * @return whether it succeeded
         */
        boolean request(final Host req, final Host resp)
        {
            final int kind = rnd.nextInt(5);
            final long wrId = nextWrId++;
            final SendRequest wr = new SendRequest(1, 0).clear().wrId(wrId).signalled(true);
            final int lkey;
            WcStatus expected;
            WcStatus expectedResp = null;
            final List<Target> targets = new ArrayList<>();
            RecvRequest rr = null;
            boolean responderErrs = false;
            boolean sendBothFail = false;
            boolean zeroLengthRead = false;
            final String what;
            if (kind <= 2)
            {
                // WRITE, READ or SEND of a random length
                final int len = length();
                lkey = key(req, kind == 1 ? AccessFlags.LOCAL_WRITE : AccessFlags.LOCAL_READ);
                final long local = address(req, lkey, len);
                if (kind == 2)
                {
                    final int rkeyRecv = key(resp, AccessFlags.LOCAL_WRITE);
                    final int recvLen = rnd.nextInt(4) == 0 ? Math.max(0, len - 1 - rnd.nextInt(16)) : len + rnd.nextInt(64);
                    final long recvVa = address(resp, rkeyRecv, recvLen);
                    rr = new RecvRequest(1).clear().wrId(wrId).addSge(recvVa, recvLen, rkeyRecv);
                    wr.opcode(WqeOpcode.SEND).addSge(local, len, lkey);
                    curLocal = local;
                    what = "SEND " + len + " from " + off(req, local) + " key " + hex(lkey) + " into recv "
                        + off(resp, recvVa) + "+" + recvLen + " key " + hex(rkeyRecv);
                    if (len > 0 && !req.passes(lkey, local, len, AccessFlags.LOCAL_READ))
                    {
                        expected = WcStatus.LOCAL_PROTECTION_ERROR;
                    }
                    else if (len > recvLen && (recvLen == 0
                        || resp.passes(rkeyRecv, recvVa, recvLen, AccessFlags.LOCAL_WRITE)))
                    {
                        expected = WcStatus.REMOTE_INVALID_REQUEST_ERROR;
                        expectedResp = WcStatus.LOCAL_LENGTH_ERROR;
                        responderErrs = true;
                        targets.add(new Target(resp, rkeyRecv, recvVa, recvLen, AccessFlags.LOCAL_WRITE));
                    }
                    else if (len > recvLen)
                    {
                        // too long for the receive WQE and its key fails too: HARDWARE.md orders neither
                        expected = null;
                        expectedResp = null;
                        responderErrs = true;
                        sendBothFail = true;
                        targets.add(new Target(resp, rkeyRecv, recvVa, recvLen, AccessFlags.LOCAL_WRITE));
                    }
                    else if (len > 0 && !resp.passes(rkeyRecv, recvVa, len, AccessFlags.LOCAL_WRITE))
                    {
                        expected = WcStatus.REMOTE_OPERATION_ERROR;
                        expectedResp = WcStatus.LOCAL_ACCESS_ERROR;
                        responderErrs = true;
                        targets.add(new Target(resp, rkeyRecv, recvVa, len, AccessFlags.LOCAL_WRITE));
                    }
                    else
                    {
                        expected = WcStatus.SUCCESS;
                        expectedResp = WcStatus.SUCCESS;
                        targets.add(new Target(resp, rkeyRecv, recvVa, len, AccessFlags.LOCAL_WRITE));
                    }
                }
                else
                {
                    final int rkey = key(resp, kind == 1 ? AccessFlags.REMOTE_READ : AccessFlags.REMOTE_WRITE);
                    final long remote = address(resp, rkey, len);
                    final boolean read = kind == 1;
                    wr.opcode(read ? WqeOpcode.RDMA_READ : WqeOpcode.RDMA_WRITE).remote(remote, rkey)
                        .addSge(local, len, lkey);
                    curLocal = local;
                    curRemote = remote;
                    what = (read ? "READ " : "WRITE ") + len + " local " + off(req, local) + " key " + hex(lkey)
                        + " remote " + off(resp, remote) + " key " + hex(rkey);
                    final int localAccess = read ? AccessFlags.LOCAL_WRITE : AccessFlags.LOCAL_READ;
                    final int remoteAccess = read ? AccessFlags.REMOTE_READ : AccessFlags.REMOTE_WRITE;
                    if (len > 0 && !req.passes(lkey, local, len, localAccess))
                    {
                        expected = WcStatus.LOCAL_PROTECTION_ERROR;
                        if (read && !(resp.passes(rkey, remote, len, remoteAccess)))
                        {
                            expected = null; // both sides fail: either report is documented
                            responderErrs = true;
                        }
                    }
                    else if (len > 0 && !resp.passes(rkey, remote, len, remoteAccess))
                    {
                        expected = WcStatus.REMOTE_ACCESS_ERROR;
                        responderErrs = true;
                    }
                    else if (len == 0 && read && !resp.passes(rkey, remote, 0, remoteAccess))
                    {
                        // IBA C9-88 lets a responder skip the R_Key check of a zero-length READ (this
                        // NIC skips it for WRITEs, and checks it for READs); HARDWARE.md says neither
                        expected = null;
                        zeroLengthRead = true;
                    }
                    else
                    {
                        expected = WcStatus.SUCCESS;
                    }
                    if (read)
                    {
                        targets.add(new Target(req, lkey, local, len, AccessFlags.LOCAL_WRITE));
                    }
                    else
                    {
                        targets.add(new Target(resp, rkey, remote, len, AccessFlags.REMOTE_WRITE));
                    }
                }
            }
            else
            {
                // atomics: 8 bytes, remote 8-byte aligned or not
                final boolean cs = kind == 3;
                lkey = key(req, AccessFlags.LOCAL_WRITE);
                final int rkey = key(resp, AccessFlags.REMOTE_ATOMIC);
                long remote = address(resp, rkey, 8);
                if (rnd.nextInt(6) != 0)
                {
                    remote = (remote + 7) & ~7L;
                }
                final long local = address(req, lkey, 8);
                curSwap = rnd.nextLong();
                curCompare = rnd.nextBoolean() ? 0 : rnd.nextLong();
                if (rnd.nextBoolean() && resp.passes(rkey, remote, 8, 0))
                {
                    curCompare = getLongLE(resp, remote); // a compare that matches
                }
                curRemote = remote;
                wr.opcode(cs ? WqeOpcode.ATOMIC_CS : WqeOpcode.ATOMIC_FA).remote(remote, rkey)
                    .atomic(curSwap, curCompare).addSge(local, 8, lkey);
                what = (cs ? "ATOMIC_CS" : "ATOMIC_FA") + " local " + off(req, local) + " key " + hex(lkey) + " remote "
                    + off(resp, remote) + " key " + hex(rkey);
                final boolean localOk = req.passes(lkey, local, 8, AccessFlags.LOCAL_WRITE);
                final boolean remoteOk = (remote & 7) == 0 && resp.passes(rkey, remote, 8, AccessFlags.REMOTE_ATOMIC);
                if (!remoteOk)
                {
                    // misaligned: invalid request (class C); key: remote access error
                    expected = (remote & 7) != 0 ? WcStatus.REMOTE_INVALID_REQUEST_ERROR : WcStatus.REMOTE_ACCESS_ERROR;
                    responderErrs = true;
                    if (!localOk)
                    {
                        expected = null;
                    }
                }
                else
                {
                    expected = localOk ? WcStatus.SUCCESS : WcStatus.LOCAL_PROTECTION_ERROR;
                }
                targets.add(new Target(req, lkey, local, 8, AccessFlags.LOCAL_WRITE));
                targets.add(new Target(resp, rkey, remote, 8, AccessFlags.REMOTE_ATOMIC));
            }
            log.append("wr ").append(wrId).append(" host").append(req.node.index()).append(": ").append(what)
                .append(" -> expect ").append(expected).append('\n');
            final byte[] before = expected == WcStatus.SUCCESS || zeroLengthRead
                ? expectedAfter(req, resp, kind, wr, targets) : null;
            if (rr != null)
            {
                final RecvRequest post = rr;
                final int[] rc = {-1};
                t.at(resp.node, () -> rc[0] = resp.node.device().postRecv(resp.node.qp(), post));
                assertTrue(t.runUntil(() -> rc[0] >= 0, t.timePs() + LIMIT_PS));
                assertEquals(PostStatus.OK, rc[0]);
            }
            final int[] rc = {-1};
            t.at(req.node, () -> rc[0] = req.node.device().postSend(req.node.qp(), wr));
            final WorkCompletion got = poll(req, 1).get(0);
            assertEquals(PostStatus.OK, rc[0]);
            assertEquals(wrId, got.wrId(), this::context);
            if (expected != null)
            {
                assertEquals(expected, got.status(), () -> "requester completion of wr " + wrId + "\n" + context());
            }
            else if (zeroLengthRead)
            {
                assertTrue(got.status() == WcStatus.SUCCESS || got.status() == WcStatus.REMOTE_ACCESS_ERROR,
                    () -> got.status() + "\n" + context());
                responderErrs = got.status() != WcStatus.SUCCESS;
            }
            else if (sendBothFail)
            {
                final WorkCompletion r = poll(resp, 1).get(0);
                final boolean length = got.status() == WcStatus.REMOTE_INVALID_REQUEST_ERROR
                    && r.status() == WcStatus.LOCAL_LENGTH_ERROR;
                final boolean access = got.status() == WcStatus.REMOTE_OPERATION_ERROR
                    && r.status() == WcStatus.LOCAL_ACCESS_ERROR;
                assertTrue(length || access, () -> got.status() + " / " + r.status() + "\n" + context());
            }
            else
            {
                assertTrue(got.status() == WcStatus.LOCAL_PROTECTION_ERROR
                    || got.status() == WcStatus.REMOTE_ACCESS_ERROR
                    || got.status() == WcStatus.REMOTE_INVALID_REQUEST_ERROR, () -> got.status() + "\n" + context());
                responderErrs = got.status() != WcStatus.LOCAL_PROTECTION_ERROR;
            }
            if (expectedResp != null)
            {
                final WorkCompletion r = poll(resp, 1).get(0);
                assertEquals(expectedResp, r.status(), () -> "responder completion of wr " + wrId + "\n" + context());
            }
            // let the responder's DMA writes land before looking
            t.runUntil(() -> false, t.timePs() + 20_000_000);
            final boolean ok = got.status() == WcStatus.SUCCESS;
            Statistics.label("completion").collect(got.status());
            if (ok)
            {
                final byte[] expectedBytes = before;
                scanExact(expectedBytes, req, resp);
            }
            else
            {
                scan("after wr " + wrId + " (" + got.status() + ")", targets, null);
            }
            if (!ok)
            {
                lastResponderErrs = responderErrs;
                lastSendRecv = rr != null;
            }
            return ok;
        }

        boolean lastResponderErrs;
        boolean lastSendRecv;
        long curLocal;
        long curRemote;
        long curSwap;
        long curCompare;

        /**
         * Computes both arenas after a successful request: the model with its target bytes replaced.
         * Returns the two arenas concatenated; the model is updated.
         */
        byte[] expectedAfter(final Host req, final Host resp, final int kind, final SendRequest wr,
            final List<Target> targets)
        {
            final Target tg = targets.get(0);
            if (kind == 0 || kind == 2)
            {
                // WRITE or SEND: the requester's source bytes land at the target
                final long src = curLocal;
                copyModel(req, src, tg.host(), tg.va(), (int)tg.len());
            }
            else if (kind == 1)
            {
                final long src = curRemote;
                copyModel(resp, src, req, tg.va(), (int)tg.len());
            }
            else
            {
                // atomics: the original remote value lands locally; the remote one changes by the rule
                final long remote = curRemote;
                final long original = getLongLE(resp, remote);
                final long swapAdd = curSwap;
                final long compare = curCompare;
                final long updated = kind == 3 ? (original == compare ? swapAdd : original) : original + swapAdd;
                putLongLE(req, tg.va(), original);
                putLongLE(resp, remote, updated);
            }
            final byte[] all = new byte[2 * ARENA_BYTES];
            System.arraycopy(hosts[0].model, 0, all, 0, ARENA_BYTES);
            System.arraycopy(hosts[1].model, 0, all, ARENA_BYTES, ARENA_BYTES);
            return all;
        }

        void copyModel(final Host from, final long src, final Host to, final long dst, final int len)
        {
            final byte[] tmp = new byte[len];
            for (int i = 0; i < len; i++)
            {
                tmp[i] = from.model[(int)(src - from.arena) + i];
            }
            for (int i = 0; i < len; i++)
            {
                to.model[(int)(dst - to.arena) + i] = tmp[i];
            }
        }

        static long getLongLE(final Host h, final long va)
        {
            long v = 0;
            for (int i = 7; i >= 0; i--)
            {
                v = v << 8 | (h.model[(int)(va - h.arena) + i] & 0xFF);
            }
            return v;
        }

        static void putLongLE(final Host h, final long va, final long value)
        {
            for (int i = 0; i < 8; i++)
            {
                h.model[(int)(va - h.arena) + i] = (byte)(value >>> (8 * i));
            }
        }

        void scanExact(final byte[] expected, final Host req, final Host resp)
        {
            scan("after a successful request", null, null);
            for (int h = 0; h < 2; h++)
            {
                final byte[] actual = hosts[h].actual();
                for (int i = 0; i < ARENA_BYTES; i++)
                {
                    if (actual[i] != expected[h * ARENA_BYTES + i])
                    {
                        final int at = i;
                        final int host = h;
                        fail(() -> "host" + host + " arena byte " + at + " is " + actual[at] + ", expected "
                            + expected[host * ARENA_BYTES + at] + "\n" + context());
                    }
                }
            }
        }

        /**
         * Checks that every byte of both arenas equals the model, except bytes of {@code targets}
         * that a live region lets the request write; then takes those into the model.
         */
        void scan(final String when, final List<Target> targets, final Object unused)
        {
            for (final Host h : hosts)
            {
                // the testbed's own registered buffer (the only other user memory) is never a target
                final byte[] other = h.node.read(0, PAGE);
                for (int i = 0; i < PAGE; i++)
                {
                    final int at = i;
                    assertEquals(0, other[i], () -> when + ": host" + h.node.index() + " testbed buffer byte " + at
                        + " changed\n" + context());
                }
                final byte[] actual = h.actual();
                for (int i = 0; i < ARENA_BYTES; i++)
                {
                    if (actual[i] == h.model[i])
                    {
                        continue;
                    }
                    final long va = h.arena + i;
                    boolean allowed = false;
                    if (targets != null)
                    {
                        for (final Target tg : targets)
                        {
                            if (tg.host() == h && va >= tg.va() && va < tg.va() + tg.len()
                                && h.writable(tg.key(), va, tg.access()))
                            {
                                allowed = true;
                            }
                        }
                    }
                    final int at = i;
                    assertTrue(allowed, () -> when + ": host" + h.node.index() + " arena byte " + at
                        + " changed outside every registered, writable target\n" + context());
                    h.model[i] = actual[i];
                }
            }
        }

        /**
         * After an error: the requester's QP is in ERROR and a request posted to it completes with
         * WR_FLUSH without touching memory; the responder's QP is in ERROR if it reported the error
         * (a NAK or a responder CQE), else still in RTS and working.
         */
        void afterError(final Host req, final Host resp)
        {
            assertEquals(QpState.ERROR.code(), queryState(req), () -> "requester QP state\n" + context());
            assertEquals(lastResponderErrs ? QpState.ERROR.code() : QpState.RTS.code(), queryState(resp),
                () -> "responder QP state\n" + context());
            // a valid WRITE into the peer's testbed buffer is flushed
            final long wrId = nextWrId++;
            final byte[] peerBefore = resp.node.read(0, 64);
            req.node.write(0, new byte[64]);
            final SendRequest wr = new SendRequest(1, 0).clear().wrId(wrId).signalled(true)
                .opcode(WqeOpcode.RDMA_WRITE).remote(resp.node.mr().va(), resp.node.mr().rkey())
                .addSge(req.node.mr().va(), 64, req.node.mr().lkey());
            final int[] rc = {-1};
            t.at(req.node, () -> rc[0] = req.node.device().postSend(req.node.qp(), wr));
            final WorkCompletion got = poll(req, 1).get(0);
            assertEquals(PostStatus.OK, rc[0]);
            assertEquals(wrId, got.wrId());
            assertEquals(WcStatus.WR_FLUSH_ERROR, got.status(), this::context);
            t.runUntil(() -> false, t.timePs() + 20_000_000);
            assertEquals(java.util.Arrays.toString(peerBefore), java.util.Arrays.toString(resp.node.read(0, 64)));
            scan("after the flushed request", null, null);
        }

        int queryState(final Host h)
        {
            final int[] state = {-1};
            final QpAttributes a = new QpAttributes();
            t.at(h.node, () -> h.node.device().kernel().queryQp(h.node.qp().qpn(), a, (s, cs, v) ->
                state[0] = s == DriverStatus.OK ? v : -2));
            assertTrue(t.runUntil(() -> state[0] != -1, t.timePs() + LIMIT_PS));
            return state[0];
        }

        List<WorkCompletion> poll(final Host h, final int count)
        {
            final List<WorkCompletion> out = new ArrayList<>();
            final WorkCompletion[] wcs = {new WorkCompletion()};
            final boolean done = t.runUntil(() ->
            {
                while (out.size() < count && h.node.device().pollCq(h.node.cq(), wcs, 1) == 1)
                {
                    out.add(wcs[0]);
                    wcs[0] = new WorkCompletion();
                }
                return out.size() >= count;
            }, t.timePs() + LIMIT_PS);
            assertTrue(done, () -> "no completion on host" + h.node.index() + "\n" + context());
            return out;
        }

        String context()
        {
            return log.toString();
        }

        static String off(final Host h, final long va)
        {
            return "arena" + (va >= h.arena ? "+" + (va - h.arena) : "-" + (h.arena - va));
        }

        static String hex(final int key)
        {
            return Integer.toHexString(key);
        }
    }
}
