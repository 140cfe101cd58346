package org.sansim.provider.driver.user;

import org.sansim.hw.WqeOpcode;

/** What a work completion reports ({@code ibv_wc_opcode}). */
public enum WcOpcode
{
    SEND,
    RDMA_WRITE,
    RDMA_READ,
    COMPARE_SWAP,
    FETCH_ADD,
    NOP,
    /** A receive WQE consumed by a {@code SEND} or {@code SEND_IMM}. */
    RECV,
    /** A receive WQE consumed by an {@code RDMA_WRITE_IMM}. */
    RECV_RDMA_WITH_IMM;

    /**
     * @param op the WQE's opcode
     * @return the requester completion's opcode
     */
    public static WcOpcode ofRequester(final WqeOpcode op)
    {
        return switch (op)
        {
            case SEND, SEND_IMM -> SEND;
            case RDMA_WRITE, RDMA_WRITE_IMM -> RDMA_WRITE;
            case RDMA_READ -> RDMA_READ;
            case ATOMIC_CS -> COMPARE_SWAP;
            case ATOMIC_FA -> FETCH_ADD;
            case NOP -> NOP;
        };
    }
}
