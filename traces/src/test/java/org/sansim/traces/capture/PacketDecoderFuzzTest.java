package org.sansim.traces.capture;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sansim.traces.pcap.CapturedPacket;
import org.sansim.traces.pcap.PcapFormatException;

/**
 * Corrupted and truncated frames never make the decoder throw: each decodes to some kind (malformed ones with
 * a reason and an offset), and corrupted capture files either inspect or fail with a
 * {@link PcapFormatException} naming the offset. Seeds are printed on failure.
 */
class PacketDecoderFuzzTest
{
    private static List<byte[]> frames(final byte[] file) throws IOException
    {
        final CaptureReader reader = new CaptureReader(new ByteArrayInputStream(file));
        final List<byte[]> frames = new ArrayList<>();
        CapturedPacket p;
        while ((p = reader.next()) != null)
        {
            frames.add(p.data());
        }
        return frames;
    }

    @Test
    void shouldDecodeEveryMutationOfEveryFrameWithoutThrowing() throws IOException
    {
        final List<byte[]> ib = frames(NativeIbCaptureTest.capture());
        final List<byte[]> roce = frames(new RoceCaptureTest().sansimCapture());
        final PacketDecoder decoder = new PacketDecoder();
        for (long seed = 1; seed <= 20_000; seed++)
        {
            final Random random = new Random(seed);
            final boolean erf = random.nextBoolean();
            final List<byte[]> source = erf ? ib : roce;
            byte[] f = source.get(random.nextInt(source.size())).clone();
            if (random.nextInt(3) == 0)
            {
                f = Arrays.copyOf(f, random.nextInt(f.length + 1));
            }
            for (int k = random.nextInt(4); k >= 0 && f.length > 0; k--)
            {
                f[random.nextInt(Math.min(f.length, 80))] = (byte)random.nextInt(256);
            }
            final long s = seed;
            final byte[] frame = f;
            final DecodedPacket d = org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                () -> decoder.decode(erf ? 197 : 1, frame, 0), () -> "seed " + s);
            assertNotNull(d.kind(), "seed " + seed);
            if (d.kind() == PacketKind.MALFORMED)
            {
                assertTrue(d.reason().startsWith("expected") && d.reasonOffset() >= 0, "seed " + seed + ": "
                    + d.reason());
            }
        }
    }

    @Test
    void shouldInspectOrRejectWithAnOffsetEveryCorruptedFile() throws IOException
    {
        final byte[] good = NativeIbCaptureTest.capture();
        for (long seed = 1; seed <= 2_000; seed++)
        {
            final Random random = new Random(seed);
            final byte[] f = random.nextBoolean() ? Arrays.copyOf(good, random.nextInt(good.length)) : good.clone();
            for (int k = random.nextInt(6); k >= 0 && f.length > 0; k--)
            {
                f[random.nextInt(f.length)] = (byte)random.nextInt(256);
            }
            try
            {
                CaptureInspector.inspect(new ByteArrayInputStream(f));
            }
            catch (final PcapFormatException e)
            {
                assertTrue(e.getMessage().contains("at byte offset") && e.getMessage().contains("expected"),
                    "seed " + seed + ": " + e.getMessage());
            }
        }
    }
}
