package org.sansim.provider.cm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.provider.verbs.QpEndpoint;
import org.sansim.provider.verbs.Testbed;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;

/**
 * The CM protocol between two nodes back to back, every message a MAD over the simulated fabric.
 *
 * <pre>
 *   node0 (active)                         node1 (passive, listens on SERVICE)
 *   connect ---- REQ ------------------------&gt; onRequest: QP to RTS, accept
 *   onReply &lt;--- REP ------------------------
 *   QP to RTS, readyToUse ---- RTU ----------&gt; onEstablished
 *   RC SEND over the two QPs with the exchanged QPNs and PSNs
 * </pre>
 */
class ConnectionManagerTest
{
    private static final long SERVICE = 0xB6E3_6EFB_8EDA_1F90L;
    private static final long T_PS = 200_000_000L;
    private static final int RETRIES = 2;
    private static final long CPU_PS = 2_000_000L;
    private static final long MRA_PS = 2_000_000_000L;
    private static final CmParams PARAMS = new CmParams(T_PS, RETRIES, MRA_PS, CPU_PS, 6);
    private static final long LIMIT_PS = 50_000_000_000L;

    private static byte[] bytes(final int length, final int seed)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = (byte)(i * 13 + seed);
        }
        return b;
    }

    /** Records what the active side's handler is told, with the time. */
    private static class Active implements CmConnectHandler
    {
        final CmTestbed bed;
        final List<String> events = new ArrayList<>();
        CmConnection connection;
        int remoteQpn = -1;
        int remotePsn = -1;
        byte[] privateData;
        int reason = -1;
        long timePs = -1;
        boolean rts;
        byte[] disconnectData;

        Active(final CmTestbed bed)
        {
            this.bed = bed;
        }

        @Override
        public void onReply(final CmConnection c, final int qpn, final int psn, final byte[] data)
        {
            events.add("reply");
            connection = c;
            remoteQpn = qpn;
            remotePsn = psn;
            privateData = data;
            timePs = bed.loop(0).nowPs();
            final Testbed.Node a = bed.testbed().node(0);
            a.device().connect(a.qp(), new QpEndpoint(qpn, psn, c.peerMac(), c.peerIpv4()), Testbed.BUFFER_ACCESS,
                (s, q) ->
                {
                    assertEquals(DriverStatus.OK, s);
                    rts = true;
                    assertTrue(c.readyToUse());
                });
        }

        @Override
        public void onReject(final int r, final byte[] data)
        {
            events.add("reject");
            reason = r;
            privateData = data;
            timePs = bed.loop(0).nowPs();
        }

        @Override
        public void onTimeout()
        {
            events.add("timeout");
            timePs = bed.loop(0).nowPs();
        }

        @Override
        public void onUnreachable()
        {
            events.add("unreachable");
            timePs = bed.loop(0).nowPs();
        }

        @Override
        public void onDisconnectRequested(final byte[] data)
        {
            events.add("disconnected");
            disconnectData = data;
        }
    }

    /** The passive side's handler. */
    private static final class Passive implements CmConnectionHandler
    {
        final List<String> events = new ArrayList<>();
        CmConnection connection;
        byte[] disconnectData;

        @Override
        public void onEstablished(final CmConnection c)
        {
            events.add("established");
            connection = c;
        }

        @Override
        public void onDisconnectRequested(final byte[] data)
        {
            events.add("disconnected");
            disconnectData = data;
        }

        @Override
        public void onTimeout()
        {
            events.add("timeout");
        }
    }

    /** Listens on node 1, moves its QP to RTS with the request's values, and accepts. */
    private static CmRequest[] listenAndAccept(final CmTestbed bed, final Passive passive, final byte[] repData)
    {
        final CmRequest[] seen = new CmRequest[1];
        final Testbed.Node b = bed.testbed().node(1);
        bed.at(1, () -> assertTrue(bed.cm(1).listen(SERVICE, r ->
        {
            seen[0] = r;
            b.device().connect(b.qp(), new QpEndpoint(r.remoteQpn(), r.psn(), r.peerMac(), r.peerIpv4()),
                Testbed.BUFFER_ACCESS, (s, q) ->
                {
                    assertEquals(DriverStatus.OK, s);
                    assertTrue(r.accept(b.qp().qpn(), b.qp().initialPsn(), repData, passive));
                });
        })));
        return seen;
    }

    private static void connect(final CmTestbed bed, final Active active, final int destIpv4, final byte[] reqData)
    {
        final Testbed.Node a = bed.testbed().node(0);
        bed.at(0, () -> bed.cm(0).connect(destIpv4, SERVICE, a.qp().qpn(), a.qp().initialPsn(), 4, 2, reqData,
            active));
    }

    private static CmTestbed connected(final Active active, final Passive passive, final byte[] reqData,
        final byte[] repData, final CmRequest[][] request)
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        request[0] = listenAndAccept(bed, passive, repData);
        final Active a = active == null ? new Active(bed) : active;
        connect(bed, a, bed.testbed().node(1).device().ipv4(), reqData);
        assertTrue(bed.runUntil(() -> a.rts && passive.connection != null, LIMIT_PS), a.events + " " + passive.events);
        return bed;
    }

    @Test
    void shouldExchangeQpnsPsnsAndPrivateDataThenCarryAnRcSend()
    {
        final byte[] reqData = bytes(CmReq.PRIVATE_DATA_BYTES, 3);
        final byte[] repData = bytes(100, 7);
        final CmTestbed bed = new CmTestbed(PARAMS);
        final Passive passive = new Passive();
        final CmRequest[] request = listenAndAccept(bed, passive, repData);
        final Active active = new Active(bed);
        final Testbed.Node a = bed.testbed().node(0);
        final Testbed.Node b = bed.testbed().node(1);
        connect(bed, active, b.device().ipv4(), reqData);
        assertTrue(bed.runUntil(() -> active.rts && passive.connection != null, LIMIT_PS),
            active.events + " " + passive.events);

        final CmRequest r = request[0];
        assertEquals(a.qp().qpn(), r.remoteQpn());
        assertEquals(a.qp().initialPsn(), r.psn());
        assertEquals(4, r.responderResources());
        assertEquals(2, r.initiatorDepth());
        assertEquals(a.device().ipv4(), r.peerIpv4());
        assertEquals(a.device().mac(), r.peerMac());
        assertEquals(SERVICE, r.serviceId());
        assertArrayEquals(reqData, r.privateData());
        assertEquals(b.qp().qpn(), active.remoteQpn);
        assertEquals(b.qp().initialPsn(), active.remotePsn);
        assertEquals(CmRep.PRIVATE_DATA_BYTES, active.privateData.length);
        assertArrayEquals(repData, Arrays.copyOf(active.privateData, repData.length));
        assertEquals(CmState.ESTABLISHED, active.connection.state());
        assertEquals(CmState.ESTABLISHED, passive.connection.state());
        assertEquals(active.connection.localCommId(), passive.connection.remoteCommId());
        assertEquals(passive.connection.localCommId(), active.connection.remoteCommId());
        assertEquals(List.of("reply"), active.events);
        assertEquals(List.of("established"), passive.events);
        assertEquals(1, bed.cm(0).sent(MadFlyweight.ATTR_REQ));
        assertEquals(1, bed.cm(1).sent(MadFlyweight.ATTR_REP));
        assertEquals(1, bed.cm(0).sent(MadFlyweight.ATTR_RTU));
        assertEquals(0, bed.cm(0).retries() + bed.cm(1).retries());
        assertEquals(3, a.nic().gsi().madsSent() + b.nic().gsi().madsSent());
        assertEquals(3, a.nic().gsi().madsReceived() + b.nic().gsi().madsReceived());
        // The set-up takes modelled time: three MADs, each at least two CPU costs plus a command.
        assertTrue(active.timePs > 4 * CPU_PS, "reply at " + active.timePs);

        // The exchanged values are usable: an RC SEND goes through.
        final byte[] data = bytes(3000, 11);
        a.write(0, data);
        final RecvRequest rr = new RecvRequest(1).clear().wrId(7).addSge(b.mr().va() + 4096, 4096, b.mr().lkey());
        bed.at(1, () -> assertEquals(org.sansim.provider.driver.user.PostStatus.OK, b.device().postRecv(b.qp(), rr)));
        final SendRequest wr = new SendRequest(1, 0).clear().wrId(8).opcode(WqeOpcode.SEND).signalled(true)
            .addSge(a.mr().va(), data.length, a.mr().lkey());
        bed.at(0, () -> assertEquals(org.sansim.provider.driver.user.PostStatus.OK, a.device().postSend(a.qp(), wr)));
        final WorkCompletion[] wcs = {new WorkCompletion(), new WorkCompletion()};
        final List<String> got = new ArrayList<>();
        assertTrue(bed.runUntil(() ->
        {
            final int k = b.device().pollCq(b.cq(), wcs, wcs.length);
            for (int i = 0; i < k; i++)
            {
                got.add(wcs[i].wrId() + " " + wcs[i].status() + " " + wcs[i].opcode() + " " + wcs[i].byteLength());
            }
            return !got.isEmpty();
        }, LIMIT_PS));
        assertEquals(List.of("7 " + WcStatus.SUCCESS + " " + WcOpcode.RECV + " " + data.length), got);
        assertArrayEquals(data, b.read(4096, data.length));
    }

    @Test
    void shouldReportARejectWithItsReasonAndPrivateData()
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        final byte[] rejData = bytes(CmRej.PRIVATE_DATA_BYTES, 5);
        bed.at(1, () -> bed.cm(1).listen(SERVICE, r -> assertTrue(r.reject(CmRejectReason.CONSUMER_REJECT, rejData))));
        final Active active = new Active(bed);
        connect(bed, active, bed.testbed().node(1).device().ipv4(), null);
        assertTrue(bed.runUntil(() -> !active.events.isEmpty(), LIMIT_PS));
        assertEquals(List.of("reject"), active.events);
        assertEquals(CmRejectReason.CONSUMER_REJECT, active.reason);
        assertArrayEquals(rejData, active.privateData);
        assertEquals(0, bed.cm(0).connections());
        assertEquals(0, bed.cm(1).connections());
    }

    @Test
    void shouldRejectWithInvalidServiceIdWhenNobodyListens()
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        final Active active = new Active(bed);
        connect(bed, active, bed.testbed().node(1).device().ipv4(), null);
        assertTrue(bed.runUntil(() -> !active.events.isEmpty(), LIMIT_PS));
        assertEquals(List.of("reject"), active.events);
        assertEquals(CmRejectReason.INVALID_SERVICE_ID, active.reason);
        assertEquals(8, active.reason);
        assertEquals(1, bed.cm(1).sent(MadFlyweight.ATTR_REJ));
    }

    @Test
    void shouldReportUnreachableWithoutSendingAnything()
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        final Active active = new Active(bed);
        final Testbed.Node a = bed.testbed().node(0);
        final long framesBefore = a.nic().port().txFrames();
        final CmConnection[] c = new CmConnection[1];
        final boolean[] returned = new boolean[1];
        bed.at(0, () ->
        {
            c[0] = bed.cm(0).connect(0x0A63_0001, SERVICE, a.qp().qpn(), 1, 1, 1, null, active);
            returned[0] = true;
        });
        assertTrue(bed.runUntil(() -> !active.events.isEmpty(), LIMIT_PS));
        bed.runUntil(() -> false, 10 * T_PS);
        assertEquals(List.of("unreachable"), active.events);
        assertTrue(returned[0]);
        assertNull(c[0]);
        assertEquals(framesBefore, a.nic().port().txFrames());
        assertEquals(0, a.nic().gsi().madsSent());
        assertEquals(0, bed.cm(0).sent(MadFlyweight.ATTR_REQ));
    }

    @Test
    void shouldRetryAnUnansweredRequestThenTimeOutAtTheTimeTheParametersGive()
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        final CmRequest[] ignored = new CmRequest[1];
        bed.at(1, () -> bed.cm(1).listen(SERVICE, r -> ignored[0] = r));
        final Active active = new Active(bed);
        final long[] startPs = {-1};
        final Testbed.Node a = bed.testbed().node(0);
        bed.at(0, () ->
        {
            startPs[0] = bed.loop(0).nowPs();
            bed.cm(0).connect(bed.testbed().node(1).device().ipv4(), SERVICE, a.qp().qpn(), 1, 1, 1, null, active);
        });
        assertTrue(bed.runUntil(() -> !active.events.isEmpty(), LIMIT_PS));
        assertEquals(List.of("timeout"), active.events);
        assertEquals(startPs[0] + (RETRIES + 1) * (CPU_PS + T_PS), active.timePs);
        assertEquals(RETRIES + 1, bed.cm(0).sent(MadFlyweight.ATTR_REQ));
        assertEquals(RETRIES, bed.cm(0).retries());
        assertEquals(RETRIES + 1, bed.cm(1).received(MadFlyweight.ATTR_REQ));
        // The requester told the listener it gave up; the pending request can no longer be accepted.
        assertTrue(bed.runUntil(() -> bed.cm(1).received(MadFlyweight.ATTR_REJ) == 1, LIMIT_PS));
        assertEquals(0, bed.cm(1).connections());
        assertFalse(ignored[0].accept(1, 1, null, new Passive()));
    }

    @Test
    void shouldWaitLongerAfterAnMraAndConnectWhenTheListenerAnswersLate()
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        final Passive passive = new Passive();
        final Testbed.Node b = bed.testbed().node(1);
        final long lateBy = 3 * (RETRIES + 1) * (CPU_PS + T_PS);
        bed.at(1, () -> bed.cm(1).listen(SERVICE, r ->
        {
            assertTrue(r.defer());
            bed.loop(1).scheduleAfter(Event.of("late accept", Priority.DEFAULT,
                () -> assertTrue(r.accept(b.qp().qpn(), b.qp().initialPsn(), null, passive))), lateBy);
        }));
        final Active active = new Active(bed);
        final long[] startPs = {-1};
        final Testbed.Node a = bed.testbed().node(0);
        bed.at(0, () ->
        {
            startPs[0] = bed.loop(0).nowPs();
            bed.cm(0).connect(b.device().ipv4(), SERVICE, a.qp().qpn(), a.qp().initialPsn(), 1, 1, null, active);
        });
        assertTrue(bed.runUntil(() -> passive.connection != null, LIMIT_PS), active.events + " " + passive.events);
        assertEquals(List.of("reply"), active.events);
        // Without the MRA the requester would have given up (RETRIES + 1) * (CPU_PS + T_PS) after connecting.
        assertTrue(active.timePs - startPs[0] > lateBy, "reply after " + (active.timePs - startPs[0]));
        assertEquals(1, bed.cm(1).sent(MadFlyweight.ATTR_MRA));
        assertEquals(1, bed.cm(0).received(MadFlyweight.ATTR_MRA));
        assertEquals(0, bed.cm(0).retries());
        assertEquals(0, bed.cm(0).timeouts());
    }

    @Test
    void shouldDisconnectWithDreqAndDrepAndTellBothSides()
    {
        final Passive passive = new Passive();
        final CmRequest[][] request = new CmRequest[1][];
        final CmTestbed bed = connected(null, passive, null, null, request);
        final byte[] dreqData = bytes(CmDreq.PRIVATE_DATA_BYTES, 1);
        assertEquals(List.of("established"), passive.events);
        final boolean[] done = new boolean[1];
        bed.at(1, () -> assertTrue(passive.connection.disconnect(dreqData, () -> done[0] = true)));
        assertTrue(bed.runUntil(() -> done[0], LIMIT_PS));
        assertEquals(1, bed.cm(1).sent(MadFlyweight.ATTR_DREQ));
        assertEquals(1, bed.cm(0).sent(MadFlyweight.ATTR_DREP));
        assertEquals(CmState.CLOSED, passive.connection.state());
        assertEquals(0, bed.cm(0).connections());
        assertEquals(0, bed.cm(1).connections());
        assertEquals(0, bed.cm(1).retries());
        assertFalse(passive.connection.disconnect(null, () -> { }));
        assertEquals(List.of("established"), passive.events);
    }

    @Test
    void shouldTellTheActiveSideOfADisconnectWithTheDreqsPrivateData()
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        final Passive passive = new Passive();
        listenAndAccept(bed, passive, null);
        final Active active = new Active(bed);
        connect(bed, active, bed.testbed().node(1).device().ipv4(), null);
        assertTrue(bed.runUntil(() -> active.rts && passive.connection != null, LIMIT_PS));
        final byte[] dreqData = bytes(20, 9);
        final boolean[] done = new boolean[1];
        bed.at(1, () -> passive.connection.disconnect(dreqData, () -> done[0] = true));
        assertTrue(bed.runUntil(() -> done[0], LIMIT_PS));
        assertEquals(List.of("reply", "disconnected"), active.events);
        assertEquals(CmDreq.PRIVATE_DATA_BYTES, active.disconnectData.length);
        assertArrayEquals(dreqData, Arrays.copyOf(active.disconnectData, dreqData.length));
        assertEquals(CmState.CLOSED, active.connection.state());
        assertEquals(1, bed.cm(0).received(MadFlyweight.ATTR_DREQ));
        assertEquals(1, bed.cm(1).received(MadFlyweight.ATTR_DREP));
    }

    @Test
    void shouldCompleteWhenBothSidesDisconnectAtOnce()
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        final Passive passive = new Passive();
        listenAndAccept(bed, passive, null);
        final Active active = new Active(bed);
        connect(bed, active, bed.testbed().node(1).device().ipv4(), null);
        assertTrue(bed.runUntil(() -> active.rts && passive.connection != null, LIMIT_PS));
        final boolean[] done = new boolean[2];
        // Both sides disconnect at once: each DREQ is answered, each side completes on the other's DREP.
        bed.at(0, () -> active.connection.disconnect(null, () -> done[0] = true));
        bed.at(1, () -> passive.connection.disconnect(null, () -> done[1] = true));
        assertTrue(bed.runUntil(() -> done[0] && done[1], LIMIT_PS));
        assertEquals(1, bed.cm(0).sent(MadFlyweight.ATTR_DREP));
        assertEquals(1, bed.cm(1).sent(MadFlyweight.ATTR_DREP));
        assertEquals(0, bed.cm(0).timeouts() + bed.cm(1).timeouts());
    }

    @Test
    void shouldAnswerADreqForAnUnknownConnectionWithADrepAndIgnoreTheStrayDrep()
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        final Testbed.Node a = bed.testbed().node(0);
        final Testbed.Node b = bed.testbed().node(1);
        final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];
        final CmDreq dreq = new CmDreq().wrap(mad);
        dreq.initCm(MadFlyweight.ATTR_DREQ, 77);
        dreq.localCommId(0x1234);
        dreq.remoteCommId(0x5678);
        bed.at(0, () -> a.device().kernel().sendMad(b.device().mac(), b.device().ipv4(), 1, 0x8001_0000, mad,
            (s, cs, v) -> assertEquals(DriverStatus.OK, s)));
        assertTrue(bed.runUntil(() -> bed.cm(0).received(MadFlyweight.ATTR_DREP) == 1, LIMIT_PS));
        assertEquals(1, bed.cm(1).received(MadFlyweight.ATTR_DREQ));
        assertEquals(1, bed.cm(1).sent(MadFlyweight.ATTR_DREP));
        assertEquals(1, bed.cm(1).unknownMads());
        assertEquals(1, bed.cm(0).unknownMads());
        assertEquals(0, bed.cm(0).connections() + bed.cm(1).connections());
    }

    @Test
    void shouldRetryTheRepUntilTheRequesterIsReadyThenGiveUp()
    {
        final CmTestbed bed = new CmTestbed(PARAMS);
        final Passive passive = new Passive();
        final Testbed.Node b = bed.testbed().node(1);
        final long[] acceptPs = {-1};
        final long[] timeoutPs = {-1};
        bed.at(1, () -> bed.cm(1).listen(SERVICE, r ->
        {
            acceptPs[0] = bed.loop(1).nowPs();
            r.accept(b.qp().qpn(), b.qp().initialPsn(), null, new CmConnectionHandler()
            {
                @Override
                public void onEstablished(final CmConnection c)
                {
                    passive.onEstablished(c);
                }

                @Override
                public void onDisconnectRequested(final byte[] data)
                {
                    passive.onDisconnectRequested(data);
                }

                @Override
                public void onTimeout()
                {
                    timeoutPs[0] = bed.loop(1).nowPs();
                    passive.onTimeout();
                }
            });
        }));
        // A requester that never calls readyToUse: the REP is sent again, then the responder gives up.
        final Active active = new Active(bed)
        {
            @Override
            public void onReply(final CmConnection c, final int qpn, final int psn, final byte[] data)
            {
                events.add("reply");
                connection = c;
            }
        };
        final Testbed.Node a = bed.testbed().node(0);
        bed.at(0, () -> bed.cm(0).connect(b.device().ipv4(), SERVICE, a.qp().qpn(), 1, 1, 1, null, active));
        assertTrue(bed.runUntil(() -> active.events.size() == 2, LIMIT_PS), active.events + " " + passive.events);
        assertEquals(List.of("reply", "reject"), active.events);
        assertEquals(CmRejectReason.TIMEOUT, active.reason);
        assertEquals(List.of("timeout"), passive.events);
        assertEquals(RETRIES + 1, bed.cm(1).sent(MadFlyweight.ATTR_REP));
        assertEquals(RETRIES, bed.cm(1).retries());
        assertEquals(acceptPs[0] + (RETRIES + 1) * (CPU_PS + T_PS), timeoutPs[0]);
        assertFalse(active.connection.readyToUse());
        assertEquals(0, bed.cm(0).connections() + bed.cm(1).connections());
    }

    @Test
    void shouldKeepReceivingPastTheSizeOfTheRingAndOfTheEq()
    {
        // 100 REQs and 100 REJs: more than the 64-entry ring and EQ hold, so both consumer indices must
        // reach the NIC (MAD_RQ_CONSUMER and the EQ doorbell) for the later MADs to get through.
        final CmTestbed bed = new CmTestbed(PARAMS);
        final int rounds = 100;
        final List<Integer> reasons = new ArrayList<>();
        final Testbed.Node a = bed.testbed().node(0);
        final int dest = bed.testbed().node(1).device().ipv4();
        final CmConnectHandler[] handler = new CmConnectHandler[1];
        handler[0] = new Active(bed)
        {
            @Override
            public void onReject(final int reason, final byte[] data)
            {
                reasons.add(reason);
                if (reasons.size() < rounds)
                {
                    bed.cm(0).connect(dest, SERVICE, a.qp().qpn(), 1, 1, 1, null, handler[0]);
                }
            }
        };
        bed.at(0, () -> bed.cm(0).connect(dest, SERVICE, a.qp().qpn(), 1, 1, 1, null, handler[0]));
        assertTrue(bed.runUntil(() -> reasons.size() == rounds, LIMIT_PS), "rejects: " + reasons.size());
        assertEquals(rounds, bed.cm(1).received(MadFlyweight.ATTR_REQ));
        assertEquals(0, bed.cm(0).retries());
        for (int h = 0; h < 2; h++)
        {
            assertEquals(0, bed.testbed().node(h).nic().gsi().dropped());
            assertEquals(0, bed.testbed().node(h).nic().completion().eqOverflow());
        }
    }

    /** One run of connect, accept, disconnect; returns what must be identical across runs. */
    private static List<Long> run()
    {
        final Passive passive = new Passive();
        final CmRequest[][] request = new CmRequest[1][];
        final CmTestbed bed = new CmTestbed(PARAMS);
        request[0] = listenAndAccept(bed, passive, bytes(10, 1));
        final Active active = new Active(bed);
        final long startPs = bed.testbed().timePs();
        connect(bed, active, bed.testbed().node(1).device().ipv4(), bytes(10, 2));
        assertTrue(bed.runUntil(() -> active.rts && passive.connection != null, LIMIT_PS));
        final long[] doneAt = {-1};
        bed.at(0, () -> active.connection.disconnect(null, () -> doneAt[0] = bed.loop(0).nowPs()));
        assertTrue(bed.runUntil(() -> doneAt[0] >= 0, LIMIT_PS));
        return List.of(active.timePs - startPs, doneAt[0], bed.loop(0).eventsHandled(), bed.loop(1).eventsHandled(),
            (long)active.connection.localCommId(), (long)passive.connection.localCommId(),
            bed.testbed().node(0).nic().port().txFrames(), bed.testbed().node(1).nic().port().txFrames());
    }

    @Test
    void shouldBeDeterministic()
    {
        final List<Long> first = run();
        assertEquals(first, run());
        assertTrue(first.get(0) > 0 && first.get(1) > first.get(0), first.toString());
    }
}
