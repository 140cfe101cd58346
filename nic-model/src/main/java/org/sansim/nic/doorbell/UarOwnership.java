package org.sansim.nic.doorbell;

/**
 * Which UAR page may ring each queue (HARDWARE.md 2): every QP, CQ and EQ is created with the index
 * of its UAR page, and the doorbell unit drops a doorbell that arrives through another page
 * (statistic {@code foreignUar}). The command processor, which creates the objects, implements it.
 */
public interface UarOwnership
{
    /** Returned for an object that any page may ring (or whose owner is not known). */
    int ANY_PAGE = -1;

    /** An ownership that lets every page ring every object. */
    UarOwnership UNCHECKED = new UarOwnership()
    {
        @Override
        public int uarOfQp(final int qpn)
        {
            return ANY_PAGE;
        }

        @Override
        public int uarOfCq(final int cqn)
        {
            return ANY_PAGE;
        }

        @Override
        public int uarOfEq(final int eqn)
        {
            return ANY_PAGE;
        }
    };

    /**
     * @param qpn a QPN
     * @return the UAR page of the QP, or {@link #ANY_PAGE}
     */
    int uarOfQp(int qpn);

    /**
     * @param cqn a CQN
     * @return the UAR page of the CQ, or {@link #ANY_PAGE}
     */
    int uarOfCq(int cqn);

    /**
     * @param eqn an EQN
     * @return the UAR page of the EQ, or {@link #ANY_PAGE}
     */
    int uarOfEq(int eqn);
}
