package org.sansim.provider.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.host.InterruptControllerParams;
import org.sansim.provider.cm.CmParams;
import org.sansim.provider.driver.kernel.KernelDriverParams;
import org.sansim.provider.verbs.Testbed;
import org.sansim.nic.NicParams;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.wsp.WsdParams;
import org.sansim.provider.wsp.WsdProvider;
import org.sansim.provider.wsp.WsdTestbed;
import org.sansim.provider.wsp.api.SOCKADDR_IN;
import org.sansim.provider.wsp.api.WinsockError;
import org.sansim.provider.wsp.api.Winsock;

/**
 * Two hosts of the provider's testbed with a {@link WinsockSwitch} loaded in a process of each: the
 * set-up of the switch's tests. Test code only: the switch itself never sees the provider's classes.
 */
final class SocketsFixture implements AutoCloseable
{
    static final long LIMIT_PS = 5_000_000_000_000L;

    final WsdTestbed bed;
    final WinsockSwitch[] switches = new WinsockSwitch[2];
    final WsdTestbed.Process[] processes = new WsdTestbed.Process[2];

    SocketsFixture(final WsdParams wsd, final SwitchParams params)
    {
        this(new WsdTestbed(wsd, NicParams.defaults(), HostCpuCosts.defaults()), params);
    }

    SocketsFixture(final WsdParams wsd, final double loss, final SwitchParams params)
    {
        this(new WsdTestbed(wsd, new Testbed.Params(NicParams.defaults(), HostCpuCosts.defaults(),
            FabricLinkParams.defaults().withLoss(loss, 1, 0.0, 4242), KernelDriverParams.defaults(),
            InterruptControllerParams.defaults(), CmParams.defaults())), params);
    }

    long counter(final int host, final String stat)
    {
        return bed.stats().counter("node" + host + ".switch.p0." + stat).value();
    }

    SocketsFixture(final WsdTestbed bed, final SwitchParams params)
    {
        this.bed = bed;
        for (int h = 0; h < 2; h++)
        {
            processes[h] = bed.process(h);
            switches[h] = load(processes[h], "node" + h + ".switch.p0", params);
        }
    }

    WinsockSwitch load(final WsdTestbed.Process process, final String name, final SwitchParams params)
    {
        final WsdProvider provider = process.provider();
        return new WinsockSwitch(name, process.process(), provider::WSPStartupEx, provider, params, bed.stats());
    }

    int serverIp()
    {
        return bed.host(1).ipv4();
    }

    static byte[] pattern(final int seed, final int length)
    {
        final byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Startup, socket, bind, listen, accept on {@code port}; returns the accepted socket. */
    static long acceptOne(final WinsockSwitch sw, final int port)
    {
        assertEquals(0, sw.WSAStartup(), () -> WinsockError.name(sw.WSAGetLastError()));
        final long l = sw.socket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP);
        assertEquals(0, sw.bind(l, SOCKADDR_IN.of(0, port)));
        assertEquals(0, sw.listen(l, 5), () -> WinsockError.name(sw.WSAGetLastError()));
        final long a = sw.accept(l, new SOCKADDR_IN());
        assertEquals(true, a != Winsock.INVALID_SOCKET, () -> WinsockError.name(sw.WSAGetLastError()));
        return a;
    }

    /** Startup, socket, connect; returns the connected socket. */
    static long connectOne(final WinsockSwitch sw, final int ip, final int port)
    {
        assertEquals(0, sw.WSAStartup(), () -> WinsockError.name(sw.WSAGetLastError()));
        final long s = sw.socket(Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP);
        assertEquals(0, sw.connect(s, SOCKADDR_IN.of(ip, port)), () -> WinsockError.name(sw.WSAGetLastError()));
        return s;
    }

    /** Sends all of {@code data} from {@code va} in blocks of {@code block} bytes. */
    static void sendAll(final WinsockSwitch sw, final long s, final long va, final int length, final int block)
    {
        for (int off = 0; off < length; off += block)
        {
            final int n = Math.min(block, length - off);
            final int off0 = off;
            assertEquals(n, sw.send(s, va + off, n, 0), () -> "send at " + off0 + ": "
                + WinsockError.name(sw.WSAGetLastError()));
        }
    }

    /** Receives exactly {@code length} bytes into {@code va}, with receives of at most {@code room}. */
    static void recvAll(final WinsockSwitch sw, final long s, final long va, final int length, final int room)
    {
        int got = 0;
        while (got < length)
        {
            final int n = sw.recv(s, va + got, Math.min(room, length - got), 0);
            final int got0 = got;
            assertEquals(true, n > 0, () -> "recv at " + got0 + " returned " + n + ": "
                + WinsockError.name(sw.WSAGetLastError()));
            got += n;
        }
    }

    @Override
    public void close()
    {
        bed.close();
    }
}
