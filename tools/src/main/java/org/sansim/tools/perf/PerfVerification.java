package org.sansim.tools.perf;

import org.sansim.pcie.DeviceWriteMonitor;
import org.sansim.tools.workload.PayloadVerifier;
import org.sansim.tools.workload.Verification;

/**
 * {@code perf --verify} for the bandwidth tests over one QP: every message gets a pattern of its own
 * ({@link PayloadVerifier}) and every byte that lands in the receiver's memory is checked as it lands
 * ({@link Verification#receiveTap}). Messages rotate over {@code slots} buffer slots of {@code size}
 * bytes (message {@code k} in slot {@code k mod slots}), as many as may be outstanding, so a slot's
 * bytes are those of one message in flight:
 * <ul>
 *   <li>{@code write_bw}, {@code send_bw}: one flow, client to server; the client fills message
 *       {@code k} into its slot just before posting it (the fill takes no simulated time); slot
 *       {@code i} is {@code [i size, (i + 1) size)} of the client's buffer and lands in
 *       {@code [(i + 1) size, (i + 2) size)} of the server's;</li>
 *   <li>{@code read_bw}: the server's slots are filled once before the run (flow {@code i}: slot
 *       {@code i}'s one message) and every READ of slot {@code i} lands in the client's slot {@code i},
 *       checked against it each time.</li>
 * </ul>
 * A test may put a {@link DeviceWriteMonitor.WriteTap} before the check (to corrupt landed bytes and
 * see the check catch it).
 */
final class PerfVerification
{
    /** The pattern's seed: perf has no --seed, and the pattern need not vary between runs. */
    private static final long SEED = 1;

    private final PayloadVerifier verifier;
    private final int slots;
    private final int size;
    private final boolean read;

    private PerfVerification(final PayloadVerifier verifier, final int slots, final int size, final boolean read)
    {
        this.verifier = verifier;
        this.slots = slots;
        this.size = size;
        this.read = read;
    }

    /**
     * @param read whether the test is {@code read_bw}
     * @param size message bytes
     * @param iterations messages
     * @param depth most outstanding
     * @return the layout and checker of one run
     */
    static PerfVerification of(final boolean read, final int size, final int iterations, final int depth)
    {
        final int slots = Math.min(depth, iterations);
        if (read)
        {
            final long[] flows = new long[slots];
            java.util.Arrays.fill(flows, size);
            return new PerfVerification(new PayloadVerifier(SEED, flows, size, 1), slots, size, true);
        }
        return new PerfVerification(new PayloadVerifier(SEED, new long[] {(long)iterations * size}, size, slots),
            slots, size, false);
    }

    /**
     * @param size message bytes
     * @param depth most outstanding
     * @return each host's buffer: the slots and, on the receiving side, one message more
     */
    static long bufferBytes(final int size, final int depth)
    {
        return Math.max(4096, (depth + 1L) * size);
    }

    /** @return slots messages rotate over */
    int slots()
    {
        return slots;
    }

    /**
     * @param slot a slot
     * @return where the slot's messages are sent from in the sender's buffer (the client's, or for
     *     {@code read_bw} the server's) and land in the client's buffer for {@code read_bw}
     */
    long sourceOffset(final int slot)
    {
        return (long)slot * size;
    }

    /**
     * @param slot a slot
     * @return where a WRITE or SEND of the slot lands in the server's buffer
     */
    long landingOffset(final int slot)
    {
        return (slot + 1L) * size;
    }

    /**
     * Fills the sources of a {@code read_bw} run (each slot its flow's one message) and taps the
     * receiver's root complex.
     *
     * @param t the two hosts
     * @param beforeCheck a tap that sees each landing first, or {@code null}
     */
    void attach(final PerfPair t, final DeviceWriteMonitor.WriteTap beforeCheck)
    {
        final PerfPair.Node c = t.node(0);
        final PerfPair.Node s = t.node(1);
        final PerfPair.Node receiver = read ? c : s;
        final int[] flowOfArea = new int[read ? slots : 1];
        for (int f = 0; f < flowOfArea.length; f++)
        {
            flowOfArea[f] = f;
        }
        if (read)
        {
            for (int f = 0; f < slots; f++)
            {
                verifier.fill(s.process(), s.mr().va() + sourceOffset(f), f, 0);
            }
        }
        final DeviceWriteMonitor.WriteTap check = Verification.receiveTap(receiver.host(), receiver.mr(),
            read ? 0 : landingOffset(0), read ? size : (long)slots * size, size, flowOfArea, verifier);
        receiver.host().nic().pcie().rootComplex().deviceWrites().tap(beforeCheck == null ? check
            : (pa, length) ->
            {
                beforeCheck.onDeviceWrite(pa, length);
                check.onDeviceWrite(pa, length);
            });
    }

    /**
     * Fills message {@code k} into its slot of the client's buffer; for WRITE and SEND, before posting it.
     *
     * @param c the client
     * @param k the message's number
     */
    void fill(final PerfPair.Node c, final int k)
    {
        if (!read)
        {
            verifier.fill(c.process(), c.mr().va() + sourceOffset(k % slots), 0, k);
        }
    }

    /** @return whether every message was received intact and nothing else landed */
    boolean ok()
    {
        return verifier.ok();
    }

    /** @return {@code integrity: ok (...)} or {@code integrity: FAILED: ...} */
    String report()
    {
        return verifier.report();
    }
}
