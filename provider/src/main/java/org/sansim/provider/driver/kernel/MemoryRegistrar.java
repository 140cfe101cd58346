package org.sansim.provider.driver.kernel;

import java.util.HashMap;
import java.util.Map;
import org.sansim.host.AddressSpace;
import org.sansim.host.PhysicalMemory;
import org.sansim.host.SimProcess;
import org.sansim.hw.AccessFlags;
import org.sansim.hw.CommandOpcode;
import org.sansim.hw.MemoryKey;
import org.sansim.hw.MptEntryFlyweight;
import org.sansim.sim.Event;
import org.sansim.sim.EventLoop;
import org.sansim.sim.Priority;
import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;

/**
 * Memory registration (HARDWARE.md 11): pins a buffer's pages, writes their MTT entries and creates
 * its key with {@code CREATE_MKEY}; deregistration destroys the key, then frees the entries and
 * unpins the pages.
 *
 * <p>Pinning walks the process's page table one 4 KiB page at a time, {@link KernelDriverParams#pinPagePs()}
 * each (the host model never swaps, so pinning is bookkeeping); each MTT entry costs
 * {@link KernelDriverParams#mttEntryWritePs()}; {@code CREATE_MKEY} is issued once that CPU time has
 * passed. The key's variant comes from a per-device counter.
 *
 * <p>Invariants: a page that is not mapped fails the registration with {@link DriverStatus#PAGE_FAULT}
 * before any MTT entry is taken or written; nothing stays taken, written or pinned when any step
 * fails; {@link #pinnedPages()} is the pages of the registered keys plus those of registrations whose
 * {@code CREATE_MKEY} is in flight.
 */
final class MemoryRegistrar
{
    private static final int LOG_PAGE = PhysicalMemory.PAGE_SHIFT;

    private final String name;
    private final KernelDriverParams params;
    private final EventLoop loop;
    private final CommandInterface commands;
    private final DeferredCallbacks callbacks;
    private final MttTable mtt;
    private final Map<Integer, Registration> registrations = new HashMap<>();
    private int nextVariant;
    private long pinnedPages;

    private final Counter registrationsDone;
    private final Counter registrationFaults;
    private final Counter pinnedPagesTotal;

    /** A registered region: its MTT range and the pinned frames. */
    private record Registration(int key, int mttBase, int mttCount, long[] pinnedPas)
    {
    }

    /**
     * @param name the driver's component path; its events are named after it
     * @param params the driver's parameters
     * @param loop the host partition's event loop
     * @param commands the command interface
     * @param callbacks delivers outcomes
     * @param mtt the MTT table
     * @param group the driver's stats group, where this registers its counters
     */
    MemoryRegistrar(final String name, final KernelDriverParams params, final EventLoop loop,
        final CommandInterface commands, final DeferredCallbacks callbacks, final MttTable mtt, final StatGroup group)
    {
        this.name = name;
        this.params = params;
        this.loop = loop;
        this.commands = commands;
        this.callbacks = callbacks;
        this.mtt = mtt;
        registrationsDone = group.counter("registrations", "count", "memory regions registered");
        registrationFaults = group.counter("registrationFaults", "count", "registrations failed by a page fault");
        pinnedPagesTotal = group.counter("pinnedPages", "count", "4 KiB pages pinned, cumulative");
    }

    /** See {@link KernelDriver#registerMemory(SimProcess, long, long, int, int, DriverCallback)}. */
    void register(final SimProcess process, final long va, final long length, final int access, final int pd,
        final DriverCallback callback)
    {
        if (!commands.enabled())
        {
            callbacks.after(params.commandSyscallPs(), callback, DriverStatus.NOT_READY, null, 0);
            return;
        }
        if (length < 1 || va < 0 || va > AddressSpace.VA_LIMIT - length || !AccessFlags.valid(access)
            || (pd & ~0xFF_FFFF) != 0)
        {
            callbacks.after(params.commandSyscallPs(), callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        final long firstPage = va >>> LOG_PAGE;
        final long pageCount = ((va + length - 1) >>> LOG_PAGE) - firstPage + 1;
        if (pageCount > 1L << mtt.logEntries())
        {
            callbacks.after(params.commandSyscallPs(), callback, DriverStatus.OUT_OF_MTT, null, 0);
            return;
        }
        final int pages = (int)pageCount;
        final long[] pinned = pin(process.addressSpace(), firstPage, pages, callback);
        if (pinned == null)
        {
            return;
        }
        final int mttBase = mtt.allocate(pages);
        if (mttBase < 0)
        {
            callbacks.after(params.commandSyscallPs() + pages * params.pinPagePs(), callback, DriverStatus.OUT_OF_MTT,
                null, 0);
            return;
        }
        pinnedPages += pages;
        pinnedPagesTotal.add(pages);
        for (int i = 0; i < pages; i++)
        {
            mtt.write(mttBase + i, pinned[i]);
        }
        final int variant = nextVariant;
        nextVariant = MemoryKey.nextVariant(nextVariant);
        final long cpuPs = pages * (params.pinPagePs() + params.mttEntryWritePs());
        loop.scheduleAfter(Event.of(name + ".registerIssue", Priority.DEFAULT, () ->
            commands.command(CommandOpcode.CREATE_MKEY, (m, pa) -> new MptEntryFlyweight().wrap(m, pa)
                .keyVariant(variant).logPageSize(LOG_PAGE).access(access).pd(pd).startVa(va).length(length)
                .mttBase(mttBase).mttCount(pages),
                commands.handleOutput(), (status, commandStatus, key) ->
                {
                    if (status == DriverStatus.OK)
                    {
                        registrations.put(key, new Registration(key, mttBase, pages, pinned));
                        registrationsDone.increment();
                    }
                    else
                    {
                        mtt.free(mttBase, pages);
                        pinnedPages -= pages;
                    }
                    callback.onDone(status, commandStatus, status == DriverStatus.OK ? key : 0);
                })), cpuPs);
    }

    /**
     * Translates the {@code pages} pages from {@code firstPage}; on the first that is not mapped, counts
     * a fault, tells {@code callback} {@link DriverStatus#PAGE_FAULT} after the walk so far and returns
     * {@code null}.
     */
    private long[] pin(final AddressSpace space, final long firstPage, final int pages, final DriverCallback callback)
    {
        final long[] pinned = new long[pages];
        for (int i = 0; i < pages; i++)
        {
            final long pa = space.translate((firstPage + i) << LOG_PAGE, 0);
            if (pa == AddressSpace.FAULT)
            {
                registrationFaults.increment();
                callbacks.after(params.commandSyscallPs() + (i + 1) * params.pinPagePs(), callback,
                    DriverStatus.PAGE_FAULT, null, 0);
                return null;
            }
            pinned[i] = pa;
        }
        return pinned;
    }

    /** See {@link KernelDriver#deregisterMemory}. */
    void deregister(final int key, final DriverCallback callback)
    {
        final Registration r = registrations.get(key);
        if (r == null)
        {
            callbacks.after(params.commandSyscallPs(), callback, DriverStatus.BAD_ARGUMENT, null, 0);
            return;
        }
        commands.command(CommandOpcode.DESTROY_MKEY, CommandInterface.handleInput(key), MailboxReader.NONE,
            (status, commandStatus, v) ->
            {
                if (status == DriverStatus.OK)
                {
                    registrations.remove(key);
                    mtt.free(r.mttBase(), r.mttCount());
                    pinnedPages -= r.pinnedPas().length;
                }
                callback.onDone(status, commandStatus, v);
            });
    }

    /** @return 4 KiB pages pinned now */
    long pinnedPages()
    {
        return pinnedPages;
    }

    /** @return keys registered now */
    int registrations()
    {
        return registrations.size();
    }

    /** @return a registered key's first MTT entry, or -1 if it is not registered */
    int mttBase(final int key)
    {
        final Registration r = registrations.get(key);
        return r == null ? -1 : r.mttBase();
    }
}
