package org.sansim.traces.mpi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one Chakra {@code Node} message the replay uses: id (1), type (3), data dependencies (5),
 * packed or not, duration (7) and the integer attributes (10: {@code AttributeProto} with its name in
 * field 1 and an integer value in any varint or fixed 64-bit field). Control dependencies (4) are not
 * kept: in traces converted from PyTorch they point at the enclosing operator and, with the data
 * dependencies, form cycles (the sample has them).
 *
 * @param id the node's id
 * @param type its {@code NodeType} code
 * @param deps its data dependencies' ids
 * @param durationMicros its duration
 * @param attributes its integer attributes by name
 * @param offset the byte offset of its message in the file
 */
record ChakraNode(long id, int type, List<Long> deps, long durationMicros, Map<String, Long> attributes, int offset)
{
    /**
     * @param name an attribute's name
     * @return its value, or {@code null}
     */
    Long attribute(final String name)
    {
        return attributes.get(name);
    }

    static ChakraNode parse(final ProtobufCursor in, final int offset)
    {
        long id = -1;
        int type = 0;
        long duration = 0;
        final List<Long> deps = new ArrayList<>();
        final Map<String, Long> attributes = new HashMap<>();
        while (in.hasMore())
        {
            final int at = in.pos();
            final long key = in.varint("a field key of a Node");
            final int field = (int)(key >>> 3);
            final int wire = (int)(key & 7);
            if (field == 1 && wire == ProtobufCursor.VARINT)
            {
                id = in.varint("a Node's id");
            }
            else if (field == 3 && wire == ProtobufCursor.VARINT)
            {
                type = (int)in.varint("a Node's type");
            }
            else if (field == 5 && wire == ProtobufCursor.LENGTH_DELIMITED)
            {
                final ProtobufCursor packed = in.message("a Node's dependencies");
                while (packed.hasMore())
                {
                    deps.add(packed.varint("a dependency"));
                }
            }
            else if (field == 5 && wire == ProtobufCursor.VARINT)
            {
                deps.add(in.varint("a dependency"));
            }
            else if (field == 7 && wire == ProtobufCursor.VARINT)
            {
                duration = in.varint("a Node's duration");
            }
            else if (field == 10 && wire == ProtobufCursor.LENGTH_DELIMITED)
            {
                attribute(in.message("a Node's attribute"), attributes);
            }
            else if (field == 0)
            {
                throw in.fail(at, "expected a field key of a Node, got field number 0");
            }
            else
            {
                in.skip(wire, "field " + field + " of a Node");
            }
        }
        if (id < 0)
        {
            throw in.fail(offset, "expected a Node with an id (field 1)");
        }
        if (duration < 0)
        {
            throw in.fail(offset, "node " + id + ": expected a duration of 0 or more");
        }
        return new ChakraNode(id, type, List.copyOf(deps), duration, Map.copyOf(attributes), offset);
    }

    private static void attribute(final ProtobufCursor in, final Map<String, Long> into)
    {
        String name = null;
        Long value = null;
        while (in.hasMore())
        {
            final long key = in.varint("a field key of an attribute");
            final int field = (int)(key >>> 3);
            final int wire = (int)(key & 7);
            if (field == 1 && wire == ProtobufCursor.LENGTH_DELIMITED)
            {
                name = in.string("an attribute's name");
            }
            else if (wire == ProtobufCursor.VARINT)
            {
                final long v = in.varint("an attribute's value");
                // sint32 (15) and sint64 (17) are zig-zag encoded.
                value = field == 15 || field == 17 ? v >>> 1 ^ -(v & 1) : v;
            }
            else if (wire == ProtobufCursor.FIXED64 && (field == 21 || field == 25))
            {
                value = in.fixed64("an attribute's value");
            }
            else
            {
                in.skip(wire, "field " + field + " of an attribute");
            }
        }
        if (name != null && value != null)
        {
            into.put(name, value);
        }
    }
}
