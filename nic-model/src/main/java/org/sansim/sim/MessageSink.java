package org.sansim.sim;

/** The receiving end of a {@link Channel}: a component's port. */
@FunctionalInterface
public interface MessageSink
{
    /**
     * Handles a message at exactly its delivery time: the receiver's clock reads
     * {@link Message#deliverPs()}. The slot is reused once this returns.
     *
     * @param message the delivered message
     */
    void onMessage(Message message);
}
