package org.sansim.fabric;

import org.agrona.collections.Int2ObjectHashMap;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Message;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.Gauge;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;
import org.sansim.wire.EthernetHeader;
import org.sansim.wire.Ipv4Header;
import org.sansim.wire.RoceFrame;
import org.sansim.wire.UdpHeader;

/**
 * A store-and-forward IPv4 switch (a router, as the leaf and spine switches of a RoCEv2 fabric
 * are): it routes every frame by its IPv4 destination address, read from the frame's bytes, to one
 * of the equal-cost output ports of its routing table, picked by {@link Ecmp} over the 5-tuple.
 *
 * <p><b>Forwarding.</b> A frame that arrives at {@code t} (its last bit) is stored, rewritten as a
 * router would (source MAC = the output port's, destination MAC = the next hop's, TTL decremented,
 * IPv4 checksum updated; the ICRC does not cover these) and queued at its output port, from which
 * it may leave at {@code t +} {@link SwitchParams#forwardingLatencyPs()}. Each port has one FIFO per
 * priority class, served in strict priority, highest class first, skipping classes its link's flow
 * control holds back.
 *
 * <p><b>Buffering.</b> Stored frames share one buffer of {@link SwitchParams#sharedBufferBytes()}.
 * Frames that arrive over a lossy link ({@link FlowControl#NONE}) are tail-dropped when their output
 * queue would exceed {@link SwitchParams#outputQueueBytes()} or the shared buffer would overflow;
 * they free their ingress buffer on arrival. Frames that arrive over a lossless link (CREDIT or PFC)
 * keep their ingress buffer until they leave, as ingress accounting in a lossless switch does, so
 * a congested output backs up into credits or PAUSE frames on the inputs instead of dropping; they
 * are dropped only if the shared buffer itself is full, which cannot happen when it holds the
 * receive buffers of all lossless inputs (ports × classes in use × {@link FabricLinkParams#bufferBytes()}).
 *
 * <p>Frames that are not IPv4, have no route, or whose TTL would expire are dropped and counted.
 * The steady state allocates nothing: stored frames are pooled and keep their byte arrays.
 */
public final class Switch
{
    /** IPv4 protocol number of TCP, whose ports ECMP hashes like UDP's. */
    private static final int PROTOCOL_TCP = 6;

    private final String name;
    private final Partition partition;
    private final EventLoop loop;
    private final SwitchParams params;
    private final StatsRegistry registry;
    private final long hashSalt;
    private final int classes;
    private final Port[] ports;
    private final Int2ObjectHashMap<int[]> routes = new Int2ObjectHashMap<>();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final EthernetHeader ethernet = new EthernetHeader();
    private final Counter unroutableDrops;
    private final Counter ttlDrops;
    private final Counter sharedBufferDrops;
    private final Gauge sharedBufferBytes;
    private StoredFrame freeFrames;
    private long sharedBytes;

    /**
     * Makes a switch with no port attached and an empty routing table.
     *
     * @param name the switch's name, a stats path such as {@code "fabric.leaf0"}
     * @param partition the partition it runs in
     * @param params its parameters, validated here
     * @param stats where its groups are registered
     * @param hashSalt the ECMP salt, different for every switch of a fabric
     */
    public Switch(final String name, final Partition partition, final SwitchParams params, final StatsRegistry stats,
        final long hashSalt)
    {
        params.validate();
        this.name = name;
        this.partition = partition;
        this.loop = partition.loop();
        this.params = params;
        this.registry = stats;
        this.hashSalt = hashSalt;
        this.classes = params.priorityClasses();
        this.ports = new Port[params.ports()];
        final StatGroup group = stats.group(name);
        unroutableDrops = group.counter("unroutableDrops", "count", "frames dropped: not IPv4 or no route");
        ttlDrops = group.counter("ttlDrops", "count", "frames dropped because their TTL expired");
        sharedBufferDrops = group.counter("sharedBufferDrops", "count", "frames dropped on a full shared buffer");
        sharedBufferBytes = group.gauge("sharedBufferBytes", "bytes", "bytes stored in the shared buffer");
    }

    /** @return the switch's name */
    public String name()
    {
        return name;
    }

    /** @return the partition the switch runs in */
    public Partition partition()
    {
        return partition;
    }

    /** @return the switch's parameters */
    public SwitchParams params()
    {
        return params;
    }

    /**
     * Connects a link end to a port. The end must be in the switch's partition and have as many
     * priority classes as the switch.
     *
     * @param portIndex the port, in {@code [0, ports)}
     * @param port the link end
     * @param portMac the MAC address of the switch port, written as source of frames it sends
     * @param peerMac the MAC address of the next hop through this port, written as their destination
     * @return the port's statistics
     */
    public SwitchPortStats attach(final int portIndex, final FramePort port, final long portMac, final long peerMac)
    {
        checkPort(portIndex);
        if (ports[portIndex] != null)
        {
            throw new IllegalStateException(name + ": port " + portIndex + " is already attached");
        }
        if (port.partition() != partition)
        {
            throw new IllegalArgumentException(name + ": " + port.name() + " is in " + port.partition()
                + ", not in the switch's " + partition);
        }
        if (port.priorityClasses() != classes)
        {
            throw new IllegalArgumentException(name + ": " + port.name() + " has " + port.priorityClasses()
                + " priority classes, the switch " + classes);
        }
        final StatGroup group = registry.group(name + ".port" + portIndex);
        final Port p = new Port(portIndex, port, portMac, peerMac, new SwitchPortStats(group));
        if (port instanceof LinkEnd end)
        {
            group.formula("pauseFramesSent", "count", "PFC frames sent by this port's receiver",
                () -> end.flowControl() == FlowControl.PFC ? end.txStats().controlFrames.value() : 0);
            group.formula("pausesReceived", "count", "times a class of this port's output was paused by PFC",
                () -> end.txStats().pauses.value());
            group.formula("utilisation", "ratio", "busy time of the port's transmitter over its active span",
                () -> end.txStats().activeUtilisation());
        }
        ports[portIndex] = p;
        port.bind(p, p);
        return p.stats;
    }

    /**
     * Adds a route: frames for {@code ipv4Address} leave by one of {@code egressPorts}, chosen by ECMP.
     *
     * @param ipv4Address the destination address (a host route)
     * @param egressPorts one or more equal-cost ports
     */
    public void addRoute(final int ipv4Address, final int... egressPorts)
    {
        if (egressPorts.length == 0)
        {
            throw new IllegalArgumentException(name + ": a route needs at least one port");
        }
        for (final int p : egressPorts)
        {
            checkPort(p);
        }
        if (routes.containsKey(ipv4Address))
        {
            throw new IllegalArgumentException(name + ": a route to " + Topology.formatIpv4(ipv4Address)
                + " already exists");
        }
        routes.put(ipv4Address, egressPorts.clone());
    }

    /**
     * @param ipv4Address a destination
     * @return a copy of its equal-cost ports, or an empty array without a route
     */
    public int[] route(final int ipv4Address)
    {
        final int[] egress = routes.get(ipv4Address);
        return egress == null ? new int[0] : egress.clone();
    }

    /**
     * @param portIndex a port
     * @return its statistics, or {@code null} if it is not attached
     */
    public SwitchPortStats portStats(final int portIndex)
    {
        checkPort(portIndex);
        return ports[portIndex] == null ? null : ports[portIndex].stats;
    }

    /** @return frames dropped because they were not IPv4 or had no route */
    public long unroutableDrops()
    {
        return unroutableDrops.value();
    }

    /** @return frames dropped because their TTL expired */
    public long ttlDrops()
    {
        return ttlDrops.value();
    }

    /** @return frames dropped because the shared buffer was full (also in their port's drops) */
    public long sharedBufferDrops()
    {
        return sharedBufferDrops.value();
    }

    /** @return bytes stored now */
    public long storedBytes()
    {
        return sharedBytes;
    }

    private void onArrival(final Port in, final Message frame, final int priorityClass)
    {
        final int lengthBytes = frame.dataLength();
        final byte[] data = frame.data();
        in.stats.framesIn.increment();
        in.stats.bytesIn.add(lengthBytes);
        final Port out = lookUp(data, lengthBytes);
        if (out == null)
        {
            unroutableDrops.increment();
            in.port.release(lengthBytes, priorityClass);
            return;
        }
        final int ttl = ipv4.ttl();
        if (ttl <= 1)
        {
            ttlDrops.increment();
            in.port.release(lengthBytes, priorityClass);
            return;
        }
        final boolean lossless = in.port.flowControl() != FlowControl.NONE;
        final boolean sharedFull = sharedBytes + lengthBytes > params.sharedBufferBytes();
        if (sharedFull || (!lossless && out.queuedBytes + lengthBytes > params.outputQueueBytes()))
        {
            if (sharedFull)
            {
                sharedBufferDrops.increment();
            }
            out.stats.drops.increment();
            in.port.release(lengthBytes, priorityClass);
            return;
        }
        final StoredFrame f = takeFrame(lengthBytes);
        System.arraycopy(data, 0, f.data, 0, lengthBytes);
        ethernet.wrap(f.data, RoceFrame.ETHERNET_OFFSET).srcMac(out.mac).dstMac(out.peerMac);
        ipv4.wrap(f.data, RoceFrame.IPV4_OFFSET).ttl(ttl - 1).updateChecksum();
        f.lengthBytes = lengthBytes;
        f.ingress = lossless ? in : null;
        f.readyPs = loop.nowPs() + params.forwardingLatencyPs();
        if (!lossless)
        {
            in.port.release(lengthBytes, priorityClass);
        }
        out.enqueue(f, priorityClass);
        sharedBytes += lengthBytes;
        sharedBufferBytes.set(sharedBytes);
        out.transmit();
    }

    /**
     * Finds the output port of a frame, leaving {@link #ipv4} wrapped over its IPv4 header.
     *
     * @return the port, or {@code null} if the frame is not IPv4, has no route or its port is not attached
     */
    private Port lookUp(final byte[] data, final int lengthBytes)
    {
        if (lengthBytes < RoceFrame.UDP_OFFSET
            || u16(data, RoceFrame.ETHERNET_OFFSET + EthernetHeader.ETHERTYPE_OFFSET) != EthernetHeader.ETHERTYPE_IPV4)
        {
            return null;
        }
        ipv4.wrap(data, RoceFrame.IPV4_OFFSET);
        final int[] egress = routes.get(ipv4.dstAddress());
        if (egress == null)
        {
            return null;
        }
        int choice = 0;
        if (egress.length > 1)
        {
            final int protocol = ipv4.protocol();
            int srcPort = 0;
            int dstPort = 0;
            if ((protocol == Ipv4Header.PROTOCOL_UDP || protocol == PROTOCOL_TCP)
                && lengthBytes >= RoceFrame.UDP_OFFSET + UdpHeader.LENGTH_OFFSET)
            {
                srcPort = u16(data, RoceFrame.UDP_OFFSET + UdpHeader.SRC_PORT_OFFSET);
                dstPort = u16(data, RoceFrame.UDP_OFFSET + UdpHeader.DST_PORT_OFFSET);
            }
            choice = Ecmp.select(
                Ecmp.hash(ipv4.srcAddress(), ipv4.dstAddress(), protocol, srcPort, dstPort, hashSalt), egress.length);
        }
        return ports[egress[choice]];
    }

    private StoredFrame takeFrame(final int lengthBytes)
    {
        StoredFrame f = freeFrames;
        if (f == null)
        {
            f = new StoredFrame(); // warm-up only: frames return to the pool when they leave
        }
        else
        {
            freeFrames = f.next;
        }
        f.next = null;
        if (f.data.length < lengthBytes)
        {
            f.data = new byte[Math.max(lengthBytes, 2 * f.data.length)];
        }
        return f;
    }

    private void recycle(final StoredFrame f)
    {
        f.ingress = null;
        f.next = freeFrames;
        freeFrames = f;
    }

    private void checkPort(final int portIndex)
    {
        if (portIndex < 0 || portIndex >= ports.length)
        {
            throw new IllegalArgumentException(name + ": port " + portIndex + " is outside [0, " + ports.length + ")");
        }
    }

    private static int u16(final byte[] data, final int offset)
    {
        return (data[offset] & 0xFF) << Byte.SIZE | (data[offset + 1] & 0xFF);
    }

    @Override
    public String toString()
    {
        return "switch " + name;
    }

    /** A frame in the shared buffer, pooled. */
    private static final class StoredFrame
    {
        byte[] data = new byte[0];
        int lengthBytes;
        /** The port whose receive buffer the frame holds until it leaves, or null if freed on arrival. */
        Port ingress;
        long readyPs;
        StoredFrame next;
    }

    /** A port: the sink and listener of its link end, and its output queues. */
    private final class Port implements FrameSink, FramePortListener
    {
        final int index;
        final FramePort port;
        final long mac;
        final long peerMac;
        final SwitchPortStats stats;
        final StoredFrame[] heads = new StoredFrame[classes];
        final StoredFrame[] tails = new StoredFrame[classes];
        final Event wake;
        long queuedBytes;

        Port(final int index, final FramePort port, final long mac, final long peerMac, final SwitchPortStats stats)
        {
            this.index = index;
            this.port = port;
            this.mac = mac;
            this.peerMac = peerMac;
            this.stats = stats;
            this.wake = Event.of(name + ".port" + index + ".wake", Priority.DEFAULT, this::transmit);
        }

        @Override
        public void onFrame(final Message frame, final int priorityClass)
        {
            onArrival(this, frame, priorityClass);
        }

        @Override
        public void onSendReady()
        {
            transmit();
        }

        void enqueue(final StoredFrame f, final int priorityClass)
        {
            if (tails[priorityClass] == null)
            {
                heads[priorityClass] = f;
            }
            else
            {
                tails[priorityClass].next = f;
            }
            tails[priorityClass] = f;
            queuedBytes += f.lengthBytes;
            stats.queuedBytes.set(queuedBytes);
            stats.queueDepthBytes.record(queuedBytes);
        }

        /** Sends the head of the highest class that is ready and allowed, or waits for the next to be ready. */
        void transmit()
        {
            final long nowPs = loop.nowPs();
            long nextReadyPs = Long.MAX_VALUE;
            for (int c = classes - 1; c >= 0; c--)
            {
                final StoredFrame f = heads[c];
                if (f == null)
                {
                    continue;
                }
                if (f.readyPs > nowPs)
                {
                    nextReadyPs = Math.min(nextReadyPs, f.readyPs);
                }
                else if (port.canSend(f.lengthBytes, c))
                {
                    depart(f, c);
                    return;
                }
            }
            if (nextReadyPs != Long.MAX_VALUE && (!wake.scheduled() || wake.timePs() > nextReadyPs))
            {
                loop.reschedule(wake, nextReadyPs);
            }
        }

        private void depart(final StoredFrame f, final int priorityClass)
        {
            port.send(f.data, 0, f.lengthBytes, priorityClass);
            heads[priorityClass] = f.next;
            if (f.next == null)
            {
                tails[priorityClass] = null;
            }
            queuedBytes -= f.lengthBytes;
            stats.queuedBytes.set(queuedBytes);
            stats.framesOut.increment();
            stats.bytesOut.add(f.lengthBytes);
            sharedBytes -= f.lengthBytes;
            sharedBufferBytes.set(sharedBytes);
            if (f.ingress != null)
            {
                f.ingress.port.release(f.lengthBytes, priorityClass);
            }
            recycle(f);
        }
    }
}
