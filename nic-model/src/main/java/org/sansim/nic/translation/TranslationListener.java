package org.sansim.nic.translation;

/**
 * Told when a translation has finished, successfully or not. Called on the NIC's partition, from an
 * event of the request, at the simulated time the translation is done.
 */
@FunctionalInterface
public interface TranslationListener
{
    /**
     * The request's outputs ({@link TranslationRequest#ok()}, its segments, its syndromes) are valid
     * until the caller starts another translation with it.
     *
     * @param request the finished request
     */
    void translated(TranslationRequest request);
}
