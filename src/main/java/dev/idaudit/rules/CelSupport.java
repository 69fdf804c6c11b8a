package dev.idaudit.rules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.idaudit.model.PolicyDocument;
import dev.idaudit.util.BadInputException;
import java.util.List;

/**
 * The CEL environment rules are compiled in: standard macros (all, exists, exists_one, map,
 * filter), the strings and bindings extensions, the model's typed variables, {@code params},
 * and our functions:
 * <ul>
 *   <li>{@code actionsCover(list<string> patterns, string action)}: an IAM action pattern in the list covers the action</li>
 *   <li>{@code glob(string pattern, string text)}: shell-style * and ? match</li>
 * </ul>
 */
final class CelSupport {
    private CelSupport() {}

    /**
     * CEL's own limit on comprehension iterations (all(), exists(), map(), filter()) in one
     * evaluation of one expression: far above what the built-in pack needs on the large scenario
     * (a rule reads joined views, not cross products), far below a nested comprehension over
     * model lists in an org of any size. See {@link EvaluationBudget}.
     */
    static final int MAX_ITERATIONS = 1_000_000;

    private static final Cel BASE = build();

    private static Cel build() {
        var nativeTypes = CelExtensions.nativeTypes(ModelBindings.TYPES.toArray(Class<?>[]::new));
        CelBuilder b = CelFactory.plannerCelBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).comprehensionMaxIterations(MAX_ITERATIONS).build())
                .addCompilerLibraries(nativeTypes, CelExtensions.strings(), CelExtensions.bindings())
                .addRuntimeLibraries(nativeTypes, CelExtensions.strings())
                .addVar("params", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("actionsCover", CelOverloadDecl.newGlobalOverload(
                                "actionsCover_list_string", SimpleType.BOOL, ListType.create(SimpleType.STRING), SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration("glob", CelOverloadDecl.newGlobalOverload(
                                "glob_string_string", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)))
                .addFunctionBindings(
                        CelFunctionBinding.from("actionsCover_list_string", List.class, String.class,
                                (patterns, action) -> patterns.stream().anyMatch(p -> PolicyDocument.covers(String.valueOf(p), action))),
                        CelFunctionBinding.from("glob_string_string", String.class, String.class, Glob::matches));
        for (ModelBindings.Variable v : ModelBindings.VARIABLES) {
            b.addVar(v.name(), v.celType());
        }
        return b.build();
    }

    /** The base environment plus {@code r}, the resource, typed as the elements of the rule's resource list. */
    static Cel withResource(CelType resourceType) {
        return BASE.toCelBuilder().addVar("r", resourceType).build();
    }

    static Cel base() {
        return BASE;
    }

    /**
     * A compiled, type-checked expression, where it came from, what it reads from the model, and
     * how many comprehensions over org-sized lists it nests ({@link Cost}).
     */
    record Compiled(String source, String where, CelType type, CelRuntime.Program program, Reads reads, int orgNesting) {
        /**
         * Variables are looked up by name when the expression reads them (a Map activation would
         * convert them all, each time). The budget watches every node; over it, this throws
         * {@link EvaluationBudget.Exceeded}.
         */
        Object eval(java.util.function.Function<String, Object> vars, EvaluationBudget budget) throws CelEvaluationException {
            Object value;
            try {
                value = program.trace(name -> java.util.Optional.ofNullable(vars.apply(name)), budget);
            } catch (CelEvaluationException | RuntimeException e) {
                EvaluationBudget.Exceeded over = EvaluationBudget.exceeded(e);
                if (over != null) {
                    throw over;
                }
                throw e;
            }
            budget.check();
            return value;
        }
    }

    /**
     * Compiles {@code expr}, which starts on {@code line} of {@code file}; a syntax or type
     * error becomes a BadInputException naming the file, the line and column in the file, and
     * what is wrong. {@code expect} (BOOL, STRING, LIST) is checked against the result type.
     */
    static Compiled compile(Cel cel, String expr, String file, int line, String field, CelKind expect) {
        String where = file + ":" + line + " (" + field + ")";
        if (expr == null || expr.isBlank()) {
            throw new BadInputException(where + ": empty expression");
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = cel.compile(expr).getAst();
        } catch (CelValidationException e) {
            CelIssue first = e.getErrors().isEmpty() ? null : e.getErrors().get(0);
            int at = first == null ? line : line + Math.max(0, first.getSourceLocation().getLine() - 1);
            String col = first == null ? "" : ":" + (first.getSourceLocation().getColumn() + 1);
            String msg = first == null ? e.getMessage() : first.getMessage();
            throw new BadInputException(file + ":" + at + col + ": " + field + ": " + msg + "\n    " + expr.strip());
        }
        CelType type = ast.getResultType();
        if (expect != null && type.kind() != expect && type.kind() != CelKind.DYN) {
            throw new BadInputException(where + ": " + field + " must give a " + expect.name().toLowerCase()
                    + ", but gives " + type.name() + "\n    " + expr.strip());
        }
        try {
            return new Compiled(expr, where, type, cel.createProgram(ast), Reads.of(ast), Cost.orgNesting(ast));
        } catch (dev.cel.common.CelException e) {
            throw new BadInputException(where + ": " + field + ": " + e.getMessage(), e);
        }
    }

    /** The element type of a list type, or dyn. */
    static CelType elementType(CelType listType) {
        return listType instanceof ListType lt ? lt.elemType() : SimpleType.DYN;
    }
}
