package org.sansim.provider.cm;

/**
 * DisconnectReply (DREP, attribute 0x0016): local and remote communication IDs at 24 and 28, then 224
 * bytes of private data at 32.
 */
public final class CmDrep extends MadFlyweight
{
    /** Offset of the private data. */
    public static final int PRIVATE_DATA_OFFSET = 32;
    /** Bytes of private data. */
    public static final int PRIVATE_DATA_BYTES = 224;

    /**
     * Points this flyweight at a MAD.
     *
     * @param mad the bytes
     * @return this flyweight
     */
    @Override
    public CmDrep wrap(final byte[] mad)
    {
        super.wrap(mad);
        return this;
    }

    /** @param data at most 224 bytes, zero-filled; {@code null} for none */
    public void privateData(final byte[] data)
    {
        bytes(PRIVATE_DATA_OFFSET, PRIVATE_DATA_BYTES, data);
    }
}
