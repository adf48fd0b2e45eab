package io.steward.service.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a client needs before it has a token: where to get one. The one endpoint open to anonymous
 * callers, and outside /api on purpose; it tells nothing about the data.
 */
@Path("/config")
public class ConfigResource {

    /** The OIDC issuer tokens must come from, the public client the CLI logs in with, and the web UI's. */
    public record ClientConfig(String issuer, String clientId, String uiClientId) {
    }

    private final ClientConfig config;

    public ConfigResource(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer,
                          @ConfigProperty(name = "steward.oidc.cli-client-id", defaultValue = "steward-cli") String cliClient,
                          @ConfigProperty(name = "steward.oidc.ui-client-id", defaultValue = "steward-ui") String uiClient) {
        this.config = new ClientConfig(issuer, cliClient, uiClient);
    }

    @GET
    @PermitAll
    public ClientConfig config() {
        return config;
    }
}
