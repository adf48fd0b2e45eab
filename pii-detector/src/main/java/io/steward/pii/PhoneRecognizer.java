package io.steward.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers found and validated by libphonenumber, trying the regions Steward's users meet
 * most for numbers written without a country code. IP addresses, version strings and dates are
 * shaped like numbers but are not valid phone numbers, so they do not match.
 */
public final class PhoneRecognizer implements Recognizer {

    static final List<String> REGIONS = List.of("US", "GB", "DE", "FR", "NL", "ES", "IT", "IN", "BR", "AU");
    /** Any region whose international call prefix is 00, for numbers that carry their country code. */
    private static final String INTERNATIONAL_REGION = "DE";
    private static final double INTERNATIONAL_SCORE = 0.7;
    private static final double NATIONAL_SCORE = 0.4;
    /**
     * Decimal numbers (774.260000), dotted quads (1.2.3.4) and dates (1984-02-29, 29/02/1984) look
     * like some regions' numbers; they are amounts, addresses, versions and dates.
     */
    private static final Pattern NOT_A_PHONE = Pattern.compile(
            "\\d+(?:\\.\\d+)+|\\d{4}([-/.])\\d{1,2}\\1\\d{1,2}|\\d{1,2}([-/.])\\d{1,2}\\2\\d{2,4}");
    /** A candidate holding a date ("2025-09-16 19" of a timestamp) is a date, whatever follows it. */
    private static final Pattern DATE = Pattern.compile("\\b(?:\\d{4}([-/.])\\d{1,2}\\1\\d{1,2}|\\d{1,2}([-/.])\\d{1,2}\\2\\d{4})\\b");
    /**
     * Runs of digits and the separators phone numbers are written with, not glued to a word
     * ("ORD-123456789"): only these go to libphonenumber, whose matcher is costly to run over
     * whole texts once per region.
     */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\p{L}\\d+_])(?<![\\p{L}\\d][-/])(?:\\+|\\(|00)?\\d[\\d \\u00A0().\\-/]{4,24}\\d");
    /** No phone number has more digits than E.164's 15, plus an international prefix written 00. */
    private static final int MAXIMUM_DIGITS = 17;
    /** A number written without its country code has at most 12 digits, plus a trunk and a carrier prefix. */
    private static final int MAXIMUM_NATIONAL_DIGITS = 14;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final ContextWords context = ContextWords.supporting("phone", "tel", "telephone", "mobile", "cell",
            "fax", "contact", "call").opposing("order", "invoice", "id", "version", "sku", "passport", "account", "acct",
            "iban", "ssn", "card", "license", "licence");

    @Override
    public EntityType type() {
        return EntityType.PHONE_NUMBER;
    }

    @Override
    public String name() {
        return "PhoneRecognizer";
    }

    /** No phone number anywhere has fewer digits than this, so shorter texts skip the parser. */
    private static final int MINIMUM_DIGITS = 7;

    @Override
    public boolean mayMatch(TextShape shape) {
        return shape.digits() >= MINIMUM_DIGITS;
    }

    @Override
    public List<Finding> analyze(String text, Context where) {
        Map<Integer, Finding> byStart = new LinkedHashMap<>();
        Matcher candidates = CANDIDATE.matcher(text);
        while (candidates.find()) {
            String candidate = candidates.group();
            long digits = candidate.chars().filter(c -> c >= '0' && c <= '9').count();
            if (digits < MINIMUM_DIGITS || digits > MAXIMUM_DIGITS || NOT_A_PHONE.matcher(candidate).matches()
                    || DATE.matcher(candidate).find()) {
                continue;
            }
            // A number written with its country code reads the same from any region, so it is
            // parsed once (from a region whose international prefix is 00); only national numbers
            // are tried region by region. libphonenumber costs ~25 us a try.
            String first = candidate.charAt(0) == '(' && candidate.length() > 1 ? candidate.substring(1) : candidate;
            boolean international = first.startsWith("+") || first.startsWith("00");
            if (!international && digits > MAXIMUM_NATIONAL_DIGITS) {
                continue;
            }
            for (String region : international ? List.of(INTERNATIONAL_REGION) : REGIONS) {
                for (PhoneNumberMatch match : util.findNumbers(candidate, region, PhoneNumberUtil.Leniency.VALID,
                        Long.MAX_VALUE)) {
                    int start = candidates.start() + match.start();
                    if (byStart.containsKey(start) || NOT_A_PHONE.matcher(match.rawString()).matches()) {
                        continue;
                    }
                    score(text, start, match, region, where).ifPresent(f -> byStart.put(start, f));
                }
            }
        }
        return new ArrayList<>(byStart.values());
    }

    private Optional<Finding> score(String text, int start, PhoneNumberMatch match, String region, Context where) {
        boolean international = match.rawString().startsWith("+") || match.rawString().startsWith("00");
        double base = international ? INTERNATIONAL_SCORE : NATIONAL_SCORE;
        return context.find(text, start, where).finding(EntityType.PHONE_NUMBER, start,
                start + match.rawString().length(), base, name(), international ? "international (libphonenumber)"
                        : "national, region " + region + " (libphonenumber)", base, Optional.of(true));
    }
}
