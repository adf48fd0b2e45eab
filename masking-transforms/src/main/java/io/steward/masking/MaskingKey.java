package io.steward.masking;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The secret behind HASH and TOKENIZE, base64 in a key file or an environment variable. Its id
 * (a SHA-256 fingerprint) is safe to record with masked output, so keys can be rotated; the
 * secret never appears in logs, messages or toString.
 */
public final class MaskingKey implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final String ENVIRONMENT_VARIABLE = "STEWARD_MASKING_KEY";
    private static final int MINIMUM_BYTES = 16;

    private final byte[] secret;
    private final String id;
    /**
     * Derived keys by purpose: deriving costs an HMAC, which FF1 would otherwise pay per value.
     * Transient and rebuilt lazily after the key is shipped to a Spark executor.
     */
    private transient volatile ConcurrentMap<String, byte[]> derived;

    private MaskingKey(byte[] secret) {
        if (secret.length < MINIMUM_BYTES) {
            throw new IllegalArgumentException("a masking key needs at least " + MINIMUM_BYTES + " bytes, found "
                    + secret.length);
        }
        this.secret = secret.clone();
        try {
            byte[] fingerprint = MessageDigest.getInstance("SHA-256").digest(secret);
            this.id = "k-" + HexFormat.of().formatHex(fingerprint, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static MaskingKey of(byte[] secret) {
        return new MaskingKey(secret);
    }

    /** A key file holds the base64 secret on its first line. */
    public static MaskingKey fromFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).lines().findFirst().orElse("").strip();
        return new MaskingKey(decode(text, file.toString()));
    }

    /** From STEWARD_MASKING_KEY (base64). */
    public static MaskingKey fromEnvironment(Map<String, String> environment) {
        String text = environment.get(ENVIRONMENT_VARIABLE);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " is not set");
        }
        return new MaskingKey(decode(text.strip(), ENVIRONMENT_VARIABLE));
    }

    /**
     * The key a command or service is configured with: from the file when one is named, else from
     * STEWARD_MASKING_KEY when it is set, else none (keyed transforms then refuse, naming both).
     */
    public static java.util.Optional<MaskingKey> configured(Path file, Map<String, String> environment)
            throws IOException {
        if (file != null) {
            return java.util.Optional.of(fromFile(file));
        }
        String text = environment.get(ENVIRONMENT_VARIABLE);
        return text == null || text.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(fromEnvironment(environment));
    }

    private static byte[] decode(String base64, String source) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": the masking key is not base64");
        }
    }

    /** The fingerprint recorded with masked output. */
    public String id() {
        return id;
    }

    /** HMAC-SHA256 of the value under the secret: standard, so any engine can reproduce it. */
    byte[] hmac(byte[] message) {
        return hmac(secret, message);
    }

    /** A key for one purpose, derived from the secret, so HASH and TOKENIZE never share key bytes. */
    byte[] derive(String purpose, int length) {
        ConcurrentMap<String, byte[]> cache = derived;
        if (cache == null) {
            cache = new ConcurrentHashMap<>();
            derived = cache;
        }
        return cache.computeIfAbsent(purpose + "/" + length, k -> Arrays.copyOf(
                hmac(secret, ("steward:" + purpose).getBytes(StandardCharsets.UTF_8)), length)).clone();
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "MaskingKey[" + id + "]";
    }
}
