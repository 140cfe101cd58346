package org.sansim.nic.command;

/**
 * The firmware's bookkeeping for one kind of numbered queue (EQs or CQs): which numbers are live,
 * the UAR page each was created on and how many other objects refer to each (CQs to an EQ, QPs to a
 * CQ). A number may also be retired: released for good, never handed out again.
 *
 * <p>Invariants: a live number is neither free nor retired; {@link #lowestFree} hands out the lowest
 * number that is neither live nor retired; a number's reference count starts at 0 when it is claimed.
 * Nothing here allocates after construction.
 */
final class QueueSlots
{
    private final boolean[] live;
    private final boolean[] retired;
    private final int[] uar;
    private final int[] refs;

    /** @param capacity how many numbers there are: 0 to {@code capacity - 1} */
    QueueSlots(final int capacity)
    {
        live = new boolean[capacity];
        retired = new boolean[capacity];
        uar = new int[capacity];
        refs = new int[capacity];
    }

    /** @return the lowest number neither live nor retired, or -1 if there is none */
    int lowestFree()
    {
        int n = 0;
        while (n < live.length && (live[n] || retired[n]))
        {
            n++;
        }
        return n == live.length ? -1 : n;
    }

    /**
     * Makes a free number live, with no references.
     *
     * @param n a number {@link #lowestFree} gave
     * @param uarIndex the UAR page it is created on
     */
    void claim(final int n, final int uarIndex)
    {
        live[n] = true;
        uar[n] = uarIndex;
        refs[n] = 0;
    }

    /** @param n a live number, made free again */
    void release(final int n)
    {
        live[n] = false;
    }

    /** @param n a live number, released for good */
    void retire(final int n)
    {
        live[n] = false;
        retired[n] = true;
    }

    /**
     * @param n a number
     * @return whether it is live
     */
    boolean exists(final int n)
    {
        return n >= 0 && n < live.length && live[n];
    }

    /**
     * @param n a number
     * @param fallback what to return if it is not live
     * @return the UAR page it was created on, or {@code fallback}
     */
    int uarOf(final int n, final int fallback)
    {
        return exists(n) ? uar[n] : fallback;
    }

    /**
     * @param n a live number
     * @return whether anything refers to it
     */
    boolean referenced(final int n)
    {
        return refs[n] > 0;
    }

    /** @param n a live number that one more object refers to */
    void addRef(final int n)
    {
        refs[n]++;
    }

    /** @param n a number that one object fewer refers to */
    void removeRef(final int n)
    {
        refs[n]--;
    }
}
