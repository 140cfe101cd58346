package org.sansim.provider.cm;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.sansim.fabric.FabricLinkParams;
import org.sansim.host.InterruptControllerParams;
import org.sansim.nic.NicParams;
import org.sansim.provider.driver.kernel.DriverStatus;
import org.sansim.provider.driver.kernel.KernelDriverParams;
import org.sansim.provider.driver.user.HostCpuCosts;
import org.sansim.provider.verbs.Device;
import org.sansim.provider.verbs.Testbed;
import org.sansim.sim.EventLoop;

/**
 * Two nodes back to back ({@link Testbed} with its QPs left in {@code RESET}), each with a started
 * {@link ConnectionManager} whose neighbour table knows both nodes: the set-up of the CM's tests and
 * captures.
 */
public final class CmTestbed
{
    private static final long START_LIMIT_PS = 10_000_000_000L;

    private final Testbed testbed;
    private final ConnectionManager[] cms = new ConnectionManager[2];

    /**
     * Builds both nodes and starts both managers.
     *
     * @param params both managers' parameters
     */
    public CmTestbed(final CmParams params)
    {
        this(params, NicParams.defaults(), HostCpuCosts.defaults(), d -> { });
    }

    /**
     * Builds both nodes with the given NIC and CPU parameters and starts both managers.
     *
     * @param params both managers' parameters
     * @param nic both NICs' parameters
     * @param costs both user drivers' CPU costs
     * @param configure called once per device before its QP is created
     */
    public CmTestbed(final CmParams params, final NicParams nic, final HostCpuCosts costs,
        final java.util.function.Consumer<Device> configure)
    {
        this(new Testbed.Params(nic, costs, FabricLinkParams.defaults(), KernelDriverParams.defaults(),
            InterruptControllerParams.defaults(), params), configure);
    }

    /**
     * Builds both nodes, each with its own NIC parameters, and starts both managers.
     *
     * @param params both managers' parameters
     * @param nodeNics node 0's and node 1's NIC parameters
     * @param costs both user drivers' CPU costs
     * @param configure called once per device before its QP is created
     */
    public CmTestbed(final CmParams params, final NicParams[] nodeNics, final HostCpuCosts costs,
        final java.util.function.Consumer<Device> configure)
    {
        this(new Testbed.Params(nodeNics[0], costs, FabricLinkParams.defaults(), KernelDriverParams.defaults(),
            InterruptControllerParams.defaults(), params), nodeNics, configure);
    }

    /**
     * Builds both nodes with every component's parameters and starts both managers.
     *
     * @param all every component's parameters; the managers get {@link Testbed.Params#cm()}
     * @param configure called once per device before its QP is created
     */
    public CmTestbed(final Testbed.Params all, final java.util.function.Consumer<Device> configure)
    {
        this(all, new NicParams[] {all.nic(), all.nic()}, configure);
    }

    /**
     * Builds both nodes with every component's parameters, each node with its own NIC's, and starts
     * both managers.
     *
     * @param all every component's parameters but the NICs'; the managers get {@link Testbed.Params#cm()}
     * @param nodeNics node 0's and node 1's NIC parameters
     * @param configure called once per device before its QP is created
     */
    public CmTestbed(final Testbed.Params all, final NicParams[] nodeNics,
        final java.util.function.Consumer<Device> configure)
    {
        final CmParams params = all.cm();
        testbed = new Testbed(all, nodeNics, 1 << 16, 8, 8, configure, false);
        final Testbed.Node a = testbed.node(0);
        final Testbed.Node b = testbed.node(1);
        final AddressResolver resolver = AddressResolver.of(Map.of(a.device().ipv4(), a.device().mac(),
            b.device().ipv4(), b.device().mac()));
        final boolean[] started = new boolean[2];
        for (int h = 0; h < 2; h++)
        {
            final Testbed.Node n = testbed.node(h);
            final int index = h;
            cms[h] = new ConnectionManager("node" + h + ".cm", loop(h), n.device().kernel(), n.device().ipv4(),
                n.device().mac(), resolver, params, testbed.stats());
            testbed.at(n, () -> cms[index].start((status, commandStatus, value) ->
            {
                if (status != DriverStatus.OK)
                {
                    throw new IllegalStateException("CM start failed: " + status + " " + commandStatus);
                }
                started[index] = true;
            }));
        }
        if (!testbed.runUntil(() -> started[0] && started[1], testbed.timePs() + START_LIMIT_PS))
        {
            throw new IllegalStateException("the connection managers did not start");
        }
    }

    /** @return the two nodes */
    public Testbed testbed()
    {
        return testbed;
    }

    /**
     * @param index 0 or 1
     * @return that node's manager
     */
    public ConnectionManager cm(final int index)
    {
        return cms[index];
    }

    /**
     * @param index 0 or 1
     * @return that node's event loop
     */
    public EventLoop loop(final int index)
    {
        return testbed.node(index).endpoint().partition().loop();
    }

    /**
     * Runs {@code action} on node {@code index}'s partition now.
     *
     * @param index 0 or 1
     * @param action what to run
     */
    public void at(final int index, final Runnable action)
    {
        testbed.at(testbed.node(index), action);
    }

    /**
     * Runs until {@code done} holds or {@code forPs} more simulated time has passed.
     *
     * @param done the condition
     * @param forPs the most simulated time to run
     * @return whether the condition holds
     */
    public boolean runUntil(final BooleanSupplier done, final long forPs)
    {
        return testbed.runUntil(done, testbed.timePs() + forPs);
    }
}
