/**
 * Timelines of a run in the Chrome/Perfetto trace-event JSON format ({@code --timeline FILE}): one track per
 * component and host, fed by {@link org.sansim.jfr.SimJfr}'s emission points and the verbs devices' tap.
 */
package org.sansim.traces.timeline;
