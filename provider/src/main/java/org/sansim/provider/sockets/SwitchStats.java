package org.sansim.provider.sockets;

import org.sansim.stats.Counter;
import org.sansim.stats.StatGroup;
import org.sansim.stats.StatsRegistry;

/**
 * The statistics of one process's switch, under its component path (such as
 * {@code node0.switch.p0}): bytes moved by copy and by RDMA, which exchange carried them, control
 * messages, waits for credits, registrations and the switch's registration-cache hits.
 */
final class SwitchStats
{
    final Counter bytesCopied;
    final Counter bytesByRdma;
    final Counter readExchanges;
    final Counter writeExchanges;
    final Counter controlMessagesSent;
    final Counter controlMessagesReceived;
    final Counter creditUpdates;
    final Counter creditWaits;
    final Counter creditWaitPs;
    final Counter registrations;
    final Counter registrationCacheHits;
    final Counter cpuPs;

    SwitchStats(final String name, final StatsRegistry registry)
    {
        final StatGroup g = registry.group(name);
        bytesCopied = g.counter("bytesCopied", "bytes",
            "application bytes copied through control buffers (counted once, at the sender)");
        bytesByRdma = g.counter("bytesByRdma", "bytes", "application bytes moved by RDMA (counted at the sender)");
        readExchanges = g.counter("readExchanges", "count", "large blocks sent by the read-based exchange");
        writeExchanges = g.counter("writeExchanges", "count", "large blocks sent by the write-based exchange");
        controlMessagesSent = g.counter("controlMessagesSent", "count", "control messages sent (WSPSend)");
        controlMessagesReceived = g.counter("controlMessagesReceived", "count", "control messages received");
        creditUpdates = g.counter("creditUpdates", "count", "messages sent only to return credits");
        creditWaits = g.counter("creditWaits", "count", "times a sender found no credit and waited for one");
        creditWaitPs = g.counter("creditWaitPs", "ps", "simulated time senders spent waiting for credits");
        registrations = g.counter("registrations", "count",
            "WSPRegisterMemory and WSPRegisterRdmaMemory calls the switch made");
        registrationCacheHits = g.counter("registrationCacheHits", "count",
            "local registrations the switch reused from its cache instead of registering");
        cpuPs = g.counter("cpuPs", "ps", "CPU time the switch's own work charged to calling threads");
    }
}
