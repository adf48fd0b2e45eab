package io.steward.dqdl;

import io.steward.dqdl.ast.Analyzer;
import io.steward.dqdl.ast.CompositeRule;
import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.Dictionary;
import io.steward.dqdl.ast.Expression;
import io.steward.dqdl.ast.Label;
import io.steward.dqdl.ast.Parameter;
import io.steward.dqdl.ast.Position;
import io.steward.dqdl.ast.Rule;
import io.steward.dqdl.ast.RuleEntry;
import io.steward.dqdl.ast.RuleNode;
import io.steward.dqdl.ast.Ruleset;
import io.steward.dqdl.ast.Tag;
import io.steward.dqdl.ast.VariableDeclaration;
import io.steward.dqdl.catalogue.RuleCatalogue;
import io.steward.dqdl.catalogue.RuleFlag;
import io.steward.dqdl.catalogue.RuleSignature;
import io.steward.dqdl.catalogue.ValueKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Semantic checks of a parsed ruleset against the rule catalogue. Every problem is collected
 * with the position of the node at fault; nothing stops at the first.
 */
final class Validator {

    static final int MAX_LABELS = 10;
    static final int MAX_LABEL_KEY_LENGTH = 128;
    static final int MAX_LABEL_VALUE_LENGTH = 256;
    static final Set<String> FUNCTIONS = Set.of("avg", "median", "min", "max", "sum", "std", "abs", "index", "last");

    private static final Set<String> METADATA_KEYS = Set.of("Version");
    private static final String PRIMARY = "Primary";
    private static final String ADDITIONAL_SOURCES = "AdditionalDataSources";
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIME_24_SHAPE = Pattern.compile("\\d{2}:\\d{2}");
    private static final Pattern TIME_12_SHAPE = Pattern.compile("\\d{1,2}:\\d{2} (AM|PM)");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME_24 = DateTimeFormatter.ofPattern("HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME_12 = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.SMART);

    /** What a variable holds, which decides where it may be used. */
    private enum VariableKind { STRING, NUMBER, KEYWORD, LIST }

    private final RuleCatalogue catalogue;
    private final List<Diagnostic> errors;
    private final Map<String, VariableDeclaration> variables = new LinkedHashMap<>();
    private final Map<String, VariableKind> variableKinds = new HashMap<>();
    private List<Label> defaultLabels = List.of();

    Validator(RuleCatalogue catalogue, List<Diagnostic> errors) {
        this.catalogue = catalogue;
        this.errors = errors;
    }

    void validate(Ruleset ruleset) {
        ruleset.metadata().ifPresent(this::metadata);
        ruleset.dataSources().ifPresent(this::dataSources);
        ruleset.variables().forEach(this::declare);
        ruleset.defaultLabels().ifPresent(section -> {
            labelList(section.labels());
            defaultLabels = section.labels();
        });
        boolean hasAnalyzers = ruleset.analyzers().map(a -> !a.analyzers().isEmpty()).orElse(false);
        ruleset.rules().ifPresent(section -> {
            if (section.entries().isEmpty() && !hasAnalyzers) {
                error(section.position(), "Rules is empty: add at least one rule");
            }
            for (RuleEntry entry : section.entries()) {
                ruleNode(entry.rule());
            }
        });
        ruleset.analyzers().ifPresent(section -> {
            if (section.analyzers().isEmpty() && ruleset.ruleEntries().isEmpty()) {
                error(section.position(), "Analyzers is empty: add at least one analyzer");
            }
            section.analyzers().forEach(this::analyzer);
        });
    }

    // ---- sections ----

    private void metadata(Dictionary metadata) {
        if (metadata.entries().isEmpty()) {
            error(metadata.position(), "Metadata is empty: remove it or add \"Version\"");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Dictionary.Entry entry : metadata.entries()) {
            if (!seen.add(entry.key())) {
                error(entry.position(), "duplicate Metadata key \"" + entry.key() + "\"");
            } else if (!METADATA_KEYS.contains(entry.key())) {
                error(entry.position(), "unknown Metadata key \"" + entry.key() + "\""
                        + Suggestions.didYouMean(entry.key(), METADATA_KEYS) + " (Metadata holds \"Version\")");
            } else if (entry.value().isEmpty()) {
                error(entry.position(), "\"" + entry.key() + "\" takes one string, not a list");
            }
        }
    }

    private void dataSources(Dictionary sources) {
        if (sources.entries().isEmpty()) {
            error(sources.position(), "DataSources is empty: remove it or add \"Primary\"");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Dictionary.Entry entry : sources.entries()) {
            if (!seen.add(entry.key())) {
                error(entry.position(), "duplicate DataSources key \"" + entry.key() + "\"");
            } else if (entry.key().equals(PRIMARY)) {
                if (entry.value().isEmpty()) {
                    error(entry.position(), "\"Primary\" takes one data source name, not a list");
                } else if (entry.value().get().isBlank()) {
                    error(entry.position(), "\"Primary\" is empty");
                }
            } else if (entry.key().equals(ADDITIONAL_SOURCES)) {
                if (entry.values().isEmpty()) {
                    error(entry.position(), "\"AdditionalDataSources\" takes a list, e.g. [\"reference\"]");
                } else if (entry.values().get().stream().anyMatch(String::isBlank)) {
                    error(entry.position(), "\"AdditionalDataSources\" has an empty name");
                }
            } else {
                error(entry.position(), "unknown DataSources key \"" + entry.key() + "\""
                        + Suggestions.didYouMean(entry.key(), List.of(PRIMARY, ADDITIONAL_SOURCES))
                        + " (DataSources holds \"Primary\" and \"AdditionalDataSources\")");
            }
        }
    }

    private void declare(VariableDeclaration declaration) {
        String name = declaration.name();
        VariableDeclaration earlier = variables.get(name);
        if (earlier != null) {
            error(declaration.position(), "variable '" + name + "' is already declared at " + earlier.position());
            return;
        }
        if (name.startsWith("_")) {
            error(declaration.position(), "variable names start with a letter: '" + name + "'");
        }
        Optional<VariableKind> kind = variableKind(declaration.value());
        variables.put(name, declaration);
        kind.ifPresent(k -> variableKinds.put(name, k));
    }

    private Optional<VariableKind> variableKind(Expression value) {
        if (value instanceof Expression.ListLiteral list) {
            boolean ok = true;
            for (Expression item : list.items()) {
                ok &= variableKind(item).filter(k -> k != VariableKind.LIST).isPresent();
            }
            return ok ? Optional.of(VariableKind.LIST) : Optional.empty();
        }
        if (value instanceof Expression.StringLiteral) {
            return Optional.of(VariableKind.STRING);
        } else if (value instanceof Expression.NumberLiteral) {
            return Optional.of(VariableKind.NUMBER);
        } else if (value instanceof Expression.KeywordLiteral) {
            return Optional.of(VariableKind.KEYWORD);
        } else if (value instanceof Expression.VariableRef ref) {
            error(ref.position(), "a variable's value cannot refer to another variable ($" + ref.name() + ")");
        } else {
            error(value.position(), "a variable holds a string, a number, NULL, EMPTY, WHITESPACES_ONLY "
                    + "or a list of those; found " + Printer.expression(value));
        }
        return Optional.empty();
    }

    // ---- rules ----

    private void ruleNode(RuleNode node) {
        if (node instanceof Rule rule) {
            rule(rule);
        } else if (node instanceof CompositeRule composite) {
            composite.operands().forEach(this::ruleNode);
            ruleLabels(composite.labels(), composite.position());
        }
    }

    private void rule(Rule rule) {
        String type = rule.type();
        List<RuleSignature> signatures = catalogue.signatures(type);
        if (signatures.isEmpty()) {
            error(rule.position(), "unknown rule type '" + type + "'" + Suggestions.didYouMean(type, ruleTypeNames()));
            return;
        }
        if (catalogue.isAnalyzerOnly(type)) {
            error(rule.position(), type + " is an analyzer, not a rule: list it under Analyzers = [ ... ]");
            return;
        }
        ruleLabels(rule.labels(), rule.position());
        Optional<RuleSignature> match = catalogue.signature(type, rule.parameters().size());
        if (match.isEmpty()) {
            parameterCount(type, signatures, rule.parameters(), rule.position());
            return;
        }
        RuleSignature signature = match.get();
        rule.parameters().forEach(this::parameter);
        condition(rule, signature);
        rule.where().ifPresent(where -> {
            if (!signature.has(RuleFlag.WHERE)) {
                error(rule.position(), "'where' is not allowed on " + type);
            } else if (where.isBlank()) {
                error(rule.position(), "the where clause of " + type + " is empty");
            }
        });
        tags(rule, signature);
    }

    private List<String> ruleTypeNames() {
        return catalogue.names().stream().filter(n -> !catalogue.isAnalyzerOnly(n)).toList();
    }

    private void parameterCount(String type, List<RuleSignature> signatures, List<Parameter> parameters,
                                Position rulePosition) {
        int min = signatures.stream().mapToInt(RuleSignature::minParameters).min().orElse(0);
        int max = signatures.stream().mapToInt(RuleSignature::maxParameters).max().orElse(0);
        String usage = signatures.stream().map(RuleSignature::usage).collect(Collectors.joining("' or '", "'", "'"));
        int found = parameters.size();
        String expected;
        if (signatures.size() == 1 && min == max) {
            expected = min == 0 ? "no parameters" : min == 1 ? "1 parameter" : min + " parameters";
        } else if (max == Integer.MAX_VALUE) {
            expected = "at least " + min + (min == 1 ? " parameter" : " parameters");
        } else {
            expected = min + " to " + max + " parameters";
        }
        Position at = found > max ? parameters.get((int) Math.min(max, found - 1L)).position() : rulePosition;
        error(at, type + " takes " + expected + " (" + usage + "), found " + found);
    }

    private void parameter(Parameter parameter) {
        switch (parameter.kind()) {
            case QUOTED -> {
                if (parameter.value().isBlank()) {
                    error(parameter.position(), "empty parameter: give a column or value in the quotes");
                }
            }
            case VARIABLE -> {
                Optional<VariableKind> kind = resolve(parameter.value(), parameter.position());
                if (kind.isPresent() && kind.get() != VariableKind.STRING) {
                    error(parameter.position(), "$" + parameter.value() + " holds "
                            + describe(kind.get()) + "; a parameter takes a string");
                }
            }
            case WORD -> {
                // A bare word after 'of' is a name, e.g. DetectAnomalies of RowCount.
            }
        }
    }

    private Optional<VariableKind> resolve(String name, Position position) {
        if (!variables.containsKey(name)) {
            error(position, "undefined variable '$" + name + "'" + Suggestions.didYouMean(name, variables.keySet()));
            return Optional.empty();
        }
        return Optional.ofNullable(variableKinds.get(name));
    }

    private static String describe(VariableKind kind) {
        return switch (kind) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case KEYWORD -> "a keyword";
            case LIST -> "a list";
        };
    }

    // ---- conditions ----

    private void condition(Rule rule, RuleSignature signature) {
        String type = rule.type();
        if (rule.condition().isEmpty()) {
            if (signature.requiresCondition()) {
                error(rule.position(), type + " needs a condition, e.g. '" + type + example(signature) + "'");
            }
            return;
        }
        Condition condition = rule.condition().get();
        if (!signature.takesCondition()) {
            error(condition.position(), type + " takes no condition: it passes or fails by itself");
            return;
        }
        List<ValueKind> kinds = signature.returns().stream().filter(k -> k != ValueKind.BOOLEAN).toList();
        List<Diagnostic> preferred = null;
        ValueKind guess = guessKind(condition);
        for (ValueKind kind : kinds) {
            List<Diagnostic> problems = new ArrayList<>();
            new ConditionCheck(kind, type, problems).check(condition);
            if (problems.isEmpty()) {
                return;
            }
            if (preferred == null || kind == guess) {
                preferred = problems;
            }
        }
        errors.addAll(preferred);
    }

    private static String example(RuleSignature signature) {
        String parameters = signature.parameters().stream().map(p -> " \"" + p.name() + "\"").collect(Collectors.joining());
        return parameters + switch (signature.returns().get(0)) {
            case STRING -> " = \"value\"";
            case DATE -> " > (now() - 1 days)";
            case DURATION -> " <= 24 hours";
            case SIZE -> " > 0 B";
            default -> " > 0";
        };
    }

    /** The kind a condition seems to be written for, to report the most helpful errors. */
    private ValueKind guessKind(Condition condition) {
        Expression first = firstOperand(condition);
        if (first instanceof Expression.DurationLiteral) {
            return ValueKind.DURATION;
        } else if (first instanceof Expression.SizeLiteral) {
            return ValueKind.SIZE;
        } else if (containsNow(first)) {
            return ValueKind.DATE;
        } else if (first instanceof Expression.StringLiteral s) {
            return isDateOrTime(s.value()) ? ValueKind.DATE : ValueKind.STRING;
        } else if (first instanceof Expression.KeywordLiteral) {
            return ValueKind.STRING;
        } else if (first instanceof Expression.VariableRef v) {
            return variableKinds.get(v.name()) == VariableKind.NUMBER ? ValueKind.NUMBER : ValueKind.STRING;
        }
        return ValueKind.NUMBER;
    }

    private static Expression firstOperand(Condition condition) {
        if (condition instanceof Condition.Comparison c) {
            return c.operand();
        } else if (condition instanceof Condition.Between b) {
            return b.low();
        } else if (condition instanceof Condition.Membership m) {
            return m.values() instanceof Expression.ListLiteral l && !l.items().isEmpty() ? l.items().get(0) : m.values();
        }
        return ((Condition.PatternMatch) condition).pattern();
    }

    private static boolean containsNow(Expression expression) {
        if (expression instanceof Expression.Arithmetic a) {
            return containsNow(a.left()) || containsNow(a.right());
        } else if (expression instanceof Expression.Negation n) {
            return containsNow(n.operand());
        }
        return expression instanceof Expression.Now;
    }

    static boolean isDateOrTime(String text) {
        return DATE_SHAPE.matcher(text).matches() || TIME_24_SHAPE.matcher(text).matches()
                || TIME_12_SHAPE.matcher(text).matches();
    }

    /** Checks one condition as if the rule measured values of one kind. */
    private final class ConditionCheck {
        private final ValueKind kind;
        private final String type;
        private final List<Diagnostic> problems;

        ConditionCheck(ValueKind kind, String type, List<Diagnostic> problems) {
            this.kind = kind;
            this.type = type;
            this.problems = problems;
        }

        void check(Condition condition) {
            if (condition instanceof Condition.Comparison c) {
                comparison(c);
            } else if (condition instanceof Condition.Between b) {
                between(b);
            } else if (condition instanceof Condition.Membership m) {
                membership(m);
            } else {
                patternMatch((Condition.PatternMatch) condition);
            }
        }

        private void comparison(Condition.Comparison c) {
            if (kind == ValueKind.STRING && c.operator().isOrdering()) {
                problem(c.position(), "'" + c.operator().symbol() + "' compares numbers or dates; "
                        + type + " values here are text: use =, !=, in or matches");
                return;
            }
            operand(c.operand(), !c.operator().isOrdering());
        }

        private void between(Condition.Between b) {
            if (kind == ValueKind.STRING) {
                problem(b.position(), "'between' compares numbers or dates; " + type
                        + " values here are text: use =, !=, in or matches");
                return;
            }
            operand(b.low(), false);
            operand(b.high(), false);
        }

        private void membership(Condition.Membership m) {
            if (m.values() instanceof Expression.ListLiteral list) {
                list.items().forEach(item -> operand(item, true));
                return;
            }
            Expression.VariableRef ref = (Expression.VariableRef) m.values();
            resolveInCheck(ref).ifPresent(k -> {
                if (k != VariableKind.LIST) {
                    problem(ref.position(), "$" + ref.name() + " holds " + describe(k) + "; 'in' needs a list");
                } else {
                    ((Expression.ListLiteral) variables.get(ref.name()).value()).items()
                            .forEach(item -> operandAt(item, ref.position(), true));
                }
            });
        }

        private void patternMatch(Condition.PatternMatch p) {
            if (kind != ValueKind.STRING) {
                problem(p.position(), "'matches' applies to text; " + type + " measures " + kindName(kind) + "s");
                return;
            }
            if (p.pattern() instanceof Expression.StringLiteral literal) {
                regex(literal.value(), literal.position());
                return;
            }
            Expression.VariableRef ref = (Expression.VariableRef) p.pattern();
            resolveInCheck(ref).ifPresent(k -> {
                if (k != VariableKind.STRING) {
                    problem(ref.position(), "$" + ref.name() + " holds " + describe(k)
                            + "; 'matches' needs a regular expression string");
                } else {
                    regex(((Expression.StringLiteral) variables.get(ref.name()).value()).value(), ref.position());
                }
            });
        }

        private Optional<VariableKind> resolveInCheck(Expression.VariableRef ref) {
            if (!variables.containsKey(ref.name())) {
                problem(ref.position(), "undefined variable '$" + ref.name() + "'"
                        + Suggestions.didYouMean(ref.name(), variables.keySet()));
                return Optional.empty();
            }
            return Optional.ofNullable(variableKinds.get(ref.name()));
        }

        private void regex(String regex, Position position) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                problem(position, "invalid regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            }
        }

        private void operand(Expression expression, boolean nullAllowed) {
            operandAt(expression, expression.position(), nullAllowed);
        }

        /** at: where to report, which differs from the expression's own position for $list items. */
        private void operandAt(Expression expression, Position at, boolean nullAllowed) {
            if (expression instanceof Expression.KeywordLiteral keyword) {
                if (keyword.keyword() == Expression.Keyword.NULL && nullAllowed) {
                    return;
                }
                if (kind == ValueKind.STRING) {
                    return;
                }
                problem(at, keyword.keyword().text() + " is not " + article(kind)
                        + (nullAllowed ? "" : "; NULL can only be compared with = or !="));
                return;
            }
            if (expression instanceof Expression.VariableRef ref) {
                resolveInCheck(ref).ifPresent(k -> {
                    boolean fits = switch (k) {
                        case STRING -> kind == ValueKind.STRING
                                || (kind == ValueKind.DATE && dateOrTime(
                                        ((Expression.StringLiteral) variables.get(ref.name()).value()).value(), at));
                        case NUMBER -> kind == ValueKind.NUMBER;
                        case KEYWORD -> kind == ValueKind.STRING || nullAllowed;
                        case LIST -> false;
                    };
                    if (!fits) {
                        problem(ref.position(), "$" + ref.name() + " holds " + describe(k) + "; expected "
                                + article(kind));
                    }
                });
                return;
            }
            switch (kind) {
                case NUMBER -> number(expression);
                case STRING -> {
                    if (!(expression instanceof Expression.StringLiteral)) {
                        mismatch(expression, at);
                    }
                }
                case DATE -> date(expression, at);
                case DURATION -> {
                    if (expression instanceof Expression.DurationLiteral d) {
                        wholeNumber(d.amount(), d.position(), "a duration");
                    } else {
                        mismatch(expression, at);
                    }
                }
                case SIZE -> {
                    if (expression instanceof Expression.SizeLiteral s) {
                        wholeNumber(s.amount(), s.position(), "a size");
                    } else {
                        mismatch(expression, at);
                    }
                }
                case BOOLEAN -> mismatch(expression, at);
            }
        }

        private void number(Expression expression) {
            if (expression instanceof Expression.Arithmetic a) {
                number(a.left());
                number(a.right());
            } else if (expression instanceof Expression.Negation n) {
                number(n.operand());
            } else if (expression instanceof Expression.FunctionCall f) {
                function(f);
            } else if (expression instanceof Expression.VariableRef v) {
                operand(v, false);
            } else if (!(expression instanceof Expression.NumberLiteral)) {
                mismatch(expression, expression.position());
            }
        }

        private void function(Expression.FunctionCall call) {
            String name = call.name();
            List<Expression> args = call.arguments();
            if (!FUNCTIONS.contains(name)) {
                problem(call.position(), "unknown function '" + name + "'" + Suggestions.didYouMean(name, FUNCTIONS)
                        + " (dynamic rules use avg, median, min, max, sum, std, abs and index over last(k))");
                return;
            }
            switch (name) {
                case "last" -> problem(call.position(), "last(k) is a list of past values: aggregate it, "
                        + "e.g. avg(last(" + (args.isEmpty() ? "10" : Printer.expression(args.get(0))) + "))");
                case "abs" -> {
                    if (args.size() != 1) {
                        problem(call.position(), "abs takes 1 argument, found " + args.size());
                    } else {
                        number(args.get(0));
                    }
                }
                case "index" -> {
                    if (args.size() != 2) {
                        problem(call.position(), "index takes 2 arguments (index(last(k), i)), found " + args.size());
                    } else {
                        last(args.get(0), call);
                        if (!(args.get(1) instanceof Expression.NumberLiteral i) || !isWhole(i.value())
                                || i.value().signum() < 0) {
                            problem(args.get(1).position(), "the index of index(last(k), i) is a whole number >= 0");
                        }
                    }
                }
                default -> {
                    if (args.size() != 1) {
                        problem(call.position(), name + " takes 1 argument (" + name + "(last(k))), found "
                                + args.size());
                    } else {
                        last(args.get(0), call);
                    }
                }
            }
        }

        private void last(Expression argument, Expression.FunctionCall outer) {
            if (!(argument instanceof Expression.FunctionCall last) || !last.name().equals("last")) {
                problem(argument.position(), outer.name() + " aggregates past values: its argument is last(k), "
                        + "found " + Printer.expression(argument));
                return;
            }
            if (last.arguments().size() != 1 || !(last.arguments().get(0) instanceof Expression.NumberLiteral k)
                    || !isWhole(k.value()) || k.value().signum() <= 0) {
                problem(last.position(), "last(k) takes one whole number k >= 1, the count of past runs");
            }
        }

        private void date(Expression expression, Position at) {
            if (expression instanceof Expression.StringLiteral s) {
                dateOrTime(s.value(), at);
            } else if (expression instanceof Expression.Arithmetic a
                    && (a.operator() == Expression.ArithmeticOperator.ADD
                    || a.operator() == Expression.ArithmeticOperator.SUBTRACT)) {
                if (!(a.left() instanceof Expression.Now)) {
                    problem(a.left().position(), "date arithmetic starts from now(), e.g. (now() - 3 days)");
                }
                if (a.right() instanceof Expression.DurationLiteral d) {
                    wholeNumber(d.amount(), d.position(), "a duration");
                } else {
                    problem(a.right().position(), "a date moves by a duration such as 3 days, found "
                            + Printer.expression(a.right()));
                }
            } else if (!(expression instanceof Expression.Now)) {
                mismatch(expression, at);
            }
        }

        private boolean dateOrTime(String text, Position at) {
            try {
                if (DATE_SHAPE.matcher(text).matches()) {
                    LocalDate.parse(text, DATE);
                } else if (TIME_24_SHAPE.matcher(text).matches()) {
                    LocalTime.parse(text, TIME_24);
                } else if (TIME_12_SHAPE.matcher(text).matches()) {
                    LocalTime.parse(text, TIME_12);
                } else {
                    problem(at, "expected a date \"YYYY-MM-DD\", a time \"HH:MM\" or now(), found \"" + text + "\"");
                    return false;
                }
                return true;
            } catch (DateTimeParseException e) {
                problem(at, "invalid date or time \"" + text + "\"");
                return false;
            }
        }

        private void wholeNumber(BigDecimal amount, Position position, String what) {
            if (!isWhole(amount)) {
                problem(position, what + " is a whole number of units, found " + amount.toPlainString());
            }
        }

        private void mismatch(Expression expression, Position at) {
            problem(at, type + " compares " + kindName(kind) + "s: expected " + article(kind) + ", found "
                    + Printer.expression(expression));
        }

        private void problem(Position position, String message) {
            problems.add(Diagnostic.at(position, message));
        }
    }

    private static boolean isWhole(BigDecimal value) {
        return value.stripTrailingZeros().scale() <= 0;
    }

    private static String kindName(ValueKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String article(ValueKind kind) {
        return switch (kind) {
            case NUMBER -> "a number";
            case STRING -> "a string";
            case DATE -> "a date";
            case DURATION -> "a duration such as 3 days";
            case SIZE -> "a size such as 10 MB";
            case BOOLEAN -> "a boolean";
        };
    }

    // ---- tags and labels ----

    private void tags(Rule rule, RuleSignature signature) {
        Map<String, Tag> seen = new HashMap<>();
        for (Tag tag : rule.tags()) {
            String key = tag.name().toLowerCase(Locale.ROOT);
            if (seen.containsKey(key)) {
                error(tag.position(), "'with " + tag.name() + "' is given twice");
                continue;
            }
            seen.put(key, tag);
            if (tag.isThreshold()) {
                threshold(rule, signature, tag);
            } else if (!(tag.condition() instanceof Condition.Comparison c)
                    || c.operator() != Condition.ComparisonOperator.EQ
                    || !(c.operand() instanceof Expression.StringLiteral || c.operand() instanceof Expression.NumberLiteral)) {
                error(tag.condition().position(), "'with " + tag.name() + "' takes '= value' (a string or a number)");
            }
        }
    }

    private void threshold(Rule rule, RuleSignature signature, Tag tag) {
        if (!signature.has(RuleFlag.THRESHOLD)) {
            error(tag.position(), "'with threshold' is not allowed on " + rule.type());
            return;
        }
        List<Expression> bounds;
        if (tag.condition() instanceof Condition.Comparison c) {
            bounds = List.of(c.operand());
        } else if (tag.condition() instanceof Condition.Between b) {
            bounds = List.of(b.low(), b.high());
        } else {
            error(tag.condition().position(), "a threshold is compared with a number, e.g. 'with threshold > 0.9'");
            bounds = List.of();
        }
        for (Expression bound : bounds) {
            if (!(bound instanceof Expression.NumberLiteral n)) {
                error(bound.position(), "a threshold is a number between 0 and 1, found " + Printer.expression(bound));
            } else if (n.value().compareTo(BigDecimal.ZERO) < 0 || n.value().compareTo(BigDecimal.ONE) > 0) {
                error(bound.position(), "a threshold is the share of rows that must pass, between 0 and 1, found "
                        + n.value().toPlainString());
            }
        }
    }

    private void labelList(List<Label> labels) {
        Set<String> keys = new LinkedHashSet<>();
        for (Label label : labels) {
            if (label.key().isBlank()) {
                error(label.position(), "label key is empty");
            } else if (label.key().length() > MAX_LABEL_KEY_LENGTH) {
                error(label.position(), "label key is " + label.key().length() + " characters long; the maximum is "
                        + MAX_LABEL_KEY_LENGTH);
            }
            if (label.value().length() > MAX_LABEL_VALUE_LENGTH) {
                error(label.position(), "label value is " + label.value().length()
                        + " characters long; the maximum is " + MAX_LABEL_VALUE_LENGTH);
            }
            if (!keys.add(label.key())) {
                error(label.position(), "duplicate label \"" + label.key() + "\"");
            }
        }
        if (keys.size() > MAX_LABELS) {
            error(labels.get(MAX_LABELS).position(), "at most " + MAX_LABELS + " labels are allowed, found "
                    + keys.size());
        }
    }

    /** A rule's labels merge with DefaultLabels; together they may hold at most 10 keys. */
    private void ruleLabels(List<Label> labels, Position rulePosition) {
        if (labels.isEmpty()) {
            return;
        }
        labelList(labels);
        Set<String> merged = new LinkedHashSet<>();
        defaultLabels.forEach(l -> merged.add(l.key()));
        labels.forEach(l -> merged.add(l.key()));
        int own = (int) labels.stream().map(Label::key).distinct().count();
        if (merged.size() > MAX_LABELS && own <= MAX_LABELS) {
            error(rulePosition, "this rule has " + merged.size() + " labels with DefaultLabels; at most "
                    + MAX_LABELS + " are allowed");
        }
    }

    // ---- analyzers ----

    private void analyzer(Analyzer analyzer) {
        String type = analyzer.type();
        if (!catalogue.contains(type)) {
            List<String> analyzers = catalogue.names().stream().filter(catalogue::isAnalyzer).toList();
            error(analyzer.position(), "unknown analyzer '" + type + "'" + Suggestions.didYouMean(type, analyzers));
            return;
        }
        if (!catalogue.isAnalyzer(type)) {
            error(analyzer.position(), type + " is a rule, not an analyzer: list it under Rules = [ ... ] "
                    + "with a condition");
            return;
        }
        List<RuleSignature> signatures = catalogue.signatures(type);
        if (catalogue.signature(type, analyzer.parameters().size()).isEmpty()) {
            parameterCount(type, signatures, analyzer.parameters(), analyzer.position());
            return;
        }
        analyzer.parameters().forEach(this::parameter);
    }

    private void error(Position position, String message) {
        errors.add(Diagnostic.at(position, message));
    }
}
