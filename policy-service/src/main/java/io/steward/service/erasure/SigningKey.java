package io.steward.service.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The service's Ed25519 key for signing erase certificates. It lives in a file readable by its
 * owner only (STEWARD_SIGNING_KEY_FILE, default ~/.steward/signing-key): the private key and the
 * public key as base64 PKCS#8 and X.509 on two lines. Made at the first start when it is missing;
 * a certificate names its key by id (the first 16 hex digits of the public key's SHA-256), so a
 * verifier holding the public key knows it is the one.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class SigningKey {

    private final Path file;
    private final KeyPair pair;

    /** Loaded (or made) as the service starts: a key file it cannot read stops it there, not at the first erase. */
    public SigningKey(@ConfigProperty(name = "steward.signing-key-file") String file) {
        this.file = Path.of(file);
        this.pair = Files.exists(this.file) ? read() : create();
    }

    public String sign(String text) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(pair().getPrivate());
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    /** The public key, base64 X.509, for verifiers. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(pair().getPublic().getEncoded());
    }

    public String id() {
        return keyId(pair().getPublic().getEncoded());
    }

    static String keyId(byte[] publicKey) {
        return sha256Hex(publicKey).substring(0, 16);
    }

    /** Lower-case hex SHA-256, for key ids and the subject's hashes in certificates. */
    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private KeyPair pair() {
        return pair;
    }

    private KeyPair read() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0))));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1))));
            return new KeyPair(publicKey, privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + file, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the signing key " + file + " is not two lines of base64 PKCS#8 and X.509 "
                    + "Ed25519 keys", e);
        }
    }

    /** A new key, written to a hidden file beside the target and renamed into place (owner-only). */
    private KeyPair create() {
        try {
            KeyPair created = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temporary, Base64.getEncoder().encodeToString(created.getPrivate().getEncoded()) + "\n"
                        + Base64.getEncoder().encodeToString(created.getPublic().getEncoded()) + "\n");
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signing key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }
}
