package io.steward.dqdl;

import io.steward.dqdl.ast.Analyzer;
import io.steward.dqdl.ast.AnalyzersSection;
import io.steward.dqdl.ast.Comments;
import io.steward.dqdl.ast.CompositeRule;
import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.Dictionary;
import io.steward.dqdl.ast.Expression;
import io.steward.dqdl.ast.Label;
import io.steward.dqdl.ast.Parameter;
import io.steward.dqdl.ast.Rule;
import io.steward.dqdl.ast.RuleEntry;
import io.steward.dqdl.ast.RuleNode;
import io.steward.dqdl.ast.Ruleset;
import io.steward.dqdl.ast.RulesSection;
import io.steward.dqdl.ast.Tag;
import io.steward.dqdl.ast.VariableDeclaration;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The canonical form: sections in order, separated by a blank line; one rule per line indented
 * by four spaces; composite operands in parentheses; date arithmetic in parentheses as AWS
 * Glue writes it; comments where they were. Printing a parsed ruleset and parsing the result
 * gives an equal tree, and printing is idempotent.
 */
final class Printer {

    private static final String INDENT = "    ";

    private final StringBuilder out = new StringBuilder();

    String print(Ruleset ruleset) {
        List<Runnable> blocks = new ArrayList<>();
        ruleset.metadata().ifPresent(d -> blocks.add(() -> dictionary("Metadata", d)));
        ruleset.dataSources().ifPresent(d -> blocks.add(() -> dictionary("DataSources", d)));
        if (!ruleset.variables().isEmpty()) {
            blocks.add(() -> ruleset.variables().forEach(this::variable));
        }
        ruleset.defaultLabels().ifPresent(section -> blocks.add(() -> {
            leading(section.comments(), "");
            out.append("DefaultLabels = ").append(labelList(section.labels()));
            trailing(section.comments());
            out.append('\n');
        }));
        ruleset.rules().ifPresent(section -> blocks.add(() -> rules(section)));
        ruleset.analyzers().ifPresent(section -> blocks.add(() -> analyzers(section)));
        for (int i = 0; i < blocks.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            blocks.get(i).run();
        }
        if (!ruleset.trailingComments().isEmpty()) {
            if (!blocks.isEmpty()) {
                out.append('\n');
            }
            ruleset.trailingComments().forEach(c -> out.append(comment(c)).append('\n'));
        }
        return out.toString();
    }

    private void dictionary(String name, Dictionary dictionary) {
        leading(dictionary.comments(), "");
        out.append(name).append(" = {");
        trailing(dictionary.comments());
        out.append('\n');
        List<Dictionary.Entry> entries = dictionary.entries();
        for (int i = 0; i < entries.size(); i++) {
            Dictionary.Entry entry = entries.get(i);
            out.append(INDENT).append(quote(entry.key())).append(": ");
            if (entry.value().isPresent()) {
                out.append(quote(entry.value().get()));
            } else {
                out.append(entry.values().orElseThrow().stream().map(Printer::quote)
                        .collect(Collectors.joining(", ", "[", "]")));
            }
            out.append(i < entries.size() - 1 ? ",\n" : "\n");
        }
        out.append("}\n");
    }

    private void variable(VariableDeclaration variable) {
        leading(variable.comments(), "");
        out.append(variable.name()).append(" = ").append(expression(variable.value()));
        trailing(variable.comments());
        out.append('\n');
    }

    private void rules(RulesSection section) {
        list("Rules", section.comments(), section.entries(), RuleEntry::comments, e -> topLevel(e.rule()),
                section.danglingComments());
    }

    private void analyzers(AnalyzersSection section) {
        list("Analyzers", section.comments(), section.analyzers(), Analyzer::comments, Printer::analyzer,
                section.danglingComments());
    }

    static String analyzer(Analyzer analyzer) {
        return analyzer.type() + parameters(analyzer.parameters());
    }

    /** {@code Name = [} one item per line, comma-separated, with their comments {@code ]}. */
    private <T> void list(String name, Comments header, List<T> items, Function<T, Comments> comments,
                          Function<T, String> text, List<String> dangling) {
        leading(header, "");
        out.append(name).append(" = [");
        trailing(header);
        out.append('\n');
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            leading(comments.apply(item), INDENT);
            out.append(INDENT).append(text.apply(item));
            if (i < items.size() - 1) {
                out.append(',');
            }
            trailing(comments.apply(item));
            out.append('\n');
        }
        dangling.forEach(c -> out.append(INDENT).append(comment(c)).append('\n'));
        out.append("]\n");
    }

    private void leading(Comments comments, String indent) {
        comments.leading().forEach(c -> out.append(indent).append(comment(c)).append('\n'));
    }

    private void trailing(Comments comments) {
        comments.trailing().ifPresent(c -> out.append(' ').append(comment(c)));
    }

    private static String comment(String text) {
        return text.isEmpty() ? "#" : "# " + text;
    }

    // ---- rules ----

    /** One rule as written on its own line of the Rules list. */
    static String topLevel(RuleNode node) {
        if (node instanceof Rule rule) {
            return rule(rule);
        }
        CompositeRule composite = (CompositeRule) node;
        String body = composite(composite);
        return composite.labels().isEmpty() ? body : "(" + body + ") labels = " + labelList(composite.labels());
    }

    private static String composite(CompositeRule composite) {
        return composite.operands().stream().map(Printer::operand)
                .collect(Collectors.joining(" " + composite.operator().keyword() + " "));
    }

    /** A composite's operand is always in parentheses; a labelled group carries its labels after them. */
    private static String operand(RuleNode node) {
        if (node instanceof Rule rule) {
            return "(" + rule(rule) + ")";
        }
        CompositeRule composite = (CompositeRule) node;
        String group = "(" + composite(composite) + ")";
        return composite.labels().isEmpty() ? group : group + " labels = " + labelList(composite.labels());
    }

    static String rule(Rule rule) {
        StringBuilder text = new StringBuilder(rule.type()).append(parameters(rule.parameters()));
        rule.condition().ifPresent(c -> text.append(' ').append(condition(c)));
        rule.where().ifPresent(w -> text.append(" where ").append(quote(w)));
        if (!rule.labels().isEmpty()) {
            text.append(" labels = ").append(labelList(rule.labels()));
        }
        for (Tag tag : rule.tags()) {
            text.append(" with ").append(tag.name()).append(' ').append(condition(tag.condition()));
        }
        return text.toString();
    }

    private static String parameters(List<Parameter> parameters) {
        StringBuilder text = new StringBuilder();
        for (Parameter parameter : parameters) {
            text.append(' ');
            switch (parameter.connector()) {
                case OF -> text.append("of ");
                case AND -> text.append("and ");
                case NONE -> {
                }
            }
            switch (parameter.kind()) {
                case QUOTED -> text.append(quote(parameter.value()));
                case VARIABLE -> text.append('$').append(parameter.value());
                case WORD -> text.append(parameter.value());
            }
        }
        return text.toString();
    }

    private static String labelList(List<Label> labels) {
        return labels.stream().map(l -> quote(l.key()) + " = " + quote(l.value()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String condition(Condition condition) {
        if (condition instanceof Condition.Comparison c) {
            return c.operator().symbol() + " " + operandExpression(c.operand());
        }
        if (condition instanceof Condition.Between b) {
            return (b.negated() ? "not " : "") + "between " + operandExpression(b.low()) + " and "
                    + operandExpression(b.high());
        }
        if (condition instanceof Condition.Membership m) {
            return (m.negated() ? "not " : "") + "in " + expression(m.values());
        }
        Condition.PatternMatch p = (Condition.PatternMatch) condition;
        return (p.negated() ? "not " : "") + "matches " + expression(p.pattern());
    }

    /** Date arithmetic is parenthesised, "(now() - 3 days)", the form AWS Glue documents. */
    private static String operandExpression(Expression expression) {
        if (expression instanceof Expression.Arithmetic a && a.left() instanceof Expression.Now) {
            return "(" + expression(expression) + ")";
        }
        return expression(expression);
    }

    // ---- expressions ----

    static String expression(Expression expression) {
        return expression(expression, 0, false);
    }

    private static String expression(Expression expression, int parentPrecedence, boolean rightOperand) {
        if (expression instanceof Expression.NumberLiteral n) {
            return n.value().toPlainString();
        } else if (expression instanceof Expression.StringLiteral s) {
            return quote(s.value());
        } else if (expression instanceof Expression.KeywordLiteral k) {
            return k.keyword().text();
        } else if (expression instanceof Expression.DurationLiteral d) {
            return d.amount().toPlainString() + " " + d.unit().text();
        } else if (expression instanceof Expression.SizeLiteral s) {
            return s.amount().toPlainString() + " " + s.unit().name();
        } else if (expression instanceof Expression.Now) {
            return "now()";
        } else if (expression instanceof Expression.VariableRef v) {
            return "$" + v.name();
        } else if (expression instanceof Expression.FunctionCall f) {
            return f.name() + f.arguments().stream().map(Printer::expression)
                    .collect(Collectors.joining(", ", "(", ")"));
        } else if (expression instanceof Expression.ListLiteral l) {
            return l.items().stream().map(Printer::expression).collect(Collectors.joining(", ", "[", "]"));
        } else if (expression instanceof Expression.Negation n) {
            String operand = expression(n.operand(), 3, false);
            // "- -x" rather than "--x" reads better and parses the same.
            return operand.startsWith("-") ? "- " + operand : "-" + operand;
        }
        Expression.Arithmetic a = (Expression.Arithmetic) expression;
        int precedence = a.operator().precedence();
        String text = expression(a.left(), precedence, false) + " " + a.operator().symbol() + " "
                + expression(a.right(), precedence, true);
        boolean parenthesize = precedence < parentPrecedence || (precedence == parentPrecedence && rightOperand);
        return parenthesize ? "(" + text + ")" : text;
    }

    /**
     * Quotes a string so that it decodes to the same text: '"' becomes \" and a backslash is
     * doubled only where it would otherwise start an escape (before '"', '\' or the end).
     */
    static String quote(String value) {
        StringBuilder text = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                text.append("\\\"");
            } else if (c == '\\') {
                boolean escapeNeeded = i == value.length() - 1 || value.charAt(i + 1) == '"'
                        || value.charAt(i + 1) == '\\';
                text.append(escapeNeeded ? "\\\\" : "\\");
            } else {
                text.append(c);
            }
        }
        return text.append('"').toString();
    }
}
