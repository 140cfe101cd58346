/**
 * The Java binding of the Windows Sockets Direct SPI: the data types, constants and function-pointer
 * types that the SAN service provider ({@code WSPStartupEx} and the {@code WSP*} functions) and its
 * caller (the Windows Sockets switch model) exchange.
 *
 * <p>The binding keeps the SPI's names, parameter order and error model so that code reads like the
 * {@code ws2spi.h}/{@code ws2san.h} interface it models:
 * <ul>
 *   <li>sockets are {@code long} handles ({@link org.sansim.provider.wsp.api.Winsock#INVALID_SOCKET} is
 *       {@code -1L});</li>
 *   <li>out-parameters ({@code LPINT}, {@code LPDWORD}, {@code PDWORD_PTR}) are small mutable holders:
 *       {@link org.sansim.provider.wsp.api.IntHolder}, {@link org.sansim.provider.wsp.api.LongHolder},
 *       {@link org.sansim.provider.wsp.api.Holder};</li>
 *   <li>data buffers are {@code long} virtual addresses in the calling process's simulated memory,
 *       never Java arrays;</li>
 *   <li>functions report errors by returning {@code SOCKET_ERROR} (or {@code INVALID_SOCKET},
 *       {@code 0} for a {@code NULL} handle, {@code false}) and storing a
 *       {@link org.sansim.provider.wsp.api.WinsockError} code in {@code lpErrno}; they never throw for
 *       caller errors.</li>
 * </ul>
 *
 * <p><b>Naming.</b> Structures, their fields and the function-pointer typedefs deliberately keep the
 * SPI's spelling ({@code WSAOVERLAPPED.InternalHigh}, {@code SOCKADDR_IN.sin_port},
 * {@code WSPPROC_TABLE.LPWSPSEND}) instead of Java naming rules, so that the binding can be checked
 * field by field against the headers and the documentation. Unsigned C types ({@code DWORD},
 * {@code u_long}, {@code ULONG}) are held in Java {@code int}s with the same bits; {@code WORD}s,
 * which are unsigned 16-bit, are held in {@code int}s in the range 0..65535. Pointer-sized values
 * ({@code HANDLE}, {@code DWORD_PTR}, {@code WSAEVENT}) are {@code long}s, matching a 64-bit process.
 *
 * <p>Structures are plain mutable classes with public fields, as in C: the caller owns them and the
 * provider fills them in place. Function pointers a SAN provider never fills or calls are typed
 * {@code Object} and stay {@code null}.
 */
package org.sansim.provider.wsp.api;
