/** Named parameter sets for realistic NICs ({@code --preset}). */
package org.sansim.tools.preset;
