package io.steward.service.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Bearer tokens verified once. Quarkus OIDC checks a JWT's signature and claims on every
 * request, parsing the token anew each time: on a cached access decision that was most of the
 * work and about 250 kB of garbage per request. Here the first request with a token goes
 * through OIDC as before; the identity OIDC gives it is then kept (see Recorder) under the
 * token's exact text until the token expires, and later requests with that token get it from
 * here. A token OIDC refused is never kept, so it is checked, and refused, every time.
 *
 * <p>Keeping a verified token changes nothing a token can do: a JWT verified locally is valid
 * until it expires whether it is verified once or on every request.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** More tokens than live at once in one team's lake; beyond it the least used go first. */
    static final int CAPACITY = 10_000;

    private record Verified(SecurityIdentity identity, Instant expires) {
    }

    private final Clock clock;
    private final Cache<String, Verified> verified;

    public VerifiedTokens() {
        this(Clock.systemUTC());
    }

    VerifiedTokens(Clock clock) {
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(CAPACITY).expireAfter(new Expiry<String, Verified>() {
            @Override
            public long expireAfterCreate(String token, Verified entry, long currentTime) {
                return Math.max(0, Duration.between(clock.instant(), entry.expires()).toNanos());
            }

            @Override
            public long expireAfterUpdate(String token, Verified entry, long currentTime, long currentDuration) {
                return expireAfterCreate(token, entry, currentTime);
            }

            @Override
            public long expireAfterRead(String token, Verified entry, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before OIDC's provider, which keeps the default priority (providers with the higher one are
     * asked first); answering nothing hands the request on to it.
     */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity known = identity(request.getToken().getToken());
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        // The identity as OIDC made it, with this request's routing context in place of the first one's.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(known)
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, HttpSecurityUtils.getRoutingContextAttribute(request))
                .build());
    }

    /** The identity of a token seen verified and not yet expired, or null. */
    SecurityIdentity identity(String token) {
        Verified entry = verified.getIfPresent(token);
        return entry != null && clock.instant().isBefore(entry.expires()) ? entry.identity() : null;
    }

    /** Keeps a verified identity until its token expires; one without a token or an expiry is not kept. */
    void record(SecurityIdentity identity) {
        // JsonWebToken.getExpirationTime() unboxes the claim, and fails when there is none.
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || !(jwt.getClaim(Claims.exp.name()) instanceof Number exp)) {
            return;
        }
        TokenCredential token = identity.getCredential(TokenCredential.class);
        if (token == null || token.getToken() == null || identity(token.getToken()) != null) {
            return;
        }
        Instant expires = Instant.ofEpochSecond(exp.longValue());
        if (clock.instant().isBefore(expires)) {
            // The first request's routing context is not kept: it would hold that request until the token expires.
            verified.put(token.getToken(), new Verified(QuarkusSecurityIdentity.builder(identity)
                    .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, null).build(), expires));
        }
    }

    /** Sees each identity last, after every other augmentor, and keeps the verified ones. */
    @ApplicationScoped
    public static class Recorder implements SecurityIdentityAugmentor {

        @Inject
        VerifiedTokens tokens;

        @Override
        public int priority() {
            return Integer.MIN_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            tokens.record(identity);
            return Uni.createFrom().item(identity);
        }
    }
}
