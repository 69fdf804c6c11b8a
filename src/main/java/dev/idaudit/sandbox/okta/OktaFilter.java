package dev.idaudit.sandbox.okta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Okta's filter/search expression language the collectors use: {@code attr eq "value"}
 * terms joined by {@code and} or by {@code or} (not mixed), e.g. {@code name eq "amazon_aws_sso"},
 * {@code status eq "DEPROVISIONED"}. Anything else is Okta's 400 "Invalid search criteria".
 */
final class OktaFilter {
    private OktaFilter() {}

    private static final Pattern TERM = Pattern.compile("\\s*([A-Za-z_.]+)\\s+eq\\s+\"([^\"]*)\"\\s*");

    /**
     * @param allowed the attributes (dotted JSON paths) this endpoint filters on
     * @throws OktaException with a 400 when the expression is not understood
     */
    static Predicate<JsonNode> parse(String expression, Set<String> allowed) {
        boolean any = expression.contains(" or ");
        if (any && expression.contains(" and ")) {
            throw new OktaException(OktaError.invalidSearch("mixing 'and' and 'or' is not supported: " + expression));
        }
        List<Predicate<JsonNode>> terms = new ArrayList<>();
        for (String part : expression.split(any ? " or " : " and ")) {
            Matcher m = TERM.matcher(part);
            if (!m.matches() || !allowed.contains(m.group(1))) {
                throw new OktaException(OktaError.invalidSearch("cannot filter on: " + part.trim()));
            }
            String path = m.group(1);
            String value = m.group(2);
            terms.add(node -> value.equals(at(node, path)));
        }
        return node -> any ? terms.stream().anyMatch(t -> t.test(node)) : terms.stream().allMatch(t -> t.test(node));
    }

    private static String at(JsonNode node, String dottedPath) {
        JsonNode current = node;
        for (String name : dottedPath.split("\\.")) {
            current = current.path(name);
        }
        return current.isValueNode() ? current.asText() : null;
    }
}
