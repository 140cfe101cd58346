package org.sansim.tools.perf;

import java.util.Arrays;
import org.sansim.host.thread.SimThread;
import org.sansim.host.thread.SpinWait;
import org.sansim.hw.WqeOpcode;
import org.sansim.provider.driver.user.RecvRequest;
import org.sansim.provider.driver.user.SendRequest;
import org.sansim.provider.driver.user.WcOpcode;
import org.sansim.provider.driver.user.WcStatus;
import org.sansim.provider.driver.user.WorkCompletion;
import org.sansim.sim.Event;
import org.sansim.sim.Priority;
import org.sansim.tools.scenario.RunLoop;
import org.sansim.tools.scenario.StallException;

/**
 * What the perftest tests do on a {@link PerfPair}, step by step: run a test until its work ends
 * ({@link RunLoop}), busy-poll on a simulated host thread, build, post and poll work requests, and make
 * and check the iterations' bytes.
 */
final class PerfOps
{
    private PerfOps()
    {
    }

    /**
     * Runs a started test until its work ends ({@link RunLoop}): every iteration done, or the knobs'
     * bound reached.
     *
     * @param t the two hosts
     * @param k the knobs (bound and stall time)
     * @param done iterations done so far
     * @param total iterations in all
     * @param bytes bytes each iteration moves
     * @param what the test, for the stall report
     * @return how many iterations were done
     * @throws StallException if the run stopped making progress
     */
    static int runToEnd(final PerfPair t, final Perftest.Knobs k, final java.util.function.IntSupplier done,
        final int total, final int bytes, final String what)
    {
        RunLoop.run(t.system(), new PerfWork(t.timePs(), () -> done.getAsInt() >= total, done::getAsInt, total, bytes,
            what), k.untilPs(), k.noProgressPs(), org.sansim.tools.scenario.RunObserver.NONE);
        final int n = done.getAsInt();
        if (n == 0)
        {
            throw new StallException(what + ": no iteration finished within --until " + org.sansim.config.Units
                .formatPs(k.untilPs()));
        }
        return n;
    }

    /**
     * One node's busy-polling loop: runs {@code step} every {@link Perftest#POLL_PS} of the calling host
     * thread's time until it returns false. Outside a simulated thread (event-driven callers), the
     * loop is a chain of events each delayed by the poll period plus the CPU time the driver charged.
     */
    static void spin(final PerfPair t, final PerfPair.Node n, final java.util.function.BooleanSupplier step)
    {
        final SimThread self = SimThread.current();
        if (self != null)
        {
            // Each step reads device-written memory at one instant; an idle one (see SpinWait) lets
            // the thread sleep until the NIC writes what it polls, with the outcome of spinning.
            final SpinWait spinWait = self.spinWait();
            while (true)
            {
                spinWait.beginStep();
                if (!step.getAsBoolean())
                {
                    spinWait.cancelStep();
                    break;
                }
                self.compute(Perftest.POLL_PS);
                spinWait.endStep();
                self.sync();
            }
            return;
        }
        n.host().loop().scheduleAfter(Event.of("perf.poll", Priority.DEFAULT, () ->
        {
            if (step.getAsBoolean())
            {
                spin(t, n, step);
            }
        }), Perftest.POLL_PS + n.device().meter().take());
    }

    /**
     * Reads the byte at {@code offset} of {@code n}'s buffer, which an RDMA WRITE of the peer sets to
     * {@code mark} last; when it is not there yet, a spinning step watches it for the NIC's write.
     */
    static boolean markArrived(final PerfPair.Node n, final long offset, final byte mark)
    {
        final long va = n.mr().va() + offset;
        if (n.process().addressSpace().getByte(va) == mark)
        {
            return true;
        }
        final SimThread self = SimThread.current();
        if (self != null)
        {
            self.spinWait().watch(n.host().nic().pcie().rootComplex().deviceWrites(),
                n.process().addressSpace().translate(va, 0), 1, null);
        }
        return false;
    }

    /**
     * Runs {@code body} on a new simulated host thread of node {@code n}, now.
     *
     * @param t the two hosts
     * @param n the node
     * @param name the thread's name
     * @param body its code
     */
    static void onThread(final PerfPair t, final PerfPair.Node n, final String name, final Runnable body)
    {
        t.at(n, () -> n.host().threads().start(name, self -> body.run()));
    }

    /** @return node {@code n}'s CPU clock: the calling thread's, or the loop's plus uncharged driver time */
    static long cpuNow(final PerfPair.Node n)
    {
        final SimThread self = SimThread.current();
        return self != null ? self.nowPs() : n.nowPs() + n.device().meter().pendingPs();
    }

    static SendRequest request(final Perftest.Test test, final PerfPair.Node local, final PerfPair.Node remote,
        final int size, final int inline)
    {
        return request(test, local, remote, size, inline, 0);
    }

    /** The request of one iteration whose slot starts {@code off} bytes into both buffers. */
    static SendRequest request(final Perftest.Test test, final PerfPair.Node local, final PerfPair.Node remote,
        final int size, final int inline, final long off)
    {
        final SendRequest r = new SendRequest(1, Math.max(inline, 0)).clear().opcode(test.opcode()).signalled(true);
        if (test.opcode() == WqeOpcode.ATOMIC_FA)
        {
            return r.remote(remote.mr().va() + off, remote.mr().rkey()).atomic(1, 0)
                .addSge(local.mr().va() + off, Long.BYTES, local.mr().lkey());
        }
        if (test.opcode() != WqeOpcode.SEND)
        {
            r.remote(remote.mr().va() + off + (test.opcode() == WqeOpcode.RDMA_WRITE ? size : 0), remote.mr().rkey());
        }
        if (size <= inline && test.opcode() != WqeOpcode.RDMA_READ)
        {
            r.inline(local.read(off, size), 0, size);
        }
        else
        {
            r.addSge(local.mr().va() + off, size, local.mr().lkey());
        }
        return r;
    }

    /** Batch mode: rings for the last posts, or when every WQE in flight is still waiting for its doorbell. */
    static void flushIfIdle(final PerfPair.Node n, final int posted, final int completed, final int iterations)
    {
        final var user = n.qp().user();
        if (user.pendingWqes() > 0 && (posted == iterations || posted - completed == user.pendingWqes()))
        {
            user.flush();
        }
    }

    static void post(final PerfPair.Node n, final SendRequest r)
    {
        final int rc = n.device().postSend(n.qp(), r);
        if (rc != 0)
        {
            throw new IllegalStateException("post_send failed: " + rc);
        }
    }

    static void postRecv(final PerfPair.Node n, final int size)
    {
        postRecv(n, size, 0);
    }

    static void postRecv(final PerfPair.Node n, final int size, final long offset)
    {
        final RecvRequest r = new RecvRequest(1).clear().addSge(n.mr().va() + offset, Math.max(size, 1),
            n.mr().lkey());
        if (n.device().postRecv(n.qp(), r) != 0)
        {
            throw new IllegalStateException("post_recv failed");
        }
    }

    /** Counts successful completions of {@code opcode}; throws on an error completion. */
    static int poll(final PerfPair.Node n, final WorkCompletion[] wcs, final WcOpcode opcode)
    {
        final int k = n.device().pollCq(n.cq(), wcs, wcs.length);
        int hits = 0;
        for (int i = 0; i < k; i++)
        {
            if (wcs[i].status() != WcStatus.SUCCESS)
            {
                throw new IllegalStateException("completion with status " + wcs[i].status());
            }
            if (wcs[i].opcode() == opcode)
            {
                hits++;
            }
        }
        return hits;
    }

    static WorkCompletion[] wcs()
    {
        final WorkCompletion[] w = new WorkCompletion[16];
        for (int i = 0; i < w.length; i++)
        {
            w[i] = new WorkCompletion();
        }
        return w;
    }

    static byte mark(final int iteration)
    {
        return (byte)(iteration % 255 + 1);
    }

    /** Iteration {@code i}'s message: a pattern of {@code i} whose last byte is its mark. */
    static byte[] pattern(final int i, final int size)
    {
        final byte[] b = new byte[size];
        for (int j = 0; j < size; j++)
        {
            b[j] = (byte)(i * 131 + j * 7 + j / 253);
        }
        b[size - 1] = mark(i);
        return b;
    }

    static void check(final PerfPair.Node n, final long offset, final byte[] expected, final Perftest.Test test,
        final int i)
    {
        final byte[] got = n.read(offset, expected.length);
        final int diff = Arrays.mismatch(got, expected);
        if (diff >= 0)
        {
            throw new IllegalStateException(test + " iteration " + i + ": node" + n.index() + " byte " + diff
                + " is " + got[diff] + ", expected " + expected[diff]);
        }
    }

    static double us(final long ps)
    {
        return Math.round(ps / 1000.0) / 1000.0;
    }
}
