package org.sansim.tools.perf;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.sansim.host.Access;
import org.sansim.host.PageSize;
import org.sansim.host.SimProcess;
import org.sansim.hw.AccessFlags;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.verbs.CompletionQueue;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.MemoryRegion;
import org.sansim.provider.verbs.QpEndpoint;
import org.sansim.provider.verbs.QueuePair;
import org.sansim.sim.Runner;
import org.sansim.sim.SingleThreadRunner;
import org.sansim.stats.StatsRegistry;
import org.sansim.tools.scenario.system.SanHost;
import org.sansim.tools.scenario.system.SanSystem;
import org.sansim.tools.scenario.system.SystemBuilder;
import org.sansim.tools.scenario.system.SystemParams;

/**
 * Two hosts ({@link SystemBuilder}; back to back or on a fabric, {@link PerfConfig}) connected the way
 * perftest connects them: on each host
 * {@code cqs} CQs (one by default) and {@code qps} RC QPs (one by default), QP {@code i} taking its
 * sends and receives to CQ {@code i mod cqs}; the QPs' numbers, PSNs and addresses are exchanged out of
 * band (perftest's TCP socket) and every QP is taken to RTS, and each host's process registers one
 * buffer with local and remote read, write and atomic access. QP {@code i} of host 0 is connected to
 * QP {@code i} of host 1.
 */
public final class PerfPair implements AutoCloseable
{
    /** The access flags every QP and both buffers get. */
    public static final int BUFFER_ACCESS = AccessFlags.LOCAL_READ | AccessFlags.LOCAL_WRITE
        | AccessFlags.REMOTE_READ | AccessFlags.REMOTE_WRITE | AccessFlags.REMOTE_ATOMIC;
    private static final int LOG_CQ_SIZE = 12;
    private static final long SET_UP_LIMIT_PS = 100_000_000_000L;
    /**
     * Slice of the set-up steps: short, so that a test starts as soon as both sides are ready rather than
     * at the next {@link SanSystem#SLICE_PS} boundary (a thread left waiting longer before its first
     * message may have gone to sleep, and the first iteration would show its wake-up).
     */
    static final long SET_UP_SLICE_PS = 2_000_000;

    /** One host, its CQ, its QPs and its registered buffer. */
    public static final class Node
    {
        private final SanHost host;
        private final QueuePair[] qps;
        private final CompletionQueue[] cqs;
        private MemoryRegion mr;
        private int connected;

        Node(final SanHost host, final int qps, final int cqs)
        {
            this.host = host;
            this.qps = new QueuePair[qps];
            this.cqs = new CompletionQueue[cqs];
        }

        /** @return 0 or 1 */
        public int index()
        {
            return host.index();
        }

        /** @return the host: memory, process, NIC, device, threads */
        public SanHost host()
        {
            return host;
        }

        /** @return the opened device */
        public Device device()
        {
            return host.device();
        }

        /** @return the process owning the buffer */
        public SimProcess process()
        {
            return host.process();
        }

        /** @return the first CQ: with one, that of every QP's sends and receives */
        public CompletionQueue cq()
        {
            return cqs[0];
        }

        /**
         * @param i a CQ's number on this host, from 0
         * @return that CQ, of QPs {@code i}, {@code i + cqs}, ...
         */
        public CompletionQueue cq(final int i)
        {
            return cqs[i];
        }

        /** @return the first QP */
        public QueuePair qp()
        {
            return qps[0];
        }

        /**
         * @param i a QP's number on this host, from 0
         * @return that QP, connected to the peer's QP {@code i}
         */
        public QueuePair qp(final int i)
        {
            return qps[i];
        }

        /** @return how many QPs the host has */
        public int qpCount()
        {
            return qps.length;
        }

        /** @return the registered buffer */
        public MemoryRegion mr()
        {
            return mr;
        }

        /** @return the time on this host's partition */
        public long nowPs()
        {
            return host.nowPs();
        }

        /**
         * Writes into the buffer from the process.
         *
         * @param offset from the buffer's start
         * @param src bytes
         */
        public void write(final long offset, final byte[] src)
        {
            host.process().addressSpace().write(mr.va() + offset, src, 0, src.length);
        }

        /**
         * Reads from the buffer.
         *
         * @param offset from the buffer's start
         * @param length bytes
         * @return the bytes
         */
        public byte[] read(final long offset, final int length)
        {
            final byte[] b = new byte[length];
            host.process().addressSpace().read(mr.va() + offset, b, 0, length);
            return b;
        }
    }

    private final SanSystem system;
    private final Node[] nodes = new Node[2];

    /**
     * Builds the two hosts, one QP each, and connects them.
     *
     * @param params the system: two hosts
     * @param bufferBytes each host's registered buffer
     * @param configure called once per device before its QPs are created, such as to set
     *     {@link Device#rdAtomic(int)}
     */
    public PerfPair(final SystemParams params, final long bufferBytes, final Consumer<Device> configure)
    {
        this(params, bufferBytes, 1, 1, configure, new SingleThreadRunner());
    }

    /**
     * Builds the two hosts with {@code qps} QPs and {@code cqs} CQs each and connects QP {@code i} of
     * host 0 to QP {@code i} of host 1.
     *
     * @param params the system: two hosts
     * @param bufferBytes each host's registered buffer
     * @param qps QPs per host, at least 1
     * @param cqs CQs per host, 1 to {@code qps}: QP {@code i} uses CQ {@code i mod cqs}
     * @param configure called once per device before its QPs are created
     * @param runner drives the two partitions
     */
    public PerfPair(final SystemParams params, final long bufferBytes, final int qps, final int cqs,
        final Consumer<Device> configure, final Runner runner)
    {
        if (qps < 1 || cqs < 1 || cqs > qps)
        {
            throw new IllegalArgumentException("need 1 or more QPs and 1 to that many CQs, got " + qps + " and "
                + cqs);
        }
        if (params.topology().hostCount() != 2)
        {
            throw new IllegalArgumentException("perf runs on two hosts, not " + params.topology().hostCount());
        }
        system = SystemBuilder.build(params, runner);
        for (int h = 0; h < 2; h++)
        {
            nodes[h] = new Node(system.host(h), qps, cqs);
            configure.accept(nodes[h].device());
        }
        for (final Node n : nodes)
        {
            system.at(n.host, () -> createCq(n, 0));
        }
        require(() -> nodes[0].qps[qps - 1] != null && nodes[1].qps[qps - 1] != null, "QPs were not created");
        // Out of band: each side learns the other's QPNs, PSNs and addresses.
        for (final Node n : nodes)
        {
            final Node peer = other(n);
            final QpEndpoint[] remote = new QpEndpoint[qps];
            for (int i = 0; i < qps; i++)
            {
                remote[i] = peer.device().endpoint(peer.qps[i]);
            }
            system.at(n.host, () ->
            {
                for (int i = 0; i < qps; i++)
                {
                    n.device().connect(n.qps[i], remote[i], BUFFER_ACCESS, (s, qp) ->
                    {
                        check(s, "connect");
                        n.connected++;
                    });
                }
                final long va = n.process().allocate(bufferBytes, PageSize.SIZE_4K, Access.READ_WRITE);
                if (va == SimProcess.NO_MEMORY)
                {
                    throw new IllegalStateException("no memory for a buffer of " + bufferBytes + " bytes");
                }
                n.device().regMr(n.process(), va, bufferBytes, BUFFER_ACCESS, (s, mr) ->
                {
                    check(s, "register");
                    n.mr = mr;
                });
            });
        }
        require(() -> nodes[0].connected == qps && nodes[1].connected == qps && nodes[0].mr != null
            && nodes[1].mr != null, "QPs were not connected or buffers not registered");
    }

    /** Creates the node's CQ {@code i} and, when it exists, the next, then the QPs, one after the other. */
    private static void createCq(final Node n, final int i)
    {
        n.device().createCq(LOG_CQ_SIZE, (s, cq) ->
        {
            check(s, "create CQ");
            n.cqs[i] = cq;
            if (i + 1 < n.cqs.length)
            {
                createCq(n, i + 1);
            }
            else
            {
                createQp(n, 0);
            }
        });
    }

    /** Creates the node's QP {@code i} and, when it exists, the next, one after the other. */
    private static void createQp(final Node n, final int i)
    {
        final CompletionQueue cq = n.cqs[i % n.cqs.length];
        n.device().createQp(cq, cq, Perftest.LOG_SQ_BLOCKS, Perftest.LOG_RQ_SIZE, (s, qp) ->
        {
            check(s, "create QP");
            n.qps[i] = qp;
            if (i + 1 < n.qps.length)
            {
                createQp(n, i + 1);
            }
        });
    }

    private static void check(final DriverStatus status, final String what)
    {
        if (status != DriverStatus.OK)
        {
            throw new IllegalStateException(what + " failed: " + status);
        }
    }

    private void require(final BooleanSupplier done, final String message)
    {
        if (!setUp(system, done, SET_UP_LIMIT_PS))
        {
            throw new IllegalStateException(message);
        }
    }

    /**
     * Runs a set-up step in slices of {@link #SET_UP_SLICE_PS} until {@code done} holds after one.
     *
     * @param system the system
     * @param done the step's end, checked between slices
     * @param forPs the most simulated time to run from now
     * @return whether it holds
     */
    static boolean setUp(final SanSystem system, final BooleanSupplier done, final long forPs)
    {
        final long limitPs = system.timePs() + forPs;
        while (!done.getAsBoolean())
        {
            if (system.timePs() >= limitPs)
            {
                return false;
            }
            system.runSlice(SET_UP_SLICE_PS);
        }
        return true;
    }

    /**
     * @param index 0 or 1
     * @return the node
     */
    public Node node(final int index)
    {
        return nodes[index];
    }

    /**
     * @param n a node
     * @return the other node
     */
    public Node other(final Node n)
    {
        return nodes[1 - n.index()];
    }

    /** @return the two hosts and their link */
    public SanSystem system()
    {
        return system;
    }

    /**
     * Runs {@code action} on node {@code n}'s partition at the current simulated time.
     *
     * @param n the node
     * @param action what to run
     */
    public void at(final Node n, final Runnable action)
    {
        system.at(n.host, action);
    }

    /** @return the end of the simulated time run so far */
    public long timePs()
    {
        return system.timePs();
    }

    /** @return the statistics */
    public StatsRegistry stats()
    {
        return system.stats();
    }

    /** Unwinds simulated threads left blocked. */
    @Override
    public void close()
    {
        system.close();
    }
}
