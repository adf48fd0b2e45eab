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
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    /** The text without the characters in drop, upper-cased (ASCII). */
    private static String compact(String text, String drop) {
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (drop.indexOf(c) < 0) {
                kept.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
            }
        }
        return kept.toString();
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
        String iban = compact(text, " \t-");
        Integer length = IBAN_LENGTHS.get(iban.substring(0, Math.min(2, iban.length())));
        if (length == null || iban.length() != length) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
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

    /** DEA registration numbers: (d1+d3+d5) + 2(d2+d4+d6) ends in d7. */
    static boolean dea(String text) {
        String upper = text.toUpperCase(java.util.Locale.ROOT);
        if (upper.length() != 9 || "ABCDEFGHJKLMPRSTUX".indexOf(upper.charAt(0)) < 0) {
            return false;
        }
        String digits = upper.substring(2);
        if (!digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int[] d = digits.chars().map(c -> c - '0').toArray();
        int sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
        return sum % 10 == d[6];
    }

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /** Bitcoin's Base58Check: 25 bytes whose last 4 are the double SHA-256 of the first 21. */
    static boolean base58Check(String text) {
        BigInteger value = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            int digit = BASE58.indexOf(c);
            if (digit < 0) {
                return false;
            }
            value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] raw = value.toByteArray();
        int leadingZeros = 0;
        while (leadingZeros < text.length() && text.charAt(leadingZeros) == '1') {
            leadingZeros++;
        }
        int start = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        int length = raw.length - start + leadingZeros;
        if (length != 25) {
            return false;
        }
        byte[] bytes = new byte[25];
        System.arraycopy(raw, start, bytes, leadingZeros, raw.length - start);
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest(sha.digest(java.util.Arrays.copyOfRange(bytes, 0, 21)));
            return java.util.Arrays.equals(java.util.Arrays.copyOfRange(hash, 0, 4),
                    java.util.Arrays.copyOfRange(bytes, 21, 25));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * EIP-55: a mixed-case Ethereum address carries a checksum in its letters' case (a letter is
     * upper-case where the Keccak-256 of the lower-case address has a nibble of 8 or more). An
     * all-lower or all-upper address has no checksum, so the check cannot say.
     */
    static Validator.Verdict eip55(String text) {
        String hex = text.substring(2);
        if (hex.equals(hex.toLowerCase(java.util.Locale.ROOT)) || hex.equals(hex.toUpperCase(java.util.Locale.ROOT))) {
            return Validator.Verdict.UNKNOWN;
        }
        byte[] lower = hex.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        org.bouncycastle.crypto.digests.KeccakDigest keccak = new org.bouncycastle.crypto.digests.KeccakDigest(256);
        keccak.update(lower, 0, lower.length);
        byte[] hash = new byte[32];
        keccak.doFinal(hash, 0);
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (Character.isLetter(c)) {
                int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
                if (Character.isUpperCase(c) != nibble >= 8) {
                    return Validator.Verdict.INVALID;
                }
            }
        }
        return Validator.Verdict.VALID;
    }

    /** A calendar date someone alive could have been born on (1900 to today). */
    static boolean birthDate(String text) {
        String[] parts = text.split("[-/.]");
        if (parts.length != 3) {
            return false;
        }
        int year;
        int first = Integer.parseInt(parts[0]);
        int second = Integer.parseInt(parts[1]);
        int third = Integer.parseInt(parts[2]);
        java.util.List<int[]> readings = new java.util.ArrayList<>();
        if (parts[0].length() == 4) {
            readings.add(new int[] {first, second, third});
        } else {
            year = third;
            readings.add(new int[] {year, second, first});
            readings.add(new int[] {year, first, second});
        }
        for (int[] ymd : readings) {
            try {
                java.time.LocalDate date = java.time.LocalDate.of(ymd[0], ymd[1], ymd[2]);
                if (date.getYear() >= 1900 && !date.isAfter(java.time.LocalDate.now())) {
                    return true;
                }
            } catch (java.time.DateTimeException e) {
                // Not this reading.
            }
        }
        return false;
    }

    /** National Insurance numbers: HMRC's prefix rules. */
    static boolean nino(String text) {
        String nino = compact(text, " \t");
        if (nino.length() < 8) {
            return false;
        }
        char first = nino.charAt(0);
        char second = nino.charAt(1);
        return "DFIQUV".indexOf(first) < 0 && "DFIOQUV".indexOf(second) < 0
                && !NINO_FORBIDDEN_PREFIXES.contains(nino.substring(0, 2));
    }
}
