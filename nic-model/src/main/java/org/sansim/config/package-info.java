/**
 * Parameters of components: unit strings parsed at the configuration boundary ({@link
 * org.sansim.config.Units}), parameter records annotated with {@link org.sansim.config.Param} and
 * described, overridden and validated by {@link org.sansim.config.ParamsDescriptor}.
 *
 * <p>Inside the simulation every parameter is a plain {@code long}, {@code int}, {@code double},
 * {@code boolean}, enum or {@code String} whose unit is part of its name ({@code fetchDelayPs},
 * {@code maxPayloadBytes}); unit strings such as {@code "400ns"} exist only here.
 */
package org.sansim.config;
