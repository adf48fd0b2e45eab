package io.steward.dqdl.ast;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code #} comments around one item of a ruleset, kept so that {@code steward fmt} never
 * drops what a person wrote: the lines above the item and the comment ending its line.
 * Texts are stored without the leading {@code #} and surrounding blanks.
 */
public record Comments(List<String> leading, Optional<String> trailing) {

    public static final Comments NONE = new Comments(List.of(), Optional.empty());

    public Comments {
        leading = List.copyOf(leading);
        requireNonNull(trailing, "trailing");
    }
}
