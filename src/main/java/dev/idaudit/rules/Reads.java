package dev.idaudit.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a type-checked expression reads from the model: the model variables it names, and the
 * fields it selects, by record type. A field selected on a value whose type the checker only
 * knows as {@code dyn} (a list built with {@code dyn(...)}) is kept apart: the rule's
 * requirements then count it on every view the rule reads that has such a field.
 *
 * @param variables model variables named (a comprehension's own variables are not)
 * @param fields fields selected, by the canonical name of the record type they were selected on
 * @param dynFields fields selected on a value of type dyn
 */
record Reads(Set<String> variables, Map<String, Set<String>> fields, Set<String> dynFields) {
    static final Reads NONE = new Reads(Set.of(), Map.of(), Set.of());

    Reads {
        variables = Set.copyOf(variables);
        Map<String, Set<String>> f = new TreeMap<>();
        fields.forEach((k, v) -> f.put(k, Set.copyOf(v)));
        fields = Map.copyOf(f);
        dynFields = Set.copyOf(dynFields);
    }

    /** Walks a checked AST. */
    static Reads of(CelAbstractSyntaxTree ast) {
        Set<String> variables = new TreeSet<>();
        Map<String, Set<String>> fields = new HashMap<>();
        Set<String> dyn = new TreeSet<>();
        Deque<CelExpr> todo = new ArrayDeque<>();
        todo.push(ast.getExpr());
        while (!todo.isEmpty()) {
            CelExpr e = todo.pop();
            switch (e.exprKind().getKind()) {
                case IDENT -> {
                    // the checker resolves a declared variable to a reference; a comprehension variable has none
                    if (ast.getReference(e.id()).isPresent()) {
                        variables.add(ast.getReference(e.id()).get().name());
                    }
                }
                case SELECT -> {
                    CelExpr operand = e.select().operand();
                    CelType type = ast.getType(operand.id()).orElse(null);
                    if (type == null || type.kind() == CelKind.DYN) {
                        dyn.add(e.select().field());
                    } else if (type.kind() == CelKind.STRUCT) {
                        fields.computeIfAbsent(type.name(), k -> new TreeSet<>()).add(e.select().field());
                    }
                    // a qualified identifier (a.b resolved as one name) is an ident in the checked AST
                    if (ast.getReference(e.id()).isPresent()) {
                        variables.add(ast.getReference(e.id()).get().name());
                    } else {
                        todo.push(operand);
                    }
                }
                case CALL -> {
                    e.call().target().ifPresent(todo::push);
                    e.call().args().forEach(todo::push);
                }
                case LIST -> e.list().elements().forEach(todo::push);
                case STRUCT -> e.struct().entries().forEach(x -> todo.push(x.value()));
                case MAP -> e.map().entries().forEach(x -> {
                    todo.push(x.key());
                    todo.push(x.value());
                });
                case COMPREHENSION -> {
                    var c = e.comprehension();
                    todo.push(c.iterRange());
                    todo.push(c.accuInit());
                    todo.push(c.loopCondition());
                    todo.push(c.loopStep());
                    todo.push(c.result());
                }
                default -> { }
            }
        }
        return new Reads(variables, fields, dyn);
    }

    Reads plus(Reads other) {
        Set<String> v = new TreeSet<>(variables);
        v.addAll(other.variables);
        Map<String, Set<String>> f = new HashMap<>();
        fields.forEach((k, s) -> f.computeIfAbsent(k, x -> new TreeSet<>()).addAll(s));
        other.fields.forEach((k, s) -> f.computeIfAbsent(k, x -> new TreeSet<>()).addAll(s));
        Set<String> d = new TreeSet<>(dynFields);
        d.addAll(other.dynFields);
        return new Reads(v, f, d);
    }
}
