package dev.idaudit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One way to break a valid scenario tree (what the emulators read): a value of another type,
 * a field removed, a 1 MB string, deep nesting, a negative or huge number, an empty container.
 */
public record TreeMutation(double which, int kind) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int KINDS = 10;

    public static Arbitrary<TreeMutation> any() {
        return Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, KINDS - 1)).as(TreeMutation::new);
    }

    /** A mutated deep copy of {@code valid}. */
    public JsonNode apply(JsonNode valid) {
        JsonNode root = valid.deepCopy();
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return root;
        }
        Slot slot = slots.get((int) Math.min(slots.size() - 1, Math.floor(which * slots.size())));
        JsonNode replacement = switch (kind) {
            case 0 -> NODES.arrayNode();
            case 1 -> NODES.objectNode();
            case 2 -> NODES.numberNode(-1);
            case 3 -> NODES.textNode("x".repeat(1 << 20));
            case 4 -> NODES.nullNode();
            case 5 -> NODES.booleanNode(true);
            case 6 -> deep(2000);
            case 7 -> NODES.textNode("");
            case 8 -> NODES.numberNode(Long.MAX_VALUE);
            default -> null; // removed
        };
        slot.set(replacement);
        return root;
    }

    private static JsonNode deep(int depth) {
        ArrayNode top = NODES.arrayNode();
        ArrayNode at = top;
        for (int i = 0; i < depth; i++) {
            at = at.addArray();
        }
        return top;
    }

    /** A place in the tree that holds a node: a field of an object or an element of an array. */
    private interface Slot {
        void set(JsonNode replacement);
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                String name = it.next();
                out.add(r -> {
                    if (r == null) {
                        o.remove(name);
                    } else {
                        o.set(name, r);
                    }
                });
                collect(o.get(name), out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                int index = i;
                out.add(r -> {
                    if (r == null) {
                        a.remove(index);
                    } else {
                        a.set(index, r);
                    }
                });
                collect(a.get(i), out);
            }
        }
    }

    @Override
    public String toString() {
        return "node " + which + " kind " + kind;
    }
}
