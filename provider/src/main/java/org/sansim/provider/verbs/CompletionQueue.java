package org.sansim.provider.verbs;

import org.sansim.provider.driver.user.UserCompletionQueue;

/** A completion queue ({@code ibv_cq}): the user driver's CQ and the handler of its next event. */
public final class CompletionQueue
{
    private final int cqn;
    private final UserCompletionQueue user;
    Runnable eventHandler;

    CompletionQueue(final int cqn, final UserCompletionQueue user)
    {
        this.cqn = cqn;
        this.user = user;
    }

    /** @return the CQ number */
    public int cqn()
    {
        return cqn;
    }

    /** @return the user-mode driver's CQ */
    public UserCompletionQueue user()
    {
        return user;
    }
}
