package io.steward.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers found and validated by libphonenumber, trying the regions Steward's users meet
 * most for numbers written without a country code. IP addresses, version strings and dates are
 * shaped like numbers but are not valid phone numbers, so they do not match.
 */
public final class PhoneRecognizer implements Recognizer {

    static final List<String> REGIONS = List.of("US", "GB", "DE", "FR", "NL", "ES", "IT", "IN", "BR", "AU");
    private static final double INTERNATIONAL_SCORE = 0.7;
    private static final double NATIONAL_SCORE = 0.4;
    /** Dotted quads (1.2.3.4) look like some regions' numbers; they are addresses or versions. */
    private static final Pattern DOTTED = Pattern.compile("\\d+(?:\\.\\d+){2,}");

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
    public List<Finding> analyze(String text, Context where) {
        if (text.chars().filter(c -> c >= '0' && c <= '9').count() < MINIMUM_DIGITS) {
            return List.of();
        }
        Map<Integer, Finding> byStart = new LinkedHashMap<>();
        for (String region : REGIONS) {
            for (PhoneNumberMatch match : util.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID,
                    Long.MAX_VALUE)) {
                if (byStart.containsKey(match.start()) || DOTTED.matcher(match.rawString()).matches()) {
                    continue;
                }
                score(text, match, region, where).ifPresent(f -> byStart.put(match.start(), f));
            }
        }
        return new ArrayList<>(byStart.values());
    }

    private Optional<Finding> score(String text, PhoneNumberMatch match, String region, Context where) {
        boolean international = match.rawString().startsWith("+") || match.rawString().startsWith("00");
        double base = international ? INTERNATIONAL_SCORE : NATIONAL_SCORE;
        ContextWords.Found found = context.find(text, match.start(), where);
        double boost = (found.supporting().isEmpty() ? 0 : ContextWords.BOOST)
                - (found.opposing().isEmpty() ? 0 : ContextWords.BOOST);
        double score = Math.max(0, Math.min(1, base + boost));
        if (score == 0) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(found.supporting());
        found.opposing().forEach(w -> words.add("-" + w));
        return Optional.of(new Finding(EntityType.PHONE_NUMBER, match.start(), match.end(), score,
                new Explanation(name(), international ? "international (libphonenumber)" : "national, region "
                        + region + " (libphonenumber)", base, Optional.of(true), words, boost)));
    }
}
