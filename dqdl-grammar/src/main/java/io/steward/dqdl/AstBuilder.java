package io.steward.dqdl;

import io.steward.dqdl.ast.AnalyzersSection;
import io.steward.dqdl.ast.Analyzer;
import io.steward.dqdl.ast.Comments;
import io.steward.dqdl.ast.CompositeRule;
import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.Dictionary;
import io.steward.dqdl.ast.Expression;
import io.steward.dqdl.ast.Label;
import io.steward.dqdl.ast.LabelsSection;
import io.steward.dqdl.ast.Parameter;
import io.steward.dqdl.ast.Position;
import io.steward.dqdl.ast.Rule;
import io.steward.dqdl.ast.RuleEntry;
import io.steward.dqdl.ast.RuleNode;
import io.steward.dqdl.ast.Ruleset;
import io.steward.dqdl.ast.RulesSection;
import io.steward.dqdl.ast.Tag;
import io.steward.dqdl.ast.VariableDeclaration;
import io.steward.dqdl.grammar.DqdlLexer;
import io.steward.dqdl.grammar.DqdlParser;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Turns a syntactically valid parse tree into the immutable AST. It also checks what only the
 * tree can show: the order and uniqueness of sections, and labels given twice to one rule.
 * Comments are attached to the items they stand next to, so that formatting keeps them.
 */
final class AstBuilder {

    /** Canonical section order; variables sit between DataSources and DefaultLabels. */
    private enum SectionKind {
        METADATA("Metadata"), DATA_SOURCES("DataSources"), VARIABLES("variable declarations"),
        DEFAULT_LABELS("DefaultLabels"), RULES("Rules"), ANALYZERS("Analyzers");

        final String title;

        SectionKind(String title) {
            this.title = title;
        }
    }

    private final CommonTokenStream tokens;
    private final List<Diagnostic> errors;
    private final Set<Integer> claimedComments = new HashSet<>();

    AstBuilder(CommonTokenStream tokens, List<Diagnostic> errors) {
        this.tokens = tokens;
        this.errors = errors;
    }

    Ruleset document(DqdlParser.DocumentContext ctx) {
        Optional<Dictionary> metadata = Optional.empty();
        Optional<Dictionary> dataSources = Optional.empty();
        List<VariableDeclaration> variables = new ArrayList<>();
        Optional<LabelsSection> defaultLabels = Optional.empty();
        Optional<RulesSection> rules = Optional.empty();
        Optional<AnalyzersSection> analyzers = Optional.empty();
        SectionKind furthest = null;
        Position[] firstSeen = new Position[SectionKind.values().length];

        for (DqdlParser.SectionContext section : ctx.section()) {
            ParserRuleContext inner = (ParserRuleContext) section.getChild(0);
            SectionKind kind = kindOf(inner);
            Position position = position(inner.getStart());
            if (furthest != null && kind.ordinal() < furthest.ordinal()) {
                errors.add(Diagnostic.at(position, kind.title + " must come before " + furthest.title));
            } else if (kind != SectionKind.VARIABLES && firstSeen[kind.ordinal()] != null) {
                errors.add(Diagnostic.at(position, "duplicate " + kind.title + " section (the first is at "
                        + firstSeen[kind.ordinal()] + ")"));
                continue;
            }
            if (firstSeen[kind.ordinal()] == null) {
                firstSeen[kind.ordinal()] = position;
            }
            if (furthest == null || kind.ordinal() > furthest.ordinal()) {
                furthest = kind;
            }
            switch (kind) {
                case METADATA -> metadata = Optional.of(
                        dictionary(((DqdlParser.MetadataSectionContext) inner).dictionary(), inner));
                case DATA_SOURCES -> dataSources = Optional.of(
                        dictionary(((DqdlParser.DataSourcesSectionContext) inner).dictionary(), inner));
                case VARIABLES -> variables.add(variable((DqdlParser.VariableDeclarationContext) inner));
                case DEFAULT_LABELS -> defaultLabels = Optional.of(new LabelsSection(
                        labels(((DqdlParser.DefaultLabelsSectionContext) inner).labelList()),
                        itemComments(inner, null), position));
                case RULES -> rules = Optional.of(rulesSection((DqdlParser.RulesSectionContext) inner));
                case ANALYZERS -> analyzers = Optional.of(analyzersSection((DqdlParser.AnalyzersSectionContext) inner));
            }
        }
        if (rules.isEmpty() && analyzers.isEmpty()) {
            Token at = ctx.section().isEmpty() ? ctx.getStart() : ctx.getStop();
            errors.add(Diagnostic.at(position(at), "no Rules or Analyzers section: a ruleset needs "
                    + "'Rules = [ ... ]' (or 'Analyzers = [ ... ]')"));
        }
        List<String> trailing = unclaimedCommentsLeftOf(ctx.EOF().getSymbol());
        return new Ruleset(metadata, dataSources, variables, defaultLabels, rules, analyzers, trailing);
    }

    private static SectionKind kindOf(ParserRuleContext inner) {
        if (inner instanceof DqdlParser.MetadataSectionContext) {
            return SectionKind.METADATA;
        } else if (inner instanceof DqdlParser.DataSourcesSectionContext) {
            return SectionKind.DATA_SOURCES;
        } else if (inner instanceof DqdlParser.VariableDeclarationContext) {
            return SectionKind.VARIABLES;
        } else if (inner instanceof DqdlParser.DefaultLabelsSectionContext) {
            return SectionKind.DEFAULT_LABELS;
        } else if (inner instanceof DqdlParser.RulesSectionContext) {
            return SectionKind.RULES;
        }
        return SectionKind.ANALYZERS;
    }

    // ---- sections ----

    private Dictionary dictionary(DqdlParser.DictionaryContext ctx, ParserRuleContext section) {
        List<Dictionary.Entry> entries = new ArrayList<>();
        for (DqdlParser.EntryContext entry : ctx.entry()) {
            String key = string(entry.key);
            DqdlParser.EntryValueContext value = entry.entryValue();
            if (value.LBRACKET() != null) {
                List<String> values = value.STRING().stream().map(t -> string(t.getSymbol())).toList();
                entries.add(new Dictionary.Entry(key, Optional.empty(), Optional.of(values), position(entry.key)));
            } else {
                entries.add(new Dictionary.Entry(key, Optional.of(string(value.STRING(0).getSymbol())),
                        Optional.empty(), position(entry.key)));
            }
        }
        return new Dictionary(entries, itemComments(section, null), position(section.getStart()));
    }

    private VariableDeclaration variable(DqdlParser.VariableDeclarationContext ctx) {
        DqdlParser.VariableValueContext value = ctx.variableValue();
        Expression expression = value.LBRACKET() != null
                ? new Expression.ListLiteral(value.expr().stream().map(this::expr).toList(), position(value.getStart()))
                : expr(value.expr(0));
        return new VariableDeclaration(ctx.name.getText(), expression, itemComments(ctx, null), position(ctx.getStart()));
    }

    private RulesSection rulesSection(DqdlParser.RulesSectionContext ctx) {
        Comments header = headerComments(ctx, ctx.LBRACKET().getSymbol());
        List<RuleEntry> entries = listItems(ctx.ruleExpr(), ctx.COMMA(),
                (item, comments) -> new RuleEntry(ruleExpr(item), comments));
        return new RulesSection(entries, header, unclaimedCommentsLeftOf(ctx.RBRACKET().getSymbol()),
                position(ctx.getStart()));
    }

    private AnalyzersSection analyzersSection(DqdlParser.AnalyzersSectionContext ctx) {
        Comments header = headerComments(ctx, ctx.LBRACKET().getSymbol());
        List<Analyzer> analyzers = listItems(ctx.analyzer(), ctx.COMMA(), (item, comments) -> new Analyzer(
                item.analyzerType.getText(), parameters(item.parameter()), comments, position(item.getStart())));
        return new AnalyzersSection(analyzers, header, unclaimedCommentsLeftOf(ctx.RBRACKET().getSymbol()),
                position(ctx.getStart()));
    }

    /**
     * The items of a comma-separated section, each with its comments (the trailing one may
     * follow its comma). Takes the comma list once: ANTLR's ctx.COMMA(i) rescans all children.
     */
    private <C extends ParserRuleContext, T> List<T> listItems(List<C> items, List<TerminalNode> commas,
                                                              BiFunction<C, Comments, T> build) {
        List<T> built = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Token comma = i < commas.size() ? commas.get(i).getSymbol() : null;
            Comments comments = itemComments(items.get(i), comma);
            built.add(build.apply(items.get(i), comments));
        }
        return built;
    }

    // ---- rules ----

    private RuleNode ruleExpr(DqdlParser.RuleExprContext ctx) {
        if (ctx instanceof DqdlParser.SingleRuleContext single) {
            return rule(single.dqRule());
        }
        if (ctx instanceof DqdlParser.AndRuleContext and) {
            return composite(CompositeRule.Operator.AND, and.ruleExpr(0), and.ruleExpr(1));
        }
        if (ctx instanceof DqdlParser.OrRuleContext or) {
            return composite(CompositeRule.Operator.OR, or.ruleExpr(0), or.ruleExpr(1));
        }
        DqdlParser.GroupedRuleContext grouped = (DqdlParser.GroupedRuleContext) ctx;
        RuleNode inner = ruleExpr(grouped.ruleExpr());
        if (grouped.labels() == null) {
            return inner;
        }
        List<Label> labels = labels(grouped.labels().labelList());
        if (!inner.labels().isEmpty()) {
            errors.add(Diagnostic.at(position(grouped.labels().getStart()),
                    "labels are given twice: once inside the parentheses and once after them"));
            return inner;
        }
        if (inner instanceof Rule r) {
            return new Rule(r.type(), r.parameters(), r.condition(), r.where(), labels, r.tags(), r.position());
        }
        CompositeRule c = (CompositeRule) inner;
        return new CompositeRule(c.operator(), c.operands(), labels, c.position());
    }

    /** Joins two operands, flattening unlabelled chains of the same operator into one node. */
    private CompositeRule composite(CompositeRule.Operator operator, DqdlParser.RuleExprContext left,
                                    DqdlParser.RuleExprContext right) {
        List<RuleNode> operands = new ArrayList<>();
        for (RuleNode operand : List.of(ruleExpr(left), ruleExpr(right))) {
            if (operand instanceof CompositeRule c && c.operator() == operator && c.labels().isEmpty()) {
                operands.addAll(c.operands());
            } else {
                operands.add(operand);
            }
        }
        return new CompositeRule(operator, operands, List.of(), position(left.getStart()));
    }

    private Rule rule(DqdlParser.DqRuleContext ctx) {
        Optional<Condition> condition = Optional.ofNullable(ctx.condition()).map(this::condition);
        Optional<String> where = Optional.ofNullable(ctx.whereClause()).map(w -> string(w.STRING().getSymbol()));
        List<Label> labels = ctx.labels() == null ? List.of() : labels(ctx.labels().labelList());
        List<Tag> tags = ctx.tag().stream()
                .map(t -> new Tag(t.word().getText(), condition(t.condition()),
                        position(t.getStart())))
                .toList();
        return new Rule(ctx.ruleType.getText(), parameters(ctx.parameter()), condition, where, labels, tags,
                position(ctx.getStart()));
    }

    private List<Parameter> parameters(List<DqdlParser.ParameterContext> contexts) {
        List<Parameter> parameters = new ArrayList<>();
        for (DqdlParser.ParameterContext ctx : contexts) {
            Parameter.Connector connector = ctx.connector == null ? Parameter.Connector.NONE
                    : ctx.connector.getType() == DqdlLexer.OF ? Parameter.Connector.OF : Parameter.Connector.AND;
            Position position = position(ctx.getStart());
            if (ctx.STRING() != null) {
                parameters.add(new Parameter(connector, Parameter.Kind.QUOTED, string(ctx.STRING().getSymbol()), position));
            } else if (ctx.VARIABLE() != null) {
                parameters.add(new Parameter(connector, Parameter.Kind.VARIABLE,
                        ctx.VARIABLE().getText().substring(1), position));
            } else {
                parameters.add(new Parameter(connector, Parameter.Kind.WORD, ctx.word().getText(), position));
            }
        }
        return parameters;
    }

    private List<Label> labels(DqdlParser.LabelListContext ctx) {
        return ctx.label().stream()
                .map(l -> new Label(string(l.key), string(l.value), position(l.getStart())))
                .toList();
    }

    private Condition condition(DqdlParser.ConditionContext ctx) {
        Position position = position(ctx.getStart());
        if (ctx instanceof DqdlParser.ComparisonContext c) {
            return new Condition.Comparison(comparison(c.op), expr(c.expr()), position);
        }
        if (ctx instanceof DqdlParser.BetweenContext b) {
            return new Condition.Between(b.NOT() != null, expr(b.expr(0)), expr(b.expr(1)), position);
        }
        if (ctx instanceof DqdlParser.MembershipContext m) {
            Expression values = m.VARIABLE() != null ? variableRef(m.VARIABLE())
                    : new Expression.ListLiteral(m.list().expr().stream().map(this::expr).toList(),
                            position(m.list().getStart()));
            return new Condition.Membership(m.NOT() != null, values, position);
        }
        DqdlParser.PatternMatchContext p = (DqdlParser.PatternMatchContext) ctx;
        Expression pattern = p.VARIABLE() != null ? variableRef(p.VARIABLE())
                : new Expression.StringLiteral(string(p.STRING().getSymbol()), position(p.STRING().getSymbol()));
        return new Condition.PatternMatch(p.NOT() != null, pattern, position);
    }

    private static Condition.ComparisonOperator comparison(Token op) {
        return switch (op.getType()) {
            case DqdlLexer.EQ -> Condition.ComparisonOperator.EQ;
            case DqdlLexer.NE -> Condition.ComparisonOperator.NE;
            case DqdlLexer.GT -> Condition.ComparisonOperator.GT;
            case DqdlLexer.GE -> Condition.ComparisonOperator.GE;
            case DqdlLexer.LT -> Condition.ComparisonOperator.LT;
            default -> Condition.ComparisonOperator.LE;
        };
    }

    // ---- expressions ----

    private Expression expr(DqdlParser.ExprContext ctx) {
        Position position = position(ctx.getStart());
        if (ctx instanceof DqdlParser.ParenthesizedContext p) {
            return expr(p.expr());
        }
        if (ctx instanceof DqdlParser.NegationContext n) {
            Expression operand = expr(n.expr());
            // A negative number is a number, not an operation: "-5" and "- 5" are the same value.
            if (operand instanceof Expression.NumberLiteral number) {
                return new Expression.NumberLiteral(number.value().negate(), position);
            }
            return new Expression.Negation(operand, position);
        }
        if (ctx instanceof DqdlParser.ArithmeticContext a) {
            Expression.ArithmeticOperator operator = switch (a.op.getType()) {
                case DqdlLexer.PLUS -> Expression.ArithmeticOperator.ADD;
                case DqdlLexer.MINUS -> Expression.ArithmeticOperator.SUBTRACT;
                case DqdlLexer.STAR -> Expression.ArithmeticOperator.MULTIPLY;
                default -> Expression.ArithmeticOperator.DIVIDE;
            };
            return new Expression.Arithmetic(operator, expr(a.expr(0)), expr(a.expr(1)), position);
        }
        if (ctx instanceof DqdlParser.NowContext) {
            return new Expression.Now(position);
        }
        if (ctx instanceof DqdlParser.CallContext call) {
            return new Expression.FunctionCall(call.name.getText(), call.expr().stream().map(this::expr).toList(),
                    position);
        }
        if (ctx instanceof DqdlParser.NumberContext number) {
            BigDecimal value = new BigDecimal(number.NUMBER().getText());
            if (number.unit() == null) {
                return new Expression.NumberLiteral(value, position);
            }
            String unit = number.unit().getText();
            return switch (number.unit().getStart().getType()) {
                case DqdlLexer.DAYS, DqdlLexer.HOURS, DqdlLexer.MINUTES -> new Expression.DurationLiteral(value,
                        Expression.DurationUnit.valueOf(unit.toUpperCase(Locale.ROOT)), position);
                default -> new Expression.SizeLiteral(value, Expression.SizeUnit.valueOf(unit), position);
            };
        }
        if (ctx instanceof DqdlParser.StringContext s) {
            return new Expression.StringLiteral(string(s.STRING().getSymbol()), position);
        }
        if (ctx instanceof DqdlParser.VariableContext v) {
            return variableRef(v.VARIABLE());
        }
        DqdlParser.KeywordContext k = (DqdlParser.KeywordContext) ctx;
        Expression.Keyword keyword = switch (k.keyword.getType()) {
            case DqdlLexer.NULL -> Expression.Keyword.NULL;
            case DqdlLexer.EMPTY -> Expression.Keyword.EMPTY;
            default -> Expression.Keyword.WHITESPACES_ONLY;
        };
        return new Expression.KeywordLiteral(keyword, position);
    }

    private Expression.VariableRef variableRef(TerminalNode variable) {
        return new Expression.VariableRef(variable.getText().substring(1), position(variable.getSymbol()));
    }

    // ---- tokens ----

    private static Position position(Token token) {
        return new Position(token.getLine(), token.getCharPositionInLine() + 1);
    }

    /** Decodes a quoted string: only \" and \\ are escapes, so "\d+" keeps its backslash. */
    static String string(Token token) {
        String text = token.getText();
        StringBuilder decoded = new StringBuilder(text.length());
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() - 1) {
                char next = text.charAt(i + 1);
                if (next == '"' || next == '\\') {
                    decoded.append(next);
                    i++;
                    continue;
                }
            }
            decoded.append(c);
        }
        return decoded.toString();
    }

    // ---- comments ----

    /**
     * Comments of a list item or section: every comment inside it or just above it, plus the
     * comment that ends its last line (after its comma, if it has one).
     */
    private Comments itemComments(ParserRuleContext item, Token comma) {
        List<String> leading = new ArrayList<>(unclaimedCommentsLeftOf(item.getStart()));
        for (int i = item.getStart().getTokenIndex(); i <= item.getStop().getTokenIndex(); i++) {
            Token token = tokens.get(i);
            if (token.getType() == DqdlLexer.COMMENT && claimedComments.add(i)) {
                leading.add(commentText(token));
            }
        }
        Token end = comma != null ? comma : item.getStop();
        return new Comments(leading, sameLineCommentAfter(end));
    }

    /** A section's own comments, with the one on the line of its opening bracket. */
    private Comments headerComments(ParserRuleContext section, Token open) {
        List<String> leading = unclaimedCommentsLeftOf(section.getStart());
        return new Comments(leading, sameLineCommentAfter(open));
    }

    private Optional<String> sameLineCommentAfter(Token token) {
        int next = token.getTokenIndex() + 1;
        if (next < tokens.size()) {
            Token candidate = tokens.get(next);
            if (candidate.getType() == DqdlLexer.COMMENT && candidate.getLine() == token.getLine()
                    && claimedComments.add(next)) {
                return Optional.of(commentText(candidate));
            }
        }
        return Optional.empty();
    }

    /** Comments between the previous real token and this one that no item has taken yet. */
    private List<String> unclaimedCommentsLeftOf(Token token) {
        int first = token.getTokenIndex();
        while (first > 0 && tokens.get(first - 1).getChannel() != Token.DEFAULT_CHANNEL) {
            first--;
        }
        List<String> texts = new ArrayList<>();
        for (int i = first; i < token.getTokenIndex(); i++) {
            if (tokens.get(i).getType() == DqdlLexer.COMMENT && claimedComments.add(i)) {
                texts.add(commentText(tokens.get(i)));
            }
        }
        return texts;
    }

    private static String commentText(Token comment) {
        return comment.getText().substring(1).strip();
    }
}
