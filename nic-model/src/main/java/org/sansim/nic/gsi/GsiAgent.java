package org.sansim.nic.gsi;

import java.util.Arrays;
import org.sansim.hw.EqeType;
import org.sansim.hw.MadRecvEntryDescriptor;
import org.sansim.hw.OwnerBit;
import org.sansim.hw.SendMadInputDescriptor;
import org.sansim.nic.completion.CompletionUnit;
import org.sansim.nic.port.NicPort;
import org.sansim.nic.port.PortTxListener;
import org.sansim.nic.port.RoceReceiver;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;
import org.sansim.wire.BthOpcode;
import org.sansim.wire.Deth;
import org.sansim.wire.RoceEndpoints;
import org.sansim.wire.RoceFrame;

/**
 * The NIC firmware's GSI agent, QP1 (HARDWARE.md 15): sends the management datagrams the driver hands
 * it with {@code SEND_MAD}, and writes the ones that arrive into the driver's MAD receive ring.
 *
 * <pre>
 *  command processor --send()--&gt; [send queue] --claim/submit--&gt; port --&gt; fabric
 *  port --onRoceFrame()--+-- opcode UD SEND ONLY --&gt; checks --&gt; [receive queue] --receivePs--&gt;
 *                        |                              DMA write MAD, DMA write header, MAD_RECEIVED EQE
 *                        +-- any other opcode --&gt; the RC transport
 * </pre>
 *
 * <p><b>Send.</b> {@link #send} copies the datagram into the send queue (at most
 * {@link GsiAgentParams#sendQueueMads()}; a full queue refuses it) and queues frames on the port as
 * long as it lends transmit buffers; when it does not, the agent waits for {@link #onTxSpace()}.
 * Frames are UD SEND ONLY from QP1 with a DETH, UDP source port {@link #UDP_SRC_PORT}.
 *
 * <p><b>Receive.</b> The agent is the port's {@link RoceReceiver}: it takes UD SEND ONLY frames and
 * passes every other frame to the next receiver (the RC transport). A datagram for QP1 with the GSI
 * Q_Key and a 256-byte payload is copied into the receive queue; the firmware handles one at a time
 * for {@link GsiAgentParams#receivePs()}, then writes it into the ring (or drops it if there is no
 * ring or it is full by the last {@code MAD_RQ_CONSUMER}) and posts a {@link EqeType#MAD_RECEIVED}
 * event through the {@link CompletionUnit}.
 *
 * <p>Statistics under the agent's name: {@code madsSent}, {@code madsReceived}, {@code dropped},
 * {@code badQp}, {@code badQKey}, {@code badLength}, {@code sendQueueFull}. Runs on the NIC's partition.
 */
public final class GsiAgent implements RoceReceiver, PortTxListener
{
    /** UDP source port of every MAD: fixed flow entropy for QP1. */
    public static final int UDP_SRC_PORT = 0xC001;
    private static final int DSCP = 0;
    private static final int TTL = 64;
    private static final int MAD_BYTES = SendMadInputDescriptor.MAD_BYTES;

    private final String name;
    private final GsiAgentParams params;
    private final EventLoop loop;
    private final PcieEndpoint endpoint;
    private final CompletionUnit completion;
    private final NicPort port;
    private final long mac;
    private final int ipv4;
    private final RoceFrame builder = new RoceFrame();
    private final Event receiveEvent;
    private RoceReceiver next;
    private int psn;

    // Send queue.
    private final byte[][] sendMad;
    private final long[] sendMac;
    private final int[] sendIpv4;
    private final int[] sendQpn;
    private final int[] sendQKey;
    private int sendHead;
    private int sendCount;

    // Receive queue.
    private final byte[][] recvMad;
    private final long[] recvMac;
    private final int[] recvIpv4;
    private final int[] recvQp;
    private final int[] recvQKey;
    private int recvHead;
    private int recvCount;

    // The ring.
    private boolean ringSet;
    private long ringPa;
    private int ringLogSize;
    private int ringEqn;
    private int producer;
    private int consumer;
    private final byte[] header = new byte[MadRecvEntryDescriptor.HEADER_BYTES];

    private final Counter madsSent;
    private final Counter madsReceived;
    private final Counter dropped;
    private final Counter badQp;
    private final Counter badQKey;
    private final Counter badLength;
    private final Counter sendQueueFull;

    /**
     * @param name the component path, such as {@code "nic0.gsi"}; also its stats group
     * @param params the parameters, validated here
     * @param loop the NIC partition's event loop
     * @param endpoint the NIC's PCIe endpoint, for the ring's DMA writes
     * @param completion the completion unit, which writes the events
     * @param port the port the frames go out of
     * @param mac the port's MAC address
     * @param ipv4 the port's IPv4 address
     * @param stats where the statistics go
     */
    public GsiAgent(final String name, final GsiAgentParams params, final EventLoop loop, final PcieEndpoint endpoint,
        final CompletionUnit completion, final NicPort port, final long mac, final int ipv4, final StatsRegistry stats)
    {
        params.validate();
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.endpoint = endpoint;
        this.completion = completion;
        this.port = port;
        this.mac = mac;
        this.ipv4 = ipv4;
        this.receiveEvent = Event.of(name + ".receive", Priority.DEFAULT, this::onReceiveDone);
        sendMad = new byte[params.sendQueueMads()][MAD_BYTES];
        sendMac = new long[params.sendQueueMads()];
        sendIpv4 = new int[params.sendQueueMads()];
        sendQpn = new int[params.sendQueueMads()];
        sendQKey = new int[params.sendQueueMads()];
        recvMad = new byte[params.receiveQueueMads()][MAD_BYTES];
        recvMac = new long[params.receiveQueueMads()];
        recvIpv4 = new int[params.receiveQueueMads()];
        recvQp = new int[params.receiveQueueMads()];
        recvQKey = new int[params.receiveQueueMads()];
        final StatGroup group = stats.group(name);
        madsSent = group.counter("madsSent", "count", "MADs queued on the port");
        madsReceived = group.counter("madsReceived", "count", "MADs written into the receive ring");
        dropped = group.counter("dropped", "count",
            "MADs received and dropped: no ring, ring full, or receive queue full");
        badQp = group.counter("badQp", "count", "UD datagrams dropped for a destination QP other than 1");
        badQKey = group.counter("badQKey", "count", "datagrams to QP1 dropped for a Q_Key other than the GSI's");
        badLength = group.counter("badLength", "count", "datagrams to QP1 dropped for a payload other than 256 B");
        sendQueueFull = group.counter("sendQueueFull", "count", "SEND_MAD refused because the send queue was full");
    }

    /** @param r receives the frames that are not UD datagrams (the RC transport) */
    public void next(final RoceReceiver r)
    {
        next = r;
    }

    // ---------------------------------------------------------------------------------------------
    // Host interface, called by the command processor and the register file

    /**
     * Sets or replaces the receive ring ({@code SET_MAD_RING}, already checked).
     *
     * @param pa the ring's physical address
     * @param logSize log2 of its entries
     * @param eqn the EQ of its events
     */
    public void setRing(final long pa, final int logSize, final int eqn)
    {
        ringSet = true;
        ringPa = pa;
        ringLogSize = logSize;
        ringEqn = eqn;
        producer = 0;
        consumer = 0;
    }

    /** @param index the driver's consumer index, from {@code MAD_RQ_CONSUMER} */
    public void consumerIndex(final int index)
    {
        consumer = index;
    }

    /**
     * Queues one datagram for sending ({@code SEND_MAD}, at the end of its firmware time).
     *
     * @param dstMac destination MAC
     * @param dstIpv4 destination IPv4 address
     * @param remoteQpn destination QP
     * @param qKey Q_Key for the DETH
     * @param mad the datagram's bytes
     * @param offset index of its first byte in {@code mad}
     * @return false if the send queue is full (nothing is sent)
     */
    public boolean send(final long dstMac, final int dstIpv4, final int remoteQpn, final int qKey, final byte[] mad,
        final int offset)
    {
        if (sendCount == sendMad.length)
        {
            sendQueueFull.increment();
            return false;
        }
        final int s = (sendHead + sendCount) % sendMad.length;
        System.arraycopy(mad, offset, sendMad[s], 0, MAD_BYTES);
        sendMac[s] = dstMac;
        sendIpv4[s] = dstIpv4;
        sendQpn[s] = remoteQpn;
        sendQKey[s] = qKey;
        sendCount++;
        pumpSend();
        return true;
    }

    @Override
    public void onTxSpace()
    {
        pumpSend();
    }

    private void pumpSend()
    {
        while (sendCount > 0 && port.canClaim())
        {
            final int s = sendHead;
            final byte[] buf = port.claimTxBuffer();
            final RoceEndpoints path = new RoceEndpoints(mac, sendMac[s], ipv4, sendIpv4[s], UDP_SRC_PORT, DSCP, 0,
                TTL);
            builder.begin(buf, 0, path, BthOpcode.UD_SEND_ONLY).bth().destQp(sendQpn[s]).psn(psn);
            builder.deth().qKey(sendQKey[s]).srcQp(SendMadInputDescriptor.GSI_QPN);
            psn = (psn + 1) & 0xFF_FFFF;
            port.submit(builder.finish(sendMad[s], 0, MAD_BYTES), 0);
            sendHead = (sendHead + 1) % sendMad.length;
            sendCount--;
            madsSent.increment();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Receive

    @Override
    public boolean onRoceFrame(final RoceFrame parsed, final byte[] buf, final int offset, final int lengthBytes)
    {
        if (parsed.opcode() != BthOpcode.UD_SEND_ONLY)
        {
            return next == null || next.onRoceFrame(parsed, buf, offset, lengthBytes);
        }
        if (parsed.bth().destQp() != SendMadInputDescriptor.GSI_QPN)
        {
            badQp.increment();
            return true;
        }
        if (parsed.deth().qKey() != SendMadInputDescriptor.GSI_Q_KEY)
        {
            badQKey.increment();
            return true;
        }
        if (parsed.payloadLengthBytes() != MAD_BYTES)
        {
            badLength.increment();
            return true;
        }
        if (recvCount == recvMad.length)
        {
            dropped.increment();
            return true;
        }
        final int s = (recvHead + recvCount) % recvMad.length;
        System.arraycopy(buf, parsed.payloadOffset(), recvMad[s], 0, MAD_BYTES);
        recvMac[s] = parsed.ethernet().srcMac();
        recvIpv4[s] = parsed.ipv4().srcAddress();
        recvQp[s] = parsed.deth().srcQp();
        recvQKey[s] = parsed.deth().qKey();
        recvCount++;
        if (!receiveEvent.scheduled())
        {
            loop.scheduleAfter(receiveEvent, params.receivePs());
        }
        return true;
    }

    private void onReceiveDone()
    {
        final int s = recvHead;
        recvHead = (recvHead + 1) % recvMad.length;
        recvCount--;
        if (!ringSet || producer - consumer >= 1 << ringLogSize)
        {
            dropped.increment();
        }
        else
        {
            final long entry = ringPa + (long)OwnerBit.slot(producer, ringLogSize) * MadRecvEntryDescriptor.LENGTH_BYTES;
            endpoint.dmaWrite(entry + MadRecvEntryDescriptor.MAD_OFFSET, recvMad[s], 0, MAD_BYTES);
            Arrays.fill(header, (byte)0);
            putMac(header, MadRecvEntryDescriptor.SRC_MAC_OFFSET, recvMac[s]);
            putInt(header, MadRecvEntryDescriptor.SRC_IPV4_OFFSET, recvIpv4[s]);
            putInt(header, MadRecvEntryDescriptor.SRC_QP_OFFSET, recvQp[s] & MadRecvEntryDescriptor.SRC_QP_MASK);
            putInt(header, MadRecvEntryDescriptor.Q_KEY_OFFSET, recvQKey[s]);
            header[MadRecvEntryDescriptor.MAD_LENGTH_OFFSET] = (byte)(MAD_BYTES >>> 8);
            header[MadRecvEntryDescriptor.MAD_LENGTH_OFFSET + 1] = (byte)MAD_BYTES;
            header[MadRecvEntryDescriptor.OWNER_OFFSET] =
                (byte)(OwnerBit.expected(producer, ringLogSize) << MadRecvEntryDescriptor.OWNER_SHIFT);
            endpoint.dmaWrite(entry, header, 0, header.length);
            producer++;
            madsReceived.increment();
            completion.postEvent(ringEqn, EqeType.MAD_RECEIVED, producer, 0);
        }
        if (recvCount > 0)
        {
            loop.scheduleAfter(receiveEvent, params.receivePs());
        }
    }

    private static void putInt(final byte[] b, final int at, final int v)
    {
        b[at] = (byte)(v >>> 24);
        b[at + 1] = (byte)(v >>> 16);
        b[at + 2] = (byte)(v >>> 8);
        b[at + 3] = (byte)v;
    }

    private static void putMac(final byte[] b, final int at, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            b[at + i] = (byte)(mac >>> (40 - 8 * i));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Observation

    /** @return the agent's name */
    public String name()
    {
        return name;
    }

    /** @return the parameters */
    public GsiAgentParams params()
    {
        return params;
    }

    /** @return MADs queued on the port */
    public long madsSent()
    {
        return madsSent.value();
    }

    /** @return MADs written into the receive ring */
    public long madsReceived()
    {
        return madsReceived.value();
    }

    /** @return MADs received and dropped (no ring, ring full, receive queue full) */
    public long dropped()
    {
        return dropped.value();
    }

    /** @return datagrams to QP1 dropped for a Q_Key other than the GSI's */
    public long badQKey()
    {
        return badQKey.value();
    }

    /** @return SEND_MADs refused because the send queue was full */
    public long sendQueueFull()
    {
        return sendQueueFull.value();
    }

    /** @return UD datagrams dropped for a destination QP other than 1 */
    public long badQp()
    {
        return badQp.value();
    }
}
