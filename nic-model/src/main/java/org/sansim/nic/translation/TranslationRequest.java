package org.sansim.nic.translation;

import org.sansim.hw.AccessFlags;
import org.sansim.hw.CqeSyndrome;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.VendorSyndrome;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;

/**
 * One translation in flight, owned and reused by its caller: the context of the access (set before
 * {@link TranslationUnit#translate}), the physical segments it produced, its outcome, and the
 * wake-up event the unit schedules for it. A request is sized once, for the most pages one
 * translation may touch, so translating allocates nothing.
 *
 * <p>Outputs, valid in {@link TranslationListener#translated} until the next translation:
 * {@link #ok()}, {@link #syndrome()} and {@link #vendorSyndrome()}, and on success
 * {@link #segmentCount()} segments of ({@link #segmentAddress(int)}, {@link #segmentLength(int)}),
 * one per page touched, in address order. A failed translation may have produced some segments
 * (those before a faulting page); they are not to be used.
 */
public final class TranslationRequest
{
    /** What the request's event does when it fires. */
    static final int STAGE_IDLE = 0;
    static final int STAGE_MPT_LOOKUP = 1;
    static final int STAGE_MTT_LOOKUP = 2;
    static final int STAGE_DONE = 3;

    private static final int ALL_ACCESS = AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE
        | AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE | AccessFlags.REMOTE_ATOMIC;

    private final TranslationListener listener;
    private final long[] segmentAddress;
    private final int[] segmentLength;
    final Event event;

    // Context, set by the caller.
    private TranslationUse use = TranslationUse.REQUESTER_LOCAL;
    private int pd;
    private int qpAccess = ALL_ACCESS;
    private long cookie;

    // Inputs of the current translation.
    int key;
    long va;
    int lengthBytes;
    int requiredAccess;

    // Outputs.
    int segmentCount;
    CqeSyndrome syndrome = CqeSyndrome.SUCCESS;
    VendorSyndrome vendorSyndrome = VendorSyndrome.NONE;
    long startPs;
    long donePs;

    // Progress, owned by the unit.
    TranslationUnit unit;
    int stage = STAGE_IDLE;
    boolean busy;
    TranslationRequest next;
    int mptKeyVariant;
    boolean mptValid;
    int mptLogPageSize;
    int mptAccess;
    int mptPd;
    long mptStartVa;
    long mptLength;
    long mptMttBase;
    long mptMttCount;
    long nextVa;
    long remainingBytes;
    long mttEntry;

    /**
     * @param maxSegments the most pages one translation with this request may touch, at least 1
     * @param listener told when each translation finishes
     */
    public TranslationRequest(final int maxSegments, final TranslationListener listener)
    {
        if (maxSegments < 1)
        {
            throw new IllegalArgumentException("maxSegments must be at least 1, got " + maxSegments);
        }
        if (listener == null)
        {
            throw new IllegalArgumentException("a translation request needs a listener");
        }
        this.listener = listener;
        this.segmentAddress = new long[maxSegments];
        this.segmentLength = new int[maxSegments];
        this.event = new Event(Priority.DEFAULT)
        {
            @Override
            protected void process()
            {
                unit.onRequestEvent(TranslationRequest.this);
            }

            @Override
            public String name()
            {
                return "translation";
            }
        };
    }

    /**
     * Sets the context of the next translations.
     *
     * @param newUse who asks, which decides the failure syndrome
     * @param newPd the QP's protection domain, compared with the entry's {@code PD}
     * @param newQpAccess the QP's remote access rights ({@code AccessFlags}), checked for remote uses
     * @return this request
     */
    public TranslationRequest context(final TranslationUse newUse, final int newPd, final int newQpAccess)
    {
        if (newUse == null)
        {
            throw new IllegalArgumentException("use must not be null");
        }
        this.use = newUse;
        this.pd = newPd;
        this.qpAccess = newQpAccess;
        return this;
    }

    /**
     * Stores a value of the caller's, such as a WQE index, for the listener.
     *
     * @param newCookie the value
     * @return this request
     */
    public TranslationRequest cookie(final long newCookie)
    {
        this.cookie = newCookie;
        return this;
    }

    /** @return the caller's value */
    public long cookie()
    {
        return cookie;
    }

    /** @return who asks */
    public TranslationUse use()
    {
        return use;
    }

    /** @return the QP's protection domain */
    public int pd()
    {
        return pd;
    }

    /** @return the QP's remote access rights */
    public int qpAccess()
    {
        return qpAccess;
    }

    /** @return the key of the last translation */
    public int key()
    {
        return key;
    }

    /** @return the virtual address of the last translation */
    public long va()
    {
        return va;
    }

    /** @return the length of the last translation */
    public int lengthBytes()
    {
        return lengthBytes;
    }

    /** @return whether a translation is in progress */
    public boolean busy()
    {
        return busy;
    }

    /** @return whether the last translation succeeded */
    public boolean ok()
    {
        return syndrome == CqeSyndrome.SUCCESS;
    }

    /** @return the completion syndrome of the last translation, {@code SUCCESS} if it succeeded */
    public CqeSyndrome syndrome()
    {
        return syndrome;
    }

    /** @return the fault behind a failure (HARDWARE.md 9.5), {@code NONE} on success */
    public VendorSyndrome vendorSyndrome()
    {
        return vendorSyndrome;
    }

    /** @return the number of physical segments produced */
    public int segmentCount()
    {
        return segmentCount;
    }

    /** @return the most segments this request holds */
    public int maxSegments()
    {
        return segmentAddress.length;
    }

    /**
     * @param i a segment, below {@link #segmentCount()}
     * @return its host physical address
     */
    public long segmentAddress(final int i)
    {
        checkSegment(i);
        return segmentAddress[i];
    }

    /**
     * @param i a segment, below {@link #segmentCount()}
     * @return its length in bytes
     */
    public int segmentLength(final int i)
    {
        checkSegment(i);
        return segmentLength[i];
    }

    /** @return when the last translation was started */
    public long startPs()
    {
        return startPs;
    }

    /** @return when the last translation finished */
    public long donePs()
    {
        return donePs;
    }

    /** @return the time the last translation took */
    public long latencyPs()
    {
        return donePs - startPs;
    }

    void start(final TranslationUnit owner, final int newKey, final long newVa, final int newLengthBytes,
        final int newRequiredAccess, final long nowPs)
    {
        unit = owner;
        key = newKey;
        va = newVa;
        lengthBytes = newLengthBytes;
        requiredAccess = newRequiredAccess;
        segmentCount = 0;
        syndrome = CqeSyndrome.SUCCESS;
        vendorSyndrome = VendorSyndrome.NONE;
        startPs = nowPs;
        donePs = 0;
        busy = true;
        next = null;
        nextVa = newVa;
        remainingBytes = newLengthBytes;
    }

    void addSegment(final long address, final int length)
    {
        segmentAddress[segmentCount] = address;
        segmentLength[segmentCount] = length;
        segmentCount++;
    }

    void fail(final VendorSyndrome fault)
    {
        syndrome = use.failure();
        vendorSyndrome = fault;
    }

    int keyIndex()
    {
        return MemoryKey.index(key);
    }

    void deliver(final long nowPs)
    {
        busy = false;
        stage = STAGE_IDLE;
        donePs = nowPs;
        listener.translated(this);
    }

    private void checkSegment(final int i)
    {
        if (i < 0 || i >= segmentCount)
        {
            throw new IndexOutOfBoundsException("segment " + i + " of " + segmentCount);
        }
    }
}
