package org.sansim.traces.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sansim.wire.AethSyndrome;
import org.sansim.wire.Bth;

/**
 * The packets of one QP as a capture shows it: those sent from one address to one destination QP at another.
 * Counts its packets by opcode, its ICRC failures, acknowledgements and NAKs, and rebuilds its messages.
 *
 * <p><b>Rebuilding.</b> Packets with an invalid ICRC are left out (a receiver drops them). A packet whose PSN
 * is not after the highest PSN seen on the flow (24-bit serial arithmetic) is a retransmission: counted, not
 * rebuilt again, so a message appears once, at its first transmission. A FIRST packet opens a message, MIDDLE
 * and LAST packets add their payload to it and LAST closes it; ONLY packets are whole messages. A message is
 * incomplete when its FIRST or LAST is missing or PSNs within it skip.
 */
public final class QpFlow
{
    private static final int PSN_HALF_RANGE = 1 << 23;
    private static final long ATOMIC_OPERAND_BYTES = 8;

    private final String key;
    private final Map<String, Long> opcodes = new TreeMap<>();
    private final List<RebuiltMessage> messages = new ArrayList<>();
    private long packets;
    private long payloadBytes;
    private long icrcInvalid;
    private long retransmitted;
    private long acks;
    private long naks;
    private long rnrNaks;
    private int highestPsn = -1;
    private String openOperation;
    private long openSizeBytes;
    private int openFirstPsn;
    private int openLastPsn;
    private int openPackets;
    private long openFirstNs;
    private long openLastNs;
    private boolean openComplete;

    /** @param key the flow's name: {@code "SRC -> DST qp 0xNNNNNN"} */
    QpFlow(final String key)
    {
        this.key = key;
    }

    /**
     * @param source      the sender's address
     * @param destination the receiver's address
     * @param destQp      the destination QP
     * @return the flow's name
     */
    static String key(final String source, final String destination, final int destQp)
    {
        return source + " -> " + destination + " qp " + String.format("0x%06x", destQp);
    }

    void add(final DecodedPacket p)
    {
        packets++;
        opcodes.merge(IbOpcode.name(p.opcode()), 1L, Long::sum);
        if (p.icrc() == CrcStatus.INVALID)
        {
            icrcInvalid++;
            return;
        }
        payloadBytes += p.payloadLengthBytes();
        final int syndrome = p.aethSyndrome();
        if (syndrome >= 0 && IbOpcode.messageOperation(p.opcode()) == null)
        {
            if (AethSyndrome.isAck(syndrome))
            {
                acks++;
            }
            else if (AethSyndrome.isRnrNak(syndrome))
            {
                rnrNaks++;
            }
            else if (AethSyndrome.isNak(syndrome))
            {
                naks++;
            }
        }
        final String operation = IbOpcode.messageOperation(p.opcode());
        if (operation == null)
        {
            return;
        }
        final int psn = p.psn();
        if (highestPsn >= 0 && psnAfter(highestPsn, psn) <= 0)
        {
            retransmitted++;
            return;
        }
        final boolean contiguous = highestPsn < 0 || psn == ((highestPsn + 1) & Bth.MASK_24);
        highestPsn = psn;
        rebuild(p, operation, contiguous);
    }

    private void rebuild(final DecodedPacket p, final String operation, final boolean contiguous)
    {
        final int place = IbOpcode.place(p.opcode());
        final long size = sizeOf(p);
        if (place == IbOpcode.FIRST || place == IbOpcode.ONLY)
        {
            closeOpen(false);
            open(p, operation, size, true);
            if (place == IbOpcode.ONLY)
            {
                closeOpen(true);
            }
            return;
        }
        if (openOperation != null && !operation.startsWith(openOperation))
        {
            closeOpen(false);
        }
        if (openOperation == null)
        {
            open(p, operation, size, false);
        }
        else
        {
            openOperation = operation;
            openSizeBytes += size;
            openLastPsn = p.psn();
            openPackets++;
            openLastNs = p.timestampNs();
            openComplete &= contiguous;
        }
        if (place == IbOpcode.LAST)
        {
            closeOpen(true);
        }
    }

    private static long sizeOf(final DecodedPacket p)
    {
        final int flags = IbOpcode.flags(p.opcode());
        if ((flags & IbOpcode.ATOMIC_ETH) != 0)
        {
            return ATOMIC_OPERAND_BYTES;
        }
        if ((flags & IbOpcode.PAYLOAD) == 0 && (flags & IbOpcode.RETH) != 0)
        {
            return p.rethDmaLengthBytes();
        }
        return p.payloadLengthBytes();
    }

    private void open(final DecodedPacket p, final String operation, final long size, final boolean complete)
    {
        openOperation = operation;
        openSizeBytes = size;
        openFirstPsn = p.psn();
        openLastPsn = p.psn();
        openPackets = 1;
        openFirstNs = p.timestampNs();
        openLastNs = p.timestampNs();
        openComplete = complete;
    }

    private void closeOpen(final boolean lastSeen)
    {
        if (openOperation != null)
        {
            messages.add(new RebuiltMessage(key, openOperation, openSizeBytes, openFirstPsn, openLastPsn, openPackets,
                openFirstNs, openLastNs, openComplete && lastSeen));
            openOperation = null;
        }
    }

    /** Closes a message the capture ended inside (incomplete). */
    void finish()
    {
        closeOpen(false);
    }

    /** @return how far {@code psn} is after {@code reference} in 24-bit serial arithmetic, negative if before */
    static int psnAfter(final int reference, final int psn)
    {
        final int d = (psn - reference) & Bth.MASK_24;
        return d >= PSN_HALF_RANGE ? d - (1 << 24) : d;
    }

    /** @return the flow's name: source, destination and destination QP */
    public String key()
    {
        return key;
    }

    /** @return packets seen */
    public long packets()
    {
        return packets;
    }

    /** @return payload bytes of the packets with a valid (or uncaptured) ICRC, retransmissions included */
    public long payloadBytes()
    {
        return payloadBytes;
    }

    /** @return packets whose ICRC did not match */
    public long icrcInvalid()
    {
        return icrcInvalid;
    }

    /** @return request or response packets whose PSN was not new */
    public long retransmitted()
    {
        return retransmitted;
    }

    /** @return acknowledgements (ACKNOWLEDGE and ATOMIC ACKNOWLEDGE with an ACK syndrome) */
    public long acks()
    {
        return acks;
    }

    /** @return NAKs other than RNR */
    public long naks()
    {
        return naks;
    }

    /** @return RNR NAKs */
    public long rnrNaks()
    {
        return rnrNaks;
    }

    /** @return packet counts by opcode name, in name order */
    public Map<String, Long> opcodes()
    {
        return Collections.unmodifiableMap(opcodes);
    }

    /** @return the messages rebuilt, in the order their first packets were captured */
    public List<RebuiltMessage> messages()
    {
        return Collections.unmodifiableList(messages);
    }
}
