package io.steward.dqdl;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects parser errors as diagnostics. The messages themselves are made by
 * {@link FriendlyErrorStrategy}; this keeps one error per position and stays silent at tokens
 * the lexer already reported.
 */
final class SyntaxErrors extends BaseErrorListener {

    private final List<Diagnostic> errors;
    private final Set<Long> reportedPositions = new HashSet<>();

    SyntaxErrors(List<Diagnostic> errors) {
        this.errors = errors;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String message, RecognitionException e) {
        if (offendingSymbol instanceof Token token && LexicalErrors.isErrorToken(token)) {
            return;
        }
        if (reportedPositions.add(((long) line << 32) | charPositionInLine)) {
            errors.add(new Diagnostic(line, charPositionInLine + 1, message));
        }
    }
}
