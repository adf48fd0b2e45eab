package io.steward.dqdl;

import io.steward.dqdl.grammar.DqdlLexer;
import org.antlr.v4.runtime.Token;

import java.util.List;

/** Reports tokens the lexer could only match as errors: stray characters, unclosed strings. */
final class LexicalErrors {

    private LexicalErrors() {
    }

    static boolean isErrorToken(Token token) {
        return token.getType() == DqdlLexer.ERROR_CHARACTER || token.getType() == DqdlLexer.UNTERMINATED_STRING;
    }

    static void check(List<Token> tokens, List<Diagnostic> errors) {
        for (Token token : tokens) {
            if (token.getType() == DqdlLexer.UNTERMINATED_STRING) {
                errors.add(new Diagnostic(token.getLine(), token.getCharPositionInLine() + 1,
                        "unterminated string: no closing '\"' before the end of the input"));
            } else if (token.getType() == DqdlLexer.ERROR_CHARACTER) {
                errors.add(new Diagnostic(token.getLine(), token.getCharPositionInLine() + 1,
                        "unexpected character " + describeCharacter(token.getText())));
            }
        }
    }

    private static String describeCharacter(String text) {
        int codePoint = text.codePointAt(0);
        if (codePoint == '\'') {
            return "''' (strings are written in double quotes)";
        }
        if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)) {
            return String.format("U+%04X", codePoint);
        }
        return "'" + text + "'";
    }
}
