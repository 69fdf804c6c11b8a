package dev.idaudit.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import java.util.HashSet;
import java.util.Set;

/**
 * A static estimate of what an expression costs as the org grows: how many comprehensions over
 * org-sized lists (model variables, the resource {@code r}, and what is drawn from them) it
 * nests. Each such level multiplies the cost by the size of the org; the rule adds one more
 * level of its own (it evaluates the expression per resource). Literal lists and {@code params}
 * are bounded by the rule file and do not count.
 */
final class Cost {
    private Cost() {}

    /** Nested comprehensions over org-sized lists in the expression (0 when it iterates over none). */
    static int orgNesting(CelAbstractSyntaxTree ast) {
        return nesting(ast, ast.getExpr(), Set.of());
    }

    private static int nesting(CelAbstractSyntaxTree ast, CelExpr e, Set<String> orgVars) {
        return switch (e.exprKind().getKind()) {
            case COMPREHENSION -> {
                var c = e.comprehension();
                boolean org = orgSized(ast, c.iterRange(), orgVars);
                Set<String> inner = new HashSet<>(orgVars);
                if (org) {
                    inner.add(c.iterVar());
                }
                int body = Math.max(nesting(ast, c.loopStep(), inner), nesting(ast, c.loopCondition(), inner));
                yield Math.max(Math.max(nesting(ast, c.iterRange(), orgVars), nesting(ast, c.accuInit(), orgVars)),
                        Math.max((org ? 1 : 0) + body, nesting(ast, c.result(), orgVars)));
            }
            case CALL -> {
                int max = e.call().target().map(t -> nesting(ast, t, orgVars)).orElse(0);
                for (CelExpr a : e.call().args()) {
                    max = Math.max(max, nesting(ast, a, orgVars));
                }
                yield max;
            }
            case SELECT -> nesting(ast, e.select().operand(), orgVars);
            case LIST -> e.list().elements().stream().mapToInt(x -> nesting(ast, x, orgVars)).max().orElse(0);
            case MAP -> e.map().entries().stream()
                    .mapToInt(x -> Math.max(nesting(ast, x.key(), orgVars), nesting(ast, x.value(), orgVars))).max().orElse(0);
            case STRUCT -> e.struct().entries().stream().mapToInt(x -> nesting(ast, x.value(), orgVars)).max().orElse(0);
            default -> 0;
        };
    }

    /** The expression reads the model (a declared variable other than params) or a variable drawn from it. */
    private static boolean orgSized(CelAbstractSyntaxTree ast, CelExpr e, Set<String> orgVars) {
        return switch (e.exprKind().getKind()) {
            case IDENT -> orgVars.contains(e.ident().name())
                    || ast.getReference(e.id()).map(ref -> !ref.name().equals("params")).orElse(false);
            case SELECT -> ast.getReference(e.id()).map(ref -> !ref.name().equals("params")).orElse(false)
                    || orgSized(ast, e.select().operand(), orgVars);
            case CALL -> e.call().target().map(t -> orgSized(ast, t, orgVars)).orElse(false)
                    || e.call().args().stream().anyMatch(a -> orgSized(ast, a, orgVars));
            case LIST -> e.list().elements().stream().anyMatch(x -> orgSized(ast, x, orgVars));
            case COMPREHENSION -> orgSized(ast, e.comprehension().iterRange(), orgVars);
            default -> false;
        };
    }
}
