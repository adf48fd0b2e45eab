package io.steward.service.api;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = NOW;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private record Jwt(String name, Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String claim) {
            return (T) claims.get(claim);
        }
    }

    private static SecurityIdentity identity(String token, Long expires) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new Jwt("analyst", expires == null ? Map.of() : Map.of("exp", expires)))
                .addRole(Roles.ANALYST).addCredential(new AccessTokenCredential(token)).build();
    }

    @Test
    void aVerifiedTokenIsKnownUntilItExpiresAndNoLonger() {
        MovingClock clock = new MovingClock();
        VerifiedTokens tokens = new VerifiedTokens(clock);
        assertThat(tokens.identity("a.b.c")).isNull();
        tokens.record(identity("a.b.c", NOW.plus(Duration.ofMinutes(5)).getEpochSecond()));
        SecurityIdentity known = tokens.identity("a.b.c");
        assertThat(known.getRoles()).containsExactly(Roles.ANALYST);
        assertThat(known.getPrincipal().getName()).isEqualTo("analyst");
        assertThat(tokens.identity("a.b.d")).as("another token, however close").isNull();
        clock.now = NOW.plus(Duration.ofMinutes(5)).minusSeconds(1);
        assertThat(tokens.identity("a.b.c")).isNotNull();
        clock.now = NOW.plus(Duration.ofMinutes(5));
        assertThat(tokens.identity("a.b.c")).isNull();
    }

    /** OIDC's own provider keeps the default priority; the one asked first is the one with the higher. */
    @Test
    void itIsAskedBeforeOidcsProvider() {
        IdentityProvider<TokenAuthenticationRequest> withDefaultPriority = new IdentityProvider<>() {
            @Override
            public Class<TokenAuthenticationRequest> getRequestType() {
                return TokenAuthenticationRequest.class;
            }

            @Override
            public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                                                      AuthenticationRequestContext context) {
                return Uni.createFrom().nullItem();
            }
        };
        assertThat(new VerifiedTokens().priority()).isGreaterThan(withDefaultPriority.priority());
    }

    @Test
    void identitiesWithoutAnExpiryOrAlreadyExpiredOrAnonymousAreNotKept() {
        VerifiedTokens tokens = new VerifiedTokens(new MovingClock());
        tokens.record(identity("no.exp.claim", null));
        tokens.record(identity("expired.long.ago", NOW.minusSeconds(1).getEpochSecond()));
        tokens.record(QuarkusSecurityIdentity.builder().setAnonymous(true).build());
        assertThat(tokens.identity("no.exp.claim")).isNull();
        assertThat(tokens.identity("expired.long.ago")).isNull();
    }
}
