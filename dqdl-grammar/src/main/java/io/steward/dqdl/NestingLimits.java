package io.steward.dqdl;

import io.steward.dqdl.grammar.DqdlLexer;
import org.antlr.v4.runtime.Token;

import java.util.List;

/**
 * Bounds on how deeply a ruleset may nest, checked on the tokens before parsing. The parser,
 * AST builder, validator and printer are recursive; without these bounds a hostile or generated
 * input (thousands of parentheses) would overflow the stack instead of getting an error. The
 * limits are far above anything a person writes.
 */
final class NestingLimits {

    static final int MAX_DEPTH = 100;
    static final int MAX_OPERATORS_PER_RULE = 1000;

    private NestingLimits() {
    }

    /** Adds an error and returns false when a limit is exceeded. */
    static boolean check(List<Token> tokens, List<Diagnostic> errors) {
        int depth = 0;
        int minusRun = 0;
        int operators = 0;
        for (Token token : tokens) {
            if (token.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            switch (token.getType()) {
                case DqdlLexer.LPAREN, DqdlLexer.LBRACKET, DqdlLexer.LBRACE -> depth++;
                case DqdlLexer.RPAREN, DqdlLexer.RBRACKET, DqdlLexer.RBRACE -> depth = Math.max(0, depth - 1);
                case DqdlLexer.COMMA -> operators = 0;
                case DqdlLexer.AND, DqdlLexer.OR -> operators++;
                default -> {
                }
            }
            minusRun = token.getType() == DqdlLexer.MINUS ? minusRun + 1 : 0;
            if (depth + minusRun > MAX_DEPTH) {
                errors.add(at(token, "nested more than " + MAX_DEPTH + " levels deep"));
                return false;
            }
            if (operators > MAX_OPERATORS_PER_RULE) {
                errors.add(at(token, "a composite rule may combine at most " + MAX_OPERATORS_PER_RULE
                        + " rules with 'and' / 'or'"));
                return false;
            }
        }
        return true;
    }

    private static Diagnostic at(Token token, String message) {
        return new Diagnostic(token.getLine(), token.getCharPositionInLine() + 1, message);
    }
}
