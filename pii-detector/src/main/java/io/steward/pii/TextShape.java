package io.steward.pii;

/**
 * A one-pass census of a text (how many digits, letters, dots, colons; which ASCII marks it
 * holds) that lets a recognizer skip texts it cannot match before running any regular
 * expression: most cells of a table hold no email, card or address at all.
 */
public record TextShape(int length, int digits, int longestDigitRun, int digitRunLengths, int letters, int upperCase,
                        int dots, int colons, long marksLow, long marksHigh) {

    public static TextShape of(String text) {
        int digits = 0;
        int run = 0;
        int longestRun = 0;
        int runLengths = 0;
        int letters = 0;
        int upper = 0;
        int dots = 0;
        int colons = 0;
        long low = 0;
        long high = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                longestRun = Math.max(longestRun, ++run);
                continue;
            }
            runLengths |= runBit(run);
            run = 0;
            if (c >= 'a' && c <= 'z') {
                letters++;
            } else if (c >= 'A' && c <= 'Z') {
                letters++;
                upper++;
            } else if (c < 64) {
                low |= 1L << c;
                if (c == '.') {
                    dots++;
                } else if (c == ':') {
                    colons++;
                }
            } else if (c < 128) {
                high |= 1L << (c - 64);
            } else if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
            }
        }
        runLengths |= runBit(run);
        return new TextShape(text.length(), digits, longestRun, runLengths, letters, upper, dots, colons, low, high);
    }

    /** Bit n for a run of n digits (n < 31), bit 31 for longer runs, nothing for no run. */
    private static int runBit(int run) {
        return run == 0 ? 0 : 1 << Math.min(run, 31);
    }

    /** Whether some run of consecutive digits is exactly this long ("415 555 1234" has runs of 3 and 4). */
    public boolean hasDigitRun(int length) {
        return (digitRunLengths & runBit(length)) != 0;
    }

    /** Whether some run of consecutive digits is between min and max long, inclusive (max below 31). */
    public boolean hasDigitRunBetween(int min, int max) {
        int mask = ((1 << (max + 1)) - 1) & ~((1 << min) - 1);
        return (digitRunLengths & mask) != 0;
    }

    /** Whether the text holds the ASCII character c (digits and letters are counted, not marked). */
    public boolean has(char c) {
        if (c < 64) {
            return (marksLow & (1L << c)) != 0;
        }
        return c < 128 && (marksHigh & (1L << (c - 64))) != 0;
    }
}
