package org.sansim.traces.capture;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link CaptureInspector} found in a capture: frame and packet counts, the state of every ICRC and
 * VCRC, opcodes, the QP flows with their rebuilt messages, management datagrams and CM exchanges.
 */
public final class CaptureReport
{
    final Map<PacketKind, Long> kinds = new EnumMap<>(PacketKind.class);
    final Map<CrcStatus, Long> icrc = new EnumMap<>(CrcStatus.class);
    final Map<CrcStatus, Long> vcrc = new EnumMap<>(CrcStatus.class);
    final Map<String, Long> opcodes = new TreeMap<>();
    final Map<String, Long> mads = new TreeMap<>();
    final Map<String, QpFlow> flows = new LinkedHashMap<>();
    final Map<Integer, String> interfaces = new TreeMap<>();
    String format;
    long frames;
    long firstNs = -1;
    long lastNs = -1;
    String firstMalformed;
    String firstInvalidIcrc;
    List<CmExchange> cm = List.of();

    CaptureReport()
    {
        for (final CrcStatus s : CrcStatus.values())
        {
            icrc.put(s, 0L);
            vcrc.put(s, 0L);
        }
        for (final PacketKind k : PacketKind.values())
        {
            kinds.put(k, 0L);
        }
    }

    /** @return {@code "pcap"} or {@code "pcapng"} */
    public String format()
    {
        return format;
    }

    /** @return the interfaces that carried packets: id to {@code "name (link type N)"} */
    public Map<Integer, String> interfaces()
    {
        return Collections.unmodifiableMap(interfaces);
    }

    /** @return frames in the file */
    public long frames()
    {
        return frames;
    }

    /** @return capture time of the first frame in ns, or -1 if none */
    public long firstNs()
    {
        return firstNs;
    }

    /** @return capture time of the last frame in ns, or -1 if none */
    public long lastNs()
    {
        return lastNs;
    }

    /** @return frames by kind (every kind present, zero or not) */
    public Map<PacketKind, Long> kinds()
    {
        return Collections.unmodifiableMap(kinds);
    }

    /** @return RoCE and InfiniBand packets, that is frames whose BTH was decoded */
    public long transportPackets()
    {
        return kinds.entrySet().stream().filter(e -> e.getKey().isTransport()).mapToLong(Map.Entry::getValue).sum();
    }

    /** @return ICRC states of the transport packets */
    public Map<CrcStatus, Long> icrc()
    {
        return Collections.unmodifiableMap(icrc);
    }

    /** @return VCRC states of the transport packets ({@link CrcStatus#ABSENT} for RoCE) */
    public Map<CrcStatus, Long> vcrc()
    {
        return Collections.unmodifiableMap(vcrc);
    }

    /** @return the first malformed frame: {@code "frame N, byte offset X in the frame: expected ..."}, or null */
    public String firstMalformed()
    {
        return firstMalformed;
    }

    /** @return the first packet with an invalid ICRC or VCRC: frame number and the values, or null */
    public String firstInvalidCrc()
    {
        return firstInvalidIcrc;
    }

    /** @return packet counts by opcode name */
    public Map<String, Long> opcodes()
    {
        return Collections.unmodifiableMap(opcodes);
    }

    /** @return management datagram counts by {@code "class method attribute"} */
    public Map<String, Long> mads()
    {
        return Collections.unmodifiableMap(mads);
    }

    /** @return the QP flows in order of their first packet */
    public Map<String, QpFlow> flows()
    {
        return Collections.unmodifiableMap(flows);
    }

    /** @return the CM exchanges in order of their first message */
    public List<CmExchange> cmExchanges()
    {
        return cm;
    }
}
