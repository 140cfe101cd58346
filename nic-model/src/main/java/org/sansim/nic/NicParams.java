package org.sansim.nic;

import org.sansim.config.Validated;
import org.sansim.nic.command.CommandProcessorParams;
import org.sansim.nic.completion.CompletionUnitParams;
import org.sansim.nic.dma.DmaEnginesParams;
import org.sansim.nic.doorbell.DoorbellUnitParams;
import org.sansim.nic.gsi.GsiAgentParams;
import org.sansim.nic.port.PortParams;
import org.sansim.nic.translation.TranslationUnitParams;
import org.sansim.nic.transport.AtomicUnitParams;
import org.sansim.nic.transport.RcTransportParams;
import org.sansim.nic.wqe.WqeFetcherParams;
import org.sansim.pcie.PcieLinkParams;

/**
 * The parameters of one {@link Nic}: one record per block.
 *
 * @param pcie the PCIe link to the host
 * @param doorbell the doorbell unit (BAR 0 and BAR 2)
 * @param wqe the WQE fetcher
 * @param translation the translation unit
 * @param dma the DMA engines
 * @param completion the completion unit
 * @param command the command processor
 * @param port the Ethernet port
 * @param transport the RC transport
 * @param atomic the responder's atomic unit
 * @param gsi the GSI agent (QP1, management datagrams)
 */
public record NicParams(
    PcieLinkParams pcie,
    DoorbellUnitParams doorbell,
    WqeFetcherParams wqe,
    TranslationUnitParams translation,
    DmaEnginesParams dma,
    CompletionUnitParams completion,
    CommandProcessorParams command,
    PortParams port,
    RcTransportParams transport,
    AtomicUnitParams atomic,
    GsiAgentParams gsi)
    implements Validated
{
    /** @return every block's defaults */
    public static NicParams defaults()
    {
        return new NicParams(PcieLinkParams.defaults(), DoorbellUnitParams.defaults(), WqeFetcherParams.defaults(),
            TranslationUnitParams.defaults(), DmaEnginesParams.defaults(), CompletionUnitParams.defaults(),
            CommandProcessorParams.defaults(), PortParams.defaults(), RcTransportParams.defaults(),
            AtomicUnitParams.defaults(), GsiAgentParams.defaults());
    }

    @Override
    public void validate()
    {
        pcie.validate();
        doorbell.validate();
        wqe.validate();
        translation.validate();
        dma.validate();
        completion.validate();
        command.validate();
        port.validate();
        transport.validate();
        atomic.validate();
        gsi.validate();
    }
}
