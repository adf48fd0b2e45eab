package io.steward.cli;

import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ParseResult;
import io.steward.dqdl.ast.Ruleset;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reading rulesets strictly (UTF-8, clear errors) and replacing files atomically. */
final class RulesetFiles {

    private RulesetFiles() {
    }

    static String read(Path file) {
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": is a directory, expected a ruleset file");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InputException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and parses a ruleset file; when it is invalid, prints each error as
     * FILE:LINE:COL: error: MESSAGE and returns nothing, leaving the exit code to the caller.
     */
    static Optional<Ruleset> parse(Path file, PrintWriter err) {
        ParseResult result = Dqdl.parse(read(file));
        if (!result.isValid()) {
            result.errors().forEach(e -> err.println(e.format(file.toString())));
            return Optional.empty();
        }
        return result.ruleset();
    }

    /** Replaces a file's contents atomically: a reader never sees half a file. */
    static void replace(Path file, String content) {
        AtomicOutput.writeFile(file, out -> out.write(content));
    }
}
