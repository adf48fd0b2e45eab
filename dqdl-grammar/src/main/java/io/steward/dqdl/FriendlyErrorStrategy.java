package io.steward.dqdl;

import io.steward.dqdl.grammar.DqdlLexer;
import io.steward.dqdl.grammar.DqdlParser;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ANTLR's recovery with messages written for people: "expected ',' or ']' after rule, found
 * 'IsUnique'" instead of "mismatched input 'IsUnique' expecting {',', ']', 'where', ...}".
 * Expected tokens are summarised ("a condition", "a value") and the enclosing construct
 * (rule, list, labels, dictionary) is named when that is what the reader needs.
 */
final class FriendlyErrorStrategy extends DefaultErrorStrategy {

    private static final Set<Integer> COMPARISONS = Set.of(
            DqdlLexer.EQ, DqdlLexer.NE, DqdlLexer.GT, DqdlLexer.GE, DqdlLexer.LT, DqdlLexer.LE);
    private static final Set<Integer> CONDITION_STARTS = union(COMPARISONS,
            Set.of(DqdlLexer.BETWEEN, DqdlLexer.NOT, DqdlLexer.IN, DqdlLexer.MATCHES));
    private static final Set<Integer> VALUE_STARTS = Set.of(DqdlLexer.LPAREN, DqdlLexer.MINUS, DqdlLexer.NOW,
            DqdlLexer.NUMBER, DqdlLexer.STRING, DqdlLexer.VARIABLE, DqdlLexer.NULL, DqdlLexer.EMPTY,
            DqdlLexer.WHITESPACES_ONLY);
    /** Tokens that could continue what came before; naming them only adds noise. */
    private static final Set<Integer> CONTINUATIONS = Set.of(DqdlLexer.PLUS, DqdlLexer.MINUS, DqdlLexer.STAR,
            DqdlLexer.SLASH, DqdlLexer.DAYS, DqdlLexer.HOURS, DqdlLexer.MINUTES, DqdlLexer.B, DqdlLexer.KB,
            DqdlLexer.MB, DqdlLexer.GB, DqdlLexer.TB, DqdlLexer.WHERE, DqdlLexer.LABELS, DqdlLexer.WITH,
            DqdlLexer.AND, DqdlLexer.OR, DqdlLexer.OF, DqdlLexer.LPAREN);
    private static final Set<Integer> SECTION_STARTS = Set.of(DqdlLexer.METADATA, DqdlLexer.DATA_SOURCES,
            DqdlLexer.DEFAULT_LABELS, DqdlLexer.RULES, DqdlLexer.ANALYZERS);
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(DqdlLexer.IDENTIFIER, "a name"),
            Map.entry(DqdlLexer.STRING, "a quoted string"),
            Map.entry(DqdlLexer.NUMBER, "a number"),
            Map.entry(DqdlLexer.VARIABLE, "a $variable"),
            Map.entry(DqdlLexer.AND, "'and'"),
            Map.entry(DqdlLexer.OR, "'or'"),
            Map.entry(DqdlLexer.OF, "'of'"),
            Map.entry(DqdlLexer.NULL, "NULL"),
            Map.entry(DqdlLexer.EMPTY, "EMPTY"),
            Map.entry(DqdlLexer.WHITESPACES_ONLY, "WHITESPACES_ONLY"),
            Map.entry(Token.EOF, "end of input"));
    private static final Set<String> LOWERCASE_KEYWORDS = Set.of(
            "between", "in", "not", "matches", "where", "with", "labels", "now");
    private static final Set<String> SECTION_NAMES = Set.of(
            "Metadata", "DataSources", "DefaultLabels", "Rules", "Analyzers");

    /**
     * Inside a Rules or Analyzers list, skip to the next ',' or ']' so that one broken rule
     * yields one error and the rules after it are still checked; ANTLR's default would stop at
     * the next name and misread the rest of the list as variable declarations.
     */
    @Override
    protected IntervalSet getErrorRecoverySet(Parser parser) {
        for (ParserRuleContext c = parser.getContext(); c != null; c = c.getParent()) {
            if (c instanceof DqdlParser.RulesSectionContext || c instanceof DqdlParser.AnalyzersSectionContext) {
                return IntervalSet.of(DqdlLexer.COMMA).or(IntervalSet.of(DqdlLexer.RBRACKET))
                        .or(IntervalSet.of(Token.EOF));
            }
        }
        return super.getErrorRecoverySet(parser);
    }

    /**
     * Where the Rules or Analyzers list expects ',' or ']' after an item and finds something
     * else, report it and skip to the next ',' or ']' instead of abandoning the whole list
     * (ANTLR's default at a loop entry), so the items after a broken one are still checked.
     */
    @Override
    public void sync(Parser parser) throws RecognitionException {
        ATNState state = parser.getInterpreter().atn.states.get(parser.getState());
        boolean listLoop = state.getStateType() == ATNState.STAR_LOOP_ENTRY
                && (parser.getContext() instanceof DqdlParser.RulesSectionContext
                || parser.getContext() instanceof DqdlParser.AnalyzersSectionContext);
        if (!listLoop || inErrorRecoveryMode(parser)) {
            super.sync(parser);
            return;
        }
        int next = parser.getInputStream().LA(1);
        IntervalSet nextTokens = parser.getATN().nextTokens(state);
        if (nextTokens.contains(next) || nextTokens.contains(Token.EPSILON)) {
            return;
        }
        if (singleTokenDeletion(parser) != null) {
            return;
        }
        reportUnwantedToken(parser);
        consumeUntil(parser, parser.getExpectedTokens().or(getErrorRecoverySet(parser)));
    }

    /**
     * Never repair an error by deleting a separator or a closing bracket: deleting the ',' in
     * "RowCount >, IsComplete" would glue two rules together and report a confusing second error.
     */
    @Override
    protected Token singleTokenDeletion(Parser parser) {
        int next = parser.getInputStream().LA(1);
        if (next == DqdlLexer.COMMA || next == DqdlLexer.RBRACKET || next == DqdlLexer.RPAREN
                || next == DqdlLexer.RBRACE) {
            return null;
        }
        return super.singleTokenDeletion(parser);
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
    }

    private void report(Parser parser, Token offending, IntervalSet expected) {
        parser.notifyErrorListeners(offending, message(parser.getContext(), offending, expected), null);
    }

    static String message(ParserRuleContext context, Token offending, IntervalSet expected) {
        String found = offending.getType() == Token.EOF ? "end of input" : "'" + offending.getText() + "'";
        String hint = hint(context, offending);
        Set<Integer> types = new LinkedHashSet<>(expected.toList());
        if (context instanceof DqdlParser.VariableDeclarationContext declaration && declaration.name != null
                && types.equals(Set.of(DqdlLexer.EQ))) {
            return "expected '=' after variable name '" + declaration.name.getText() + "', found " + found + hint;
        }
        String listEnd = listContext(context, types);
        if (listEnd != null) {
            return listEnd + ", found " + found + hint;
        }
        return "expected " + describe(types, nameOfIdentifier(context)) + ", found " + found + hint;
    }

    /** A construct that is a comma-separated list: what closes it and what to call it. */
    private record ListKind(Class<? extends ParserRuleContext> context, int closing, String message) {
    }

    /** Innermost first: a list inside a rule is reported as a list, not as the rule. */
    private static final List<ListKind> LISTS = List.of(
            new ListKind(DqdlParser.ListContext.class, DqdlLexer.RBRACKET, "expected ',' or ']' in list"),
            new ListKind(DqdlParser.LabelListContext.class, DqdlLexer.RBRACKET, "expected ',' or ']' in labels"),
            new ListKind(DqdlParser.DictionaryContext.class, DqdlLexer.RBRACE, "expected ',' or '}' in dictionary"),
            new ListKind(DqdlParser.EntryValueContext.class, DqdlLexer.RBRACKET, "expected ',' or ']' in list"),
            new ListKind(DqdlParser.CallContext.class, DqdlLexer.RPAREN, "expected ',' or ')' in function call"),
            new ListKind(DqdlParser.VariableValueContext.class, DqdlLexer.RBRACKET, "expected ',' or ']' in list"),
            new ListKind(DqdlParser.RulesSectionContext.class, DqdlLexer.RBRACKET, "expected ',' or ']' after rule"),
            new ListKind(DqdlParser.AnalyzersSectionContext.class, DqdlLexer.RBRACKET,
                    "expected ',' or ']' after analyzer"));

    /** "expected ',' or ']' after rule" where a list could go on or end. */
    private static String listContext(ParserRuleContext context, Set<Integer> types) {
        if (!types.contains(DqdlLexer.COMMA)) {
            return null;
        }
        for (ParserRuleContext c = context; c != null; c = c.getParent()) {
            for (ListKind kind : LISTS) {
                if (kind.context().isInstance(c) && types.contains(kind.closing())) {
                    return kind.message();
                }
            }
        }
        return null;
    }

    private static String hint(ParserRuleContext context, Token offending) {
        String text = offending.getText();
        if (offending.getType() == DqdlLexer.IDENTIFIER && text != null
                && LOWERCASE_KEYWORDS.contains(text.toLowerCase(Locale.ROOT))) {
            return " (keywords such as '" + text.toLowerCase(Locale.ROOT) + "' are lowercase)";
        }
        for (ParserRuleContext c = context; c != null; c = c.getParent()) {
            if (c instanceof DqdlParser.VariableDeclarationContext declaration && declaration.name != null) {
                String name = declaration.name.getText();
                for (String section : SECTION_NAMES) {
                    if (section.equalsIgnoreCase(name) && !section.equals(name)) {
                        return " (section names are case-sensitive: write '" + section + "')";
                    }
                }
            }
        }
        return "";
    }

    /** What a name stands for where the error is: a rule type in Rules, an analyzer in Analyzers. */
    private static String nameOfIdentifier(ParserRuleContext context) {
        for (ParserRuleContext c = context; c != null; c = c.getParent()) {
            if (c instanceof DqdlParser.ExprContext || c instanceof DqdlParser.ConditionContext
                    || c instanceof DqdlParser.ParameterContext) {
                return "a name";
            }
            if (c instanceof DqdlParser.RulesSectionContext) {
                return "a rule type";
            }
            if (c instanceof DqdlParser.AnalyzersSectionContext) {
                return "an analyzer type";
            }
        }
        return "a name";
    }

    static String describe(Set<Integer> types, String identifierName) {
        List<String> names = new ArrayList<>();
        Set<Integer> rest = new LinkedHashSet<>(types);
        if (rest.containsAll(SECTION_STARTS)) {
            rest.removeAll(SECTION_STARTS);
            rest.remove(DqdlLexer.IDENTIFIER);
            rest.removeAll(Set.of(DqdlLexer.DAYS, DqdlLexer.HOURS, DqdlLexer.MINUTES,
                    DqdlLexer.B, DqdlLexer.KB, DqdlLexer.MB, DqdlLexer.GB, DqdlLexer.TB));
            names.add("a section (Metadata, DataSources, DefaultLabels, Rules, Analyzers) or a variable");
        }
        if (rest.containsAll(CONDITION_STARTS)) {
            rest.removeAll(CONDITION_STARTS);
            names.add("a condition");
        }
        if (rest.containsAll(VALUE_STARTS)) {
            rest.removeAll(VALUE_STARTS);
            rest.remove(DqdlLexer.IDENTIFIER);
            names.add("a value");
        }
        if (rest.size() + names.size() > 1) {
            Set<Integer> trimmed = new LinkedHashSet<>(rest);
            trimmed.removeAll(CONTINUATIONS);
            if (!trimmed.isEmpty() || !names.isEmpty()) {
                rest = trimmed;
            }
        }
        for (int type : rest) {
            names.add(type == DqdlLexer.IDENTIFIER ? identifierName : name(type));
        }
        return join(names);
    }

    private static String name(int type) {
        String name = NAMES.get(type);
        if (name != null) {
            return name;
        }
        String literal = DqdlParser.VOCABULARY.getLiteralName(type);
        return literal != null ? literal : DqdlParser.VOCABULARY.getDisplayName(type);
    }

    private static String join(List<String> names) {
        if (names.isEmpty()) {
            return "nothing more";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
