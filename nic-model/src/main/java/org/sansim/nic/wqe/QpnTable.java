package org.sansim.nic.wqe;

/**
 * QPN to queue slot: an open-addressing table of primitive ints with linear probing, sized once for
 * a fixed number of entries. Entries are never removed (a slot is reused for the same QPN).
 */
final class QpnTable
{
    private static final int EMPTY = -1;

    private final int[] keys;
    private final int[] values;
    private final int mask;
    private int size;

    QpnTable(final int capacity)
    {
        final int length = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        keys = new int[length];
        values = new int[length];
        java.util.Arrays.fill(keys, EMPTY);
        mask = length - 1;
    }

    /** @return the slot of {@code qpn}, or -1 */
    int get(final int qpn)
    {
        int i = hash(qpn);
        while (keys[i] != EMPTY)
        {
            if (keys[i] == qpn)
            {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Adds {@code qpn}; it must not be present. */
    void put(final int qpn, final int slot)
    {
        int i = hash(qpn);
        while (keys[i] != EMPTY)
        {
            i = (i + 1) & mask;
        }
        keys[i] = qpn;
        values[i] = slot;
        size++;
    }

    int size()
    {
        return size;
    }

    private int hash(final int qpn)
    {
        return (qpn * 0x9E3779B1 >>> 8) & mask;
    }
}
