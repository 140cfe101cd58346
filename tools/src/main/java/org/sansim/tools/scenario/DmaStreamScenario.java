package org.sansim.tools.scenario;

import org.sansim.host.PhysicalMemory;
import org.sansim.pcie.DmaReadCompletion;
import org.sansim.pcie.MmioTarget;
import org.sansim.pcie.PcieEndpoint;
import org.sansim.pcie.PcieLink;
import org.sansim.pcie.PcieLinkParams;
import org.sansim.pcie.PcieRootComplex;
import org.sansim.random.SimRandom;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Partition;
import org.sansim.sim.Priority;
import org.sansim.sim.Runner;
import org.sansim.sim.Simulation;
import org.sansim.stats.Accumulator;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The built-in scenario until the NIC exists: a host drives a copy engine over PCIe.
 *
 * <pre>
 *   host0: memory, driver                 PCIe               dma0: copy engine
 *   +-----------------------------+  MMIO doorbell  -->  +----------------------------+
 *   | src buffer (random bytes)   |  DMA reads     <-->  | reads src in chunks,       |
 *   | dst buffer                  |  DMA writes    <--   | writes each chunk to dst,  |
 *   | done flag (polled)          |  flag write    <--   | then writes the done flag  |
 *   +-----------------------------+                      +----------------------------+
 * </pre>
 *
 * The driver fills the source with seeded random bytes, rings the device's doorbell with an MMIO
 * write, and polls the done flag in host memory; the device copies by DMA, keeping a number of
 * chunk reads in flight, and writes the flag after the last chunk (PCIe ordering makes the flag
 * visible after the data). Each copy's bytes are checked end to end.
 */
public final class DmaStreamScenario
{
    /** Device register: writing a doorbell count starts a copy. */
    static final long DOORBELL_REGISTER = 0x0;

    private static final long SRC_PA = 1L << 20;
    private static final long FLAG_OFFSET_PAGES = 4096;

    private final Simulation simulation = new Simulation();
    private final StatsRegistry stats = new StatsRegistry();
    private final PhysicalMemory memory;
    private final PcieLink link;
    private final Driver driver;
    private final CopyEngine engine;
    private final DmaStreamParams streamParams;

    /**
     * Builds the scenario.
     *
     * @param pcieParams the PCIe link
     * @param streamParams the copy engine and the driver's requests
     * @param seed the seed of the source bytes
     */
    public DmaStreamScenario(final PcieLinkParams pcieParams, final DmaStreamParams streamParams, final long seed)
    {
        pcieParams.validate();
        streamParams.validate();
        this.streamParams = streamParams;
        final long dstPa = SRC_PA + streamParams.bufferBytes();
        final long flagPa = dstPa + streamParams.bufferBytes() + FLAG_OFFSET_PAGES;
        memory = new PhysicalMemory("host0.memory", ((flagPa + 8) + 4095) & -4096L);
        final Partition host = simulation.partition("host0");
        final Partition device = simulation.partition("dma0");
        link = PcieLink.connect(simulation, "host0.pcie", pcieParams, host, memory, device, stats);
        engine = new CopyEngine(link.endpoint(), device.loop(), streamParams, dstPa, flagPa,
            stats.group("dma0.engine"));
        link.endpoint().mmioTarget(engine);
        driver = new Driver(link.rootComplex(), host.loop(), streamParams, dstPa, flagPa, seed,
            stats.group("host0.driver"));
        host.loop().schedule(driver.ring, 0);
    }

    /**
     * Runs to completion.
     *
     * @param runner the runner
     */
    public void run(final Runner runner)
    {
        simulation.run(runner.threads() == 1 ? Long.MAX_VALUE : driver.deadlinePs(), runner);
        if (driver.copiesDone != streamParams.doorbells())
        {
            throw new IllegalStateException("the scenario finished " + driver.copiesDone + " of "
                + streamParams.doorbells() + " copies");
        }
    }

    /** @return the statistics */
    public StatsRegistry stats()
    {
        return stats;
    }

    /** @return the simulation */
    public Simulation simulation()
    {
        return simulation;
    }

    /** @return copies whose bytes matched end to end */
    public long copiesVerified()
    {
        return driver.copiesVerified;
    }

    /** @return the mean time from doorbell to the driver seeing the done flag */
    public double meanCopyLatencyPs()
    {
        return driver.copyLatency.mean();
    }

    /** @return payload bytes copied */
    public long bytesCopied()
    {
        return engine.bytesWritten.value();
    }

    /** @return the simulated time of the last completion */
    public long endPs()
    {
        return driver.lastDonePs;
    }

    /** Host software: fills, rings, polls, checks. */
    private final class Driver
    {
        private static final long POLL_INTERVAL_PS = 50_000;

        final PcieRootComplex rootComplex;
        final EventLoop loop;
        final DmaStreamParams params;
        final long dstPa;
        final long flagPa;
        final SimRandom random;
        final byte[] expected;
        final byte[] actual;
        final Accumulator copyLatency;
        final Counter polls;
        final Event ring;
        final Event poll;
        long copiesDone;
        long copiesVerified;
        long rungPs;
        long lastDonePs;

        Driver(final PcieRootComplex rootComplex, final EventLoop loop, final DmaStreamParams params, final long dstPa,
            final long flagPa, final long seed, final StatGroup group)
        {
            this.rootComplex = rootComplex;
            this.loop = loop;
            this.params = params;
            this.dstPa = dstPa;
            this.flagPa = flagPa;
            this.random = new SimRandom(seed);
            this.expected = new byte[(int)params.bufferBytes()];
            this.actual = new byte[(int)params.bufferBytes()];
            this.copyLatency = group.accumulator("copyLatency", "ps", "time from doorbell to seeing the done flag");
            this.polls = group.counter("polls", "count", "reads of the done flag");
            this.ring = Event.of("host0.driver.ring", Priority.DEFAULT, this::ring);
            this.poll = Event.of("host0.driver.poll", Priority.DEFAULT, this::poll);
        }

        long deadlinePs()
        {
            // Generous bound for the multi-thread runner, which needs a finite end.
            return (long)params.doorbells() * (params.hostGapPs() + 1_000_000L
                + params.bufferBytes() * 1_000L) + 1_000_000_000L;
        }

        private void ring()
        {
            for (int i = 0; i < expected.length; i += 8)
            {
                final long value = random.nextLong();
                for (int b = 0; b < 8 && i + b < expected.length; b++)
                {
                    expected[i + b] = (byte)(value >>> (8 * b));
                }
            }
            memory.write(SRC_PA, expected, 0, expected.length);
            memory.fill(dstPa, expected.length, (byte)0);
            memory.putLongLE(flagPa, 0);
            rungPs = loop.nowPs();
            rootComplex.mmioWrite64(DOORBELL_REGISTER, copiesDone + 1);
            loop.scheduleAfter(poll, POLL_INTERVAL_PS);
        }

        private void poll()
        {
            polls.increment();
            if (memory.getLongLE(flagPa) != copiesDone + 1)
            {
                loop.scheduleAfter(poll, POLL_INTERVAL_PS);
                return;
            }
            copiesDone++;
            lastDonePs = loop.nowPs();
            copyLatency.sample(loop.nowPs() - rungPs);
            memory.read(dstPa, actual, 0, actual.length);
            if (java.util.Arrays.equals(expected, actual))
            {
                copiesVerified++;
            }
            if (copiesDone < params.doorbells())
            {
                loop.scheduleAfter(ring, params.hostGapPs());
            }
        }
    }

    /** The device: on a doorbell, copies the source to the destination chunk by chunk. */
    private static final class CopyEngine implements MmioTarget, DmaReadCompletion
    {
        final PcieEndpoint endpoint;
        final EventLoop loop;
        final DmaStreamParams params;
        final long dstPa;
        final long flagPa;
        final byte[][] chunks;
        final byte[] flag = new byte[8];
        final Counter doorbells;
        final Counter bytesRead;
        final Counter bytesWritten;
        final Event issue;
        long sequence;
        long nextChunk;
        long chunksDone;
        int inFlight;

        CopyEngine(final PcieEndpoint endpoint, final EventLoop loop, final DmaStreamParams params, final long dstPa,
            final long flagPa, final StatGroup group)
        {
            this.endpoint = endpoint;
            this.loop = loop;
            this.params = params;
            this.dstPa = dstPa;
            this.flagPa = flagPa;
            this.chunks = new byte[params.outstandingChunks()][(int)params.chunkBytes()];
            this.doorbells = group.counter("doorbells", "count", "copy requests received by MMIO");
            this.bytesRead = group.counter("bytesRead", "bytes", "payload read from host memory by DMA");
            this.bytesWritten = group.counter("bytesWritten", "bytes", "payload written to host memory by DMA");
            this.issue = Event.of("dma0.engine.issue", Priority.DEFAULT, this::issueReads);
        }

        private long chunkCount()
        {
            return params.bufferBytes() / params.chunkBytes();
        }

        @Override
        public void mmioWrite(final long address, final byte[] data, final int offset, final int lengthBytes)
        {
            if (address != DOORBELL_REGISTER || lengthBytes != 8)
            {
                throw new IllegalStateException("dma0: unexpected MMIO write of " + lengthBytes + " B at " + address);
            }
            long value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = (value << 8) | (data[offset + i] & 0xFF);
            }
            doorbells.increment();
            sequence = value;
            nextChunk = 0;
            chunksDone = 0;
            if (!issue.scheduled())
            {
                loop.schedule(issue, loop.nowPs());
            }
        }

        private void issueReads()
        {
            while (inFlight < params.outstandingChunks() && nextChunk < chunkCount())
            {
                final int slot = (int)(nextChunk % params.outstandingChunks());
                endpoint.dmaRead(SRC_PA + nextChunk * params.chunkBytes(), (int)params.chunkBytes(), chunks[slot], 0,
                    this, nextChunk);
                nextChunk++;
                inFlight++;
            }
        }

        @Override
        public void dmaReadDone(final long chunk)
        {
            final int slot = (int)(chunk % params.outstandingChunks());
            final int length = (int)params.chunkBytes();
            bytesRead.add(length);
            endpoint.dmaWrite(dstPa + chunk * length, chunks[slot], 0, length);
            bytesWritten.add(length);
            inFlight--;
            chunksDone++;
            if (chunksDone == chunkCount())
            {
                for (int i = 0; i < 8; i++)
                {
                    flag[i] = (byte)(sequence >>> (8 * i));
                }
                endpoint.dmaWrite(flagPa, flag, 0, 8);
            }
            else
            {
                issueReads();
            }
        }
    }
}
