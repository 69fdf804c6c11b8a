package dev.idaudit.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.idaudit.notify.Markdown.Block;
import dev.idaudit.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a {@link Notification} into the JSON body one webhook dialect accepts, cut to the
 * size its server takes: a summary too long for a chat message loses its last blocks, with a
 * note that the full summary is in the report, rather than the message being refused.
 */
abstract class ChatFormat {
    static final String TRUNCATION_NOTE = "The summary is cut short here to fit a chat message; the full summary is in the report.";

    private static final ObjectWriter COMPACT = Json.json().writer().without(SerializationFeature.INDENT_OUTPUT);

    static ChatFormat of(WebhookKind kind) {
        return switch (kind) {
            case SLACK -> new SlackFormat();
            case TEAMS -> new TeamsFormat();
        };
    }

    /** The JSON body to post. */
    final String payload(Notification n) {
        List<Block> blocks = Markdown.parse(n.markdown());
        String full = json(render(n, blocks, false));
        if (fits(full)) {
            return full;
        }
        // The most leading blocks that still fit, with the note: a binary search, since each
        // try renders the whole message.
        int low = 0;
        int high = blocks.size() - 1;
        String best = json(render(n, List.of(), true));
        while (low <= high) {
            int mid = (low + high) >>> 1;
            String candidate = json(render(n, blocks.subList(0, mid), true));
            if (fits(candidate)) {
                best = candidate;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return best;
    }

    /** The payload as a JSON-ready tree (maps, lists, strings, numbers). */
    abstract Object render(Notification n, List<Block> body, boolean truncated);

    /** The largest payload, in UTF-8 bytes, this dialect's servers accept, with a margin. */
    abstract int maxPayloadBytes();

    private boolean fits(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length <= maxPayloadBytes();
    }

    private static String json(Object tree) {
        try {
            return COMPACT.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chat payload of maps and strings always serialises", e);
        }
    }
}
