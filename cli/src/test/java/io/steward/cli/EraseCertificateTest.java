package io.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `steward erase verify-certificate`: a certificate's signature holds, and any change to it is caught. */
class EraseCertificateTest {

    @TempDir
    Path directory;

    @Test
    void aSignedCertificateVerifiesAndAChangedOneDoesNot() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String body = "{\"certificate\":\"GDPR erasure completion\",\"eraseRequest\":12,\"legalBasis\":\"GDPR Art. 17\","
                + "\"results\":[{\"dataset\":\"file:contacts\",\"before\":3,\"after\":1,\"erased\":2,\"action\":\"delete\"}],"
                + "\"issuedBy\":\"otto\",\"issuedAt\":\"2026-11-27T17:00:00Z\",\"keyId\":\"k1\"}";
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(body.getBytes(StandardCharsets.UTF_8));
        String signature = Base64.getEncoder().encodeToString(signer.sign());
        ObjectMapper json = new ObjectMapper();
        Path file = directory.resolve("certificate.json");
        Files.writeString(file, json.writeValueAsString(Map.of("body", body, "signature", signature, "keyId", "k1",
                "algorithm", "Ed25519")));
        String publicKey = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());

        String[] valid = Commands.run("erase", "verify-certificate", file.toString(), "--public-key", publicKey);
        assertThat(valid[0]).isEqualTo("0");
        assertThat(valid[1]).contains("valid, signed by key k1: erase request 12 completed (GDPR Art. 17), "
                + "1 datasets rewritten, issued 2026-11-27T17:00:00Z by otto");

        Path changed = directory.resolve("changed.json");
        Files.writeString(changed, Files.readString(file).replace("\\\"erased\\\":2", "\\\"erased\\\":0"));
        assertThat(Files.readString(changed)).isNotEqualTo(Files.readString(file));
        String[] refused = Commands.run("erase", "verify-certificate", changed.toString(), "--public-key", publicKey);
        assertThat(refused[0]).isEqualTo("1");
        assertThat(refused[1]).contains("the signature does NOT hold");

        String other = Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
                .getPublic().getEncoded());
        assertThat(Commands.run("erase", "verify-certificate", file.toString(), "--public-key", other)[0]).isEqualTo("1");
        assertThat(Commands.run("erase", "verify-certificate", file.toString())[0]).isEqualTo("2");
    }
}
