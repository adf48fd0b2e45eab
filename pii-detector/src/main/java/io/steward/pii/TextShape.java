package io.steward.pii;

/**
 * A one-pass census of a text (how many digits, letters, dots, colons; which ASCII marks it
 * holds) that lets a recognizer skip texts it cannot match before running any regular
 * expression: most cells of a table hold no email, card or address at all.
 */
public record TextShape(int length, int digits, int longestDigitRun, int letters, int upperCase, int dots, int colons,
                        long marksLow, long marksHigh) {

    public static TextShape of(String text) {
        int digits = 0;
        int run = 0;
        int longestRun = 0;
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
        return new TextShape(text.length(), digits, longestRun, letters, upper, dots, colons, low, high);
    }

    /** Whether the text holds the ASCII character c (digits and letters are counted, not marked). */
    public boolean has(char c) {
        if (c < 64) {
            return (marksLow & (1L << c)) != 0;
        }
        return c < 128 && (marksHigh & (1L << (c - 64))) != 0;
    }
}
