package io.steward.dqdl.ast;

/**
 * Where a node starts in the source: 1-based line and column (a tab counts as one column).
 *
 * <p>A position is metadata, not part of a node's value: all positions are equal to each other,
 * so two trees that differ only in layout are equal. That is what lets the round-trip test say
 * {@code parse(print(ast)).equals(ast)} while every node still knows where it came from.
 */
public record Position(int line, int column) implements Comparable<Position> {

    /** For nodes built in code rather than parsed. */
    public static final Position NONE = new Position(0, 0);

    @Override
    public boolean equals(Object other) {
        return other instanceof Position;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public int compareTo(Position other) {
        return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
