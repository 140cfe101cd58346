package org.sansim.provider.cm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sansim.config.ParamsException;

/** The CM flyweights put each field at its IBA byte offset, big-endian. */
class CmMessagesTest
{
    private final byte[] mad = new byte[MadFlyweight.LENGTH_BYTES];

    private int u8(final int offset)
    {
        return mad[offset] & 0xFF;
    }

    private byte[] slice(final int offset, final int length)
    {
        return Arrays.copyOfRange(mad, offset, offset + length);
    }

    private static byte[] hex(final String s)
    {
        final String t = s.replace(" ", "");
        final byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte)Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    @Test
    void shouldWriteTheCommonMadHeader()
    {
        final CmRtu rtu = new CmRtu().wrap(mad);
        rtu.initCm(MadFlyweight.ATTR_RTU, 0x0102_0304_0506_0708L);
        rtu.localCommId(0x1122_3344);
        rtu.remoteCommId(0x5566_7788);
        assertArrayEquals(hex("01 07 02 03 0000 0000 0102030405060708 0014 0000 00000000 11223344 55667788"),
            slice(0, 32));
        assertTrue(rtu.isCmSend());
        assertEquals(0x0102_0304_0506_0708L, rtu.transactionId());
    }

    @Test
    void shouldPlaceTheReqFields()
    {
        final CmReq req = new CmReq().wrap(mad);
        req.initCm(MadFlyweight.ATTR_REQ, 1);
        req.localCommId(0xA0B0_C0D0);
        req.serviceId(0x1122_3344_5566_7788L);
        req.localQpn(0x00AB_CDEF);
        req.responderResources(4);
        req.initiatorDepth(2);
        req.startingPsn(0x0012_3456);
        req.remoteCmResponseTimeout(18);
        req.localCmResponseTimeout(18, 7);
        req.maxCmRetries(4);
        req.primaryPath(0x0A00_0001, 0x0A00_0002, 64, 14);
        final byte[] data = new byte[CmReq.PRIVATE_DATA_BYTES];
        Arrays.fill(data, (byte)0x5A);
        req.privateData(data);
        assertArrayEquals(hex("a0b0c0d0"), slice(24, 4));
        assertArrayEquals(hex("1122334455667788"), slice(32, 8));
        assertArrayEquals(hex("abcdef 04"), slice(56, 4));
        assertEquals(2, u8(63));
        assertEquals(18 << 3, u8(67), "RC, end-to-end flow control off");
        assertArrayEquals(hex("123456"), slice(68, 3));
        assertEquals(18 << 3 | 7, u8(71));
        assertEquals(4 << 4, u8(75));
        assertArrayEquals(hex("00000000 00000000 0000ffff 0a000001"), slice(80, 16));
        assertArrayEquals(hex("00000000 00000000 0000ffff 0a000002"), slice(96, 16));
        assertArrayEquals(data, slice(164, 92));
        assertEquals(0, u8(163));
        assertEquals(0x00AB_CDEF, req.localQpn());
        assertEquals(0x0012_3456, req.startingPsn());
        assertEquals(18, req.remoteCmResponseTimeout());
        assertEquals(4, req.maxCmRetries());
        assertThrows(IllegalArgumentException.class, () -> req.privateData(new byte[93]));
    }

    @Test
    void shouldPlaceTheRepRejMraAndDreqFields()
    {
        final CmRep rep = new CmRep().wrap(mad);
        rep.initCm(MadFlyweight.ATTR_REP, 1);
        rep.localQpn(0x0001_0203);
        rep.startingPsn(0x00FE_DCBA);
        rep.responderResources(3);
        rep.initiatorDepth(5);
        rep.privateData(new byte[] {9, 8, 7});
        assertArrayEquals(hex("010203"), slice(36, 3));
        assertArrayEquals(hex("fedcba"), slice(44, 3));
        assertArrayEquals(hex("03 05"), slice(48, 2));
        assertArrayEquals(hex("090807 00"), slice(60, 4));

        final CmRej rej = new CmRej().wrap(mad);
        rej.initCm(MadFlyweight.ATTR_REJ, 1);
        rej.messageRejected(CmRej.REJECTED_REQ);
        rej.reason(CmRejectReason.CONSUMER_REJECT);
        rej.privateData(new byte[] {1});
        assertArrayEquals(hex("001c"), slice(34, 2));
        assertEquals(1, u8(108));
        assertEquals(28, rej.reason());

        final CmMra mra = new CmMra().wrap(mad);
        mra.initCm(MadFlyweight.ATTR_MRA, 1);
        mra.messageMraed(CmMra.MRAED_REQ);
        mra.serviceTimeout(21);
        assertEquals(21 << 3, u8(33));
        assertEquals(21, mra.serviceTimeout());

        final CmDreq dreq = new CmDreq().wrap(mad);
        dreq.initCm(MadFlyweight.ATTR_DREQ, 1);
        dreq.remoteQpn(0x0033_4455);
        dreq.privateData(new byte[] {(byte)0xEE});
        assertArrayEquals(hex("334455"), slice(32, 3));
        assertEquals(0xEE, u8(36));
    }

    @Test
    void shouldEncodeTimeoutsAndValidateParameters()
    {
        assertEquals(4_096_000L, CmParams.timeoutPs(0));
        assertEquals(0, CmParams.timeoutCode(1));
        assertEquals(1, CmParams.timeoutCode(4_096_001L));
        assertEquals(18, CmParams.timeoutCode(CmParams.defaults().responseTimeoutPs()));
        assertEquals(31, CmParams.timeoutCode(Long.MAX_VALUE));
        CmParams.defaults().validate();
        assertThrows(ParamsException.class, () -> new CmParams(0, 4, 0, 0, 6).validate());
        assertThrows(ParamsException.class, () -> new CmParams(1, 16, 0, 0, 6).validate());
        assertThrows(ParamsException.class, () -> new CmParams(1, 4, 0, -1, 6).validate());
        assertThrows(ParamsException.class, () -> new CmParams(1, 4, 0, 0, 13).validate());
    }
}
