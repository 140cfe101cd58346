package org.sansim.provider.wsp.api;

/**
 * The GUIDs of the SAN extension functions ({@code ws2san.h}), the input of
 * {@code WSPIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)}. The function each one names is typed in
 * {@link WsaExtensions}.
 */
public final class WsaGuids
{
    /** {@code WSPRegisterMemory} (required): registers local memory, returns a local handle. */
    public static final Guid WSAID_REGISTERMEMORY = Guid.parse("{C0B422F5-F58C-11d1-AD6C-00C04FA34A2D}");

    /** {@code WSPDeregisterMemory} (required): releases a {@code WSPRegisterMemory} handle. */
    public static final Guid WSAID_DEREGISTERMEMORY = Guid.parse("{C0B422F6-F58C-11d1-AD6C-00C04FA34A2D}");

    /** {@code WSPRegisterRdmaMemory} (required): registers memory for the peer, returns a descriptor. */
    public static final Guid WSAID_REGISTERRDMAMEMORY = Guid.parse("{C0B422F7-F58C-11d1-AD6C-00C04FA34A2D}");

    /** {@code WSPDeregisterRdmaMemory} (required): releases an RDMA buffer descriptor. */
    public static final Guid WSAID_DEREGISTERRDMAMEMORY = Guid.parse("{C0B422F8-F58C-11d1-AD6C-00C04FA34A2D}");

    /** {@code WSPRdmaWrite} (required): writes local buffers into the peer's registered memory. */
    public static final Guid WSAID_RDMAWRITE = Guid.parse("{C0B422F9-F58C-11d1-AD6C-00C04FA34A2D}");

    /** {@code WSPRdmaRead} (optional): reads the peer's registered memory into local buffers. */
    public static final Guid WSAID_RDMAREAD = Guid.parse("{C0B422FA-F58C-11d1-AD6C-00C04FA34A2D}");

    /** {@code WSPMemoryRegistrationCacheCallback} (optional): evicts cached registrations of a range. */
    public static final Guid WSAID_MEMORYREGISTRATIONCACHECALLBACK =
        Guid.parse("{E5DA4AF8-D824-48CD-A799-6337A98ED2AF}");

    private WsaGuids()
    {
    }
}
