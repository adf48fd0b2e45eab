package io.steward.pii;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

/** The validators of the built-in recognizers. */
final class Checksums {

    /** IBAN lengths by country (ISO 13616 registry), for the countries Steward's users meet most. */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AT", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("CH", 21),
            Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("EE", 20),
            Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GR", 27),
            Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27),
            Map.entry("MT", 31), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25),
            Map.entry("RO", 24), Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27),
            Map.entry("TR", 26), Map.entry("AE", 23), Map.entry("SA", 24), Map.entry("IL", 23), Map.entry("BR", 29));

    private static final Set<String> NINO_FORBIDDEN_PREFIXES = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

    private Checksums() {
    }

    static String digits(String text) {
        return text.replaceAll("\\D", "");
    }

    /** The Luhn (mod 10) check of card numbers. */
    static boolean luhn(String text) {
        String digits = digits(text);
        if (digits.length() < 12 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: the registered length of the country, and mod 97 of the rearranged number is 1. */
    static boolean iban(String text) {
        String iban = text.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
        Integer length = IBAN_LENGTHS.get(iban.substring(0, Math.min(2, iban.length())));
        if (length == null || iban.length() != length) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /** SSA rules: no area 000, 666 or 9xx, no group 00, no serial 0000, no well-known fakes. */
    static boolean usSsn(String text) {
        String digits = digits(text);
        if (digits.length() != 9 || digits.chars().distinct().count() == 1) {
            return false;
        }
        int area = Integer.parseInt(digits.substring(0, 3));
        int group = Integer.parseInt(digits.substring(3, 5));
        int serial = Integer.parseInt(digits.substring(5));
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
                && !digits.equals("123456789") && !digits.equals("078051120");
    }

    /** NHS numbers: 10 digits, the last a mod-11 check digit (10 is never valid). */
    static boolean nhs(String text) {
        String digits = digits(text);
        if (digits.length() != 10) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == digits.charAt(9) - '0';
    }

    /**
     * RFC 5321 shape rules a regular expression does not catch: no leading, trailing or double
     * dot in the local part, and domain labels that neither start nor end with a hyphen.
     */
    static boolean email(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at > 64) {
            return false;
        }
        String local = text.substring(0, at);
        String domain = text.substring(at + 1);
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
        }
        return true;
    }

    /** National Insurance numbers: HMRC's prefix rules. */
    static boolean nino(String text) {
        String nino = text.replaceAll("\\s", "").toUpperCase(java.util.Locale.ROOT);
        if (nino.length() < 8) {
            return false;
        }
        char first = nino.charAt(0);
        char second = nino.charAt(1);
        return "DFIQUV".indexOf(first) < 0 && "DFIOQUV".indexOf(second) < 0
                && !NINO_FORBIDDEN_PREFIXES.contains(nino.substring(0, 2));
    }
}
