package io.steward.dqdl;

import io.steward.dqdl.ast.Analyzer;
import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.RuleNode;
import io.steward.dqdl.ast.Ruleset;
import io.steward.dqdl.catalogue.RuleCatalogue;
import io.steward.dqdl.grammar.DqdlLexer;
import io.steward.dqdl.grammar.DqdlParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entry point: parse and validate DQDL text, print a ruleset in canonical form.
 *
 * <pre>{@code
 * ParseResult result = Dqdl.parse(text);
 * result.errors().forEach(e -> System.err.println(e.format("rules.dqdl")));
 * }</pre>
 *
 * Parsing never throws on bad input: every problem comes back as a positioned {@link Diagnostic}.
 */
public final class Dqdl {

    private Dqdl() {
    }

    public static ParseResult parse(String text) {
        return parse(text, RuleCatalogue.standard());
    }

    public static ParseResult parse(String text, RuleCatalogue catalogue) {
        List<Diagnostic> errors = new ArrayList<>();
        DqdlLexer lexer = new DqdlLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        LexicalErrors.check(tokens.getTokens(), errors);
        if (!NestingLimits.check(tokens.getTokens(), errors)) {
            return new ParseResult(Optional.empty(), errors);
        }

        DqdlParser parser = new DqdlParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrors(errors));
        parser.setErrorHandler(new FriendlyErrorStrategy());
        // SLL is enough for this grammar on valid input and much faster; fall back to full LL
        // only when SLL reports a problem, so the error messages come from the exact algorithm.
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        int before = errors.size();
        DqdlParser.DocumentContext tree = parser.document();
        if (errors.size() > before) {
            errors.subList(before, errors.size()).clear();
            tokens.seek(0);
            parser.reset();
            parser.removeErrorListeners();
            parser.addErrorListener(new SyntaxErrors(errors));
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            tree = parser.document();
        }
        if (!errors.isEmpty()) {
            return new ParseResult(Optional.empty(), errors);
        }
        Ruleset ruleset = new AstBuilder(tokens, errors).document(tree);
        new Validator(catalogue, errors).validate(ruleset);
        return new ParseResult(Optional.of(ruleset), errors);
    }

    /** The canonical text of a ruleset: stable layout, comments kept, valid DQDL. */
    public static String format(Ruleset ruleset) {
        return new Printer().print(ruleset);
    }

    /** One rule (or composite) as it appears on its line of the Rules list. */
    public static String format(RuleNode rule) {
        return Printer.topLevel(rule);
    }

    /** A condition, e.g. "between 1 and 10". */
    public static String format(Condition condition) {
        return Printer.condition(condition);
    }

    /** An analyzer with its parameters, e.g. Completeness "id". */
    public static String format(Analyzer analyzer) {
        return Printer.analyzer(analyzer);
    }
}
