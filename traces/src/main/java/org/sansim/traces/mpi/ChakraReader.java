package org.sansim.traces.mpi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MLCommons Chakra execution traces in their protobuf encoding ({@code et_def.proto}): a stream of
 * varint-length-delimited messages, one {@code GlobalMetadata} then one {@code Node} each, one file per
 * rank named {@code PREFIX.RANK.et}. Every node becomes a step whose dependencies are its data
 * dependencies (ids not in the file are taken as done; control dependencies are not kept, see
 * {@link ChakraNode}); the steps are put in dependency order, ties by their order in the file.
 * <ul>
 *   <li>{@code COMM_COLL_NODE} with a {@code comm_size} attribute: the collective its {@code comm_type}
 *       names (ALL_REDUCE 0, REDUCE 1, ALL_GATHER 2, GATHER 3, SCATTER 4, BROADCAST 5, ALL_TO_ALL 6,
 *       REDUCE_SCATTER 7 and 8, BARRIER 9) over {@code comm_size} bytes (the whole buffer; gathers,
 *       scatters and all-to-all move {@code 1/p} of it per rank); root {@code root_rank}, else 0;</li>
 *   <li>{@code COMM_SEND_NODE}, {@code COMM_RECV_NODE}: a message of {@code comm_size} bytes to
 *       {@code comm_dst} or from {@code comm_src}, tag {@code comm_tag} (else 0);</li>
 *   <li>any other node (compute, memory, a collective's host-side call without a size): compute for its
 *       {@code duration_micros}, or a join if that is 0.</li>
 * </ul>
 * A trace of one rank only (as the sample is) is replayed as that many identical ranks as asked for:
 * the data-parallel assumption that every rank runs the same graph.
 */
public final class ChakraReader
{
    private static final Pattern RANK_FILE = Pattern.compile("(.*)\\.(\\d+)\\.et");
    private static final int NODE_SEND = 5;
    private static final int NODE_RECV = 6;
    private static final int NODE_COLL = 7;
    private static final long PS_PER_MICRO = 1_000_000L;
    private static final CollectiveKind[] COMM_TYPES = {CollectiveKind.ALLREDUCE, CollectiveKind.REDUCE,
        CollectiveKind.ALLGATHER, CollectiveKind.GATHER, CollectiveKind.SCATTER, CollectiveKind.BCAST,
        CollectiveKind.ALLTOALL, CollectiveKind.REDUCE_SCATTER, CollectiveKind.REDUCE_SCATTER, CollectiveKind.BARRIER};

    private ChakraReader()
    {
    }

    /**
     * @param file a file
     * @return whether it starts like a Chakra trace: a delimited message whose first field is
     *     {@code GlobalMetadata}'s version (1) or attribute (2), length-delimited
     * @throws IOException if it cannot be read
     */
    public static boolean looksLike(final Path file) throws IOException
    {
        final byte[] head;
        try (var in = Files.newInputStream(file))
        {
            head = in.readNBytes(12);
        }
        final ProtobufCursor c = new ProtobufCursor(file.toString(), head, 0, head.length);
        try
        {
            final long length = c.varint("length");
            if (!c.hasMore() || length < 2 || length > Files.size(file))
            {
                return false;
            }
            final long key = c.varint("key");
            return key == (1 << 3 | ProtobufCursor.LENGTH_DELIMITED) || key == (2 << 3 | ProtobufCursor.LENGTH_DELIMITED);
        }
        catch (final MpiTraceException e)
        {
            return false;
        }
    }

    /**
     * Reads a trace: every {@code PREFIX.N.et} beside the file named, from rank 0 up while they exist;
     * one file alone is replicated.
     *
     * @param file any rank's file
     * @param ranksIfOne how many identical ranks a single-file trace becomes, at least 1
     * @return the trace
     * @throws MpiTraceException naming the file, the byte offset and what was expected there
     * @throws IOException if a file cannot be read
     */
    public static MpiTrace read(final Path file, final int ranksIfOne) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        final Matcher m = RANK_FILE.matcher(String.valueOf(file.getFileName()));
        if (m.matches())
        {
            final Path dir = file.toAbsolutePath().getParent();
            for (int r = 0; Files.isRegularFile(dir.resolve(m.group(1) + "." + r + ".et")); r++)
            {
                files.add(dir.resolve(m.group(1) + "." + r + ".et"));
            }
        }
        if (files.size() <= 1)
        {
            files.clear();
            files.add(file);
        }
        final int size = files.size() == 1 ? ranksIfOne : files.size();
        final List<RankProgram> ranks = new ArrayList<>();
        for (int r = 0; r < files.size(); r++)
        {
            ranks.add(readRank(files.get(r), r, size));
        }
        while (ranks.size() < size)
        {
            ranks.add(new RankProgram(ranks.size(), ranks.get(0).steps()));
        }
        return new MpiTrace(MpiTraceFormat.CHAKRA, file.toString(), List.copyOf(ranks));
    }

    private static RankProgram readRank(final Path path, final int rank, final int size) throws IOException
    {
        final byte[] data = Files.readAllBytes(path);
        final String name = String.valueOf(path.getFileName());
        final ProtobufCursor in = new ProtobufCursor(name, data, 0, data.length);
        if (!in.hasMore())
        {
            throw new MpiTraceException(name + ": byte offset 0: expected the GlobalMetadata message, the file is empty");
        }
        in.message("the GlobalMetadata message");
        final List<ChakraNode> nodes = new ArrayList<>();
        while (in.hasMore())
        {
            final int at = in.pos();
            nodes.add(ChakraNode.parse(in.message("a Node message"), at));
        }
        return order(name, rank, size, nodes);
    }

    /** Kahn's algorithm over the nodes, lowest file position first among the ready ones. */
    private static RankProgram order(final String file, final int rank, final int size, final List<ChakraNode> nodes)
    {
        final Map<Long, Integer> byId = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++)
        {
            if (byId.put(nodes.get(i).id(), i) != null)
            {
                throw new MpiTraceException(file + ": byte offset " + nodes.get(i).offset() + ": node id "
                    + nodes.get(i).id() + " appears twice");
            }
        }
        final int[] waiting = new int[nodes.size()];
        final List<List<Integer>> dependants = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++)
        {
            dependants.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++)
        {
            for (final long d : nodes.get(i).deps())
            {
                final Integer j = byId.get(d);
                if (j != null && j != i)
                {
                    waiting[i]++;
                    dependants.get(j).add(i);
                }
            }
        }
        final PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++)
        {
            if (waiting[i] == 0)
            {
                ready.add(i);
            }
        }
        final int[] stepOf = new int[nodes.size()];
        final List<ProgramStep> steps = new ArrayList<>();
        while (!ready.isEmpty())
        {
            final int i = ready.poll();
            final ChakraNode n = nodes.get(i);
            final List<Integer> deps = new ArrayList<>();
            for (final long d : n.deps())
            {
                final Integer j = byId.get(d);
                if (j != null && j != i && !deps.contains(stepOf[j]))
                {
                    deps.add(stepOf[j]);
                }
            }
            stepOf[i] = steps.size();
            steps.add(new ProgramStep(op(file, n, size), deps.stream().mapToInt(Integer::intValue).toArray()));
            for (final int k : dependants.get(i))
            {
                if (--waiting[k] == 0)
                {
                    ready.add(k);
                }
            }
        }
        if (steps.size() != nodes.size())
        {
            for (int i = 0; i < nodes.size(); i++)
            {
                if (waiting[i] > 0)
                {
                    throw new MpiTraceException(file + ": byte offset " + nodes.get(i).offset() + ": node "
                        + nodes.get(i).id() + " is on a cycle of dependencies");
                }
            }
        }
        return new RankProgram(rank, List.copyOf(steps));
    }

    private static RankOp op(final String file, final ChakraNode n, final int size)
    {
        final Long bytes = n.attribute("comm_size");
        switch (n.type())
        {
            case NODE_COLL ->
            {
                if (bytes == null)
                {
                    return compute(n);
                }
                final long type = n.attribute("comm_type") == null ? 0 : n.attribute("comm_type");
                if (type < 0 || type >= COMM_TYPES.length)
                {
                    throw new MpiTraceException(file + ": byte offset " + n.offset() + ": node " + n.id()
                        + ": expected comm_type 0 to " + (COMM_TYPES.length - 1) + ", got " + type);
                }
                final CollectiveKind kind = COMM_TYPES[(int)type];
                final long root = n.attribute("root_rank") == null ? 0 : n.attribute("root_rank");
                if (root < 0 || root >= size)
                {
                    throw new MpiTraceException(file + ": byte offset " + n.offset() + ": node " + n.id()
                        + ": expected root_rank 0 to " + (size - 1) + ", got " + root);
                }
                final long perRank = switch (kind)
                {
                    case ALLGATHER, GATHER, SCATTER, ALLTOALL -> bytes / size;
                    default -> bytes;
                };
                return RankOp.Collective.of(kind, perRank, (int)root);
            }
            case NODE_SEND, NODE_RECV ->
            {
                final boolean send = n.type() == NODE_SEND;
                final Long peer = n.attribute(send ? "comm_dst" : "comm_src");
                if (peer == null || peer < 0 || peer >= size || bytes == null)
                {
                    throw new MpiTraceException(file + ": byte offset " + n.offset() + ": node " + n.id() + ": expected "
                        + (send ? "comm_dst" : "comm_src") + " from 0 to " + (size - 1) + " and comm_size");
                }
                final int tag = n.attribute("comm_tag") == null ? 0 : (int)(long)n.attribute("comm_tag");
                return send ? new RankOp.Send((int)(long)peer, tag, bytes)
                    : new RankOp.Recv((int)(long)peer, tag, bytes);
            }
            default ->
            {
                return compute(n);
            }
        }
    }

    private static RankOp compute(final ChakraNode n)
    {
        return n.durationMicros() > 0 ? new RankOp.Compute(n.durationMicros() * PS_PER_MICRO) : new RankOp.Join();
    }
}
