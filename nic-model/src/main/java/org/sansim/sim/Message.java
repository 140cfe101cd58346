package org.sansim.sim;

import java.util.Arrays;

/**
 * A preallocated, reusable message slot carried by a {@link Channel}: a PCIe TLP between a host and
 * its NIC, a frame between a NIC and a switch, a test's token. Senders fill a slot obtained from
 * {@link Channel#claim(long)}; receivers read it in {@link MessageSink#onMessage(Message)} and must
 * not keep a reference after that call returns, because the slot is then reused.
 *
 * <p>The meaning of {@link #kind()}, the four words and the data bytes belongs to the protocol of
 * the link (typed views over a message, such as a TLP view, interpret them). The data array grows
 * on demand and is kept, so the steady state allocates nothing.
 */
public final class Message
{
    /** The data of every slot that never carried any: shared, so an idle slot costs no array. */
    private static final byte[] NO_DATA = new byte[0];

    private long deliverPs;
    private int kind;
    private long word0;
    private long word1;
    private long word2;
    private long word3;
    private int sizeBytes;
    private byte[] data = NO_DATA;
    private int dataLength;

    /** @return the time at which the message is delivered to its receiver */
    public long deliverPs()
    {
        return deliverPs;
    }

    void deliverPs(final long timePs)
    {
        this.deliverPs = timePs;
    }

    /** @return the protocol-defined kind of the message */
    public int kind()
    {
        return kind;
    }

    /**
     * @param value the protocol-defined kind
     * @return this
     */
    public Message kind(final int value)
    {
        this.kind = value;
        return this;
    }

    /** @return protocol word 0 */
    public long word0()
    {
        return word0;
    }

    /**
     * @param value protocol word 0
     * @return this
     */
    public Message word0(final long value)
    {
        this.word0 = value;
        return this;
    }

    /** @return protocol word 1 */
    public long word1()
    {
        return word1;
    }

    /**
     * @param value protocol word 1
     * @return this
     */
    public Message word1(final long value)
    {
        this.word1 = value;
        return this;
    }

    /** @return protocol word 2 */
    public long word2()
    {
        return word2;
    }

    /**
     * @param value protocol word 2
     * @return this
     */
    public Message word2(final long value)
    {
        this.word2 = value;
        return this;
    }

    /** @return protocol word 3 */
    public long word3()
    {
        return word3;
    }

    /**
     * @param value protocol word 3
     * @return this
     */
    public Message word3(final long value)
    {
        this.word3 = value;
        return this;
    }

    /** @return the message's size on its link in bytes, as the protocol accounts it */
    public int sizeBytes()
    {
        return sizeBytes;
    }

    /**
     * @param value the message's size on its link in bytes
     * @return this
     */
    public Message sizeBytes(final int value)
    {
        this.sizeBytes = value;
        return this;
    }

    /**
     * Returns the data array, grown to hold at least {@code capacityBytes}, and sets the data
     * length to {@code capacityBytes}. Contents beyond what the sender writes are unspecified.
     *
     * @param lengthBytes the number of data bytes the sender will write
     * @return the data array, at least {@code lengthBytes} long
     */
    public byte[] data(final int lengthBytes)
    {
        if (data.length < lengthBytes)
        {
            data = Arrays.copyOf(data, Math.max(lengthBytes, data.length * 2));
        }
        dataLength = lengthBytes;
        return data;
    }

    /** @return the data array; its first {@link #dataLength()} bytes are the message's data */
    public byte[] data()
    {
        return data;
    }

    /** @return the number of valid data bytes */
    public int dataLength()
    {
        return dataLength;
    }

    /**
     * Copies every field of {@code other} into this slot.
     *
     * @param other the slot to copy
     */
    void copyFrom(final Message other)
    {
        deliverPs = other.deliverPs;
        kind = other.kind;
        word0 = other.word0;
        word1 = other.word1;
        word2 = other.word2;
        word3 = other.word3;
        sizeBytes = other.sizeBytes;
        System.arraycopy(other.data, 0, data(other.dataLength), 0, other.dataLength);
    }
}
