package io.steward.atlas;

import com.fasterxml.jackson.jaxrs.json.JacksonJaxbJsonProvider;
import com.sun.jersey.api.client.Client;
import com.sun.jersey.api.client.ClientHandlerException;
import com.sun.jersey.api.client.ClientRequest;
import com.sun.jersey.api.client.ClientResponse;
import com.sun.jersey.api.client.config.ClientConfig;
import com.sun.jersey.api.client.config.DefaultClientConfig;
import com.sun.jersey.api.client.filter.ClientFilter;
import com.sun.jersey.api.client.filter.HTTPBasicAuthFilter;
import org.apache.atlas.AtlasClientV2;
import org.apache.atlas.AtlasServiceException;
import org.apache.atlas.model.SearchFilter;
import org.apache.atlas.model.instance.AtlasClassification;
import org.apache.atlas.model.instance.AtlasEntity.AtlasEntitiesWithExtInfo;
import org.apache.atlas.model.instance.EntityMutationResponse;
import org.apache.atlas.model.typedef.AtlasTypeDefHeader;
import org.apache.atlas.model.typedef.AtlasTypesDef;
import org.apache.commons.configuration.BaseConfiguration;
import org.apache.commons.configuration.Configuration;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Atlas' v2 REST API through its own client (AtlasClientV2), over a Jersey client this class
 * builds: basic auth or a bearer token, timeouts, and no Kerberos or Hadoop configuration. Every
 * call is retried on a server error (5xx) or a broken connection, with growing pauses; a refusal
 * (401, 403), a missing resource (404) and any other client error end the sync with a message
 * that says what to fix.
 */
final class AtlasGateway implements AutoCloseable {

    /** Credentials: a user and password (basic auth), or a bearer token, or neither. */
    record Auth(String user, String password, String token) {
    }

    /** How often and after what pauses a failed call is tried again. */
    record Retry(int attempts, Duration firstPause) {
        static final Retry DEFAULT = new Retry(4, Duration.ofSeconds(1));
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws AtlasServiceException;
    }

    private final String url;
    private final Client client;
    private final AtlasClientV2 atlas;
    private final Retry retry;

    AtlasGateway(String url, Auth auth, Retry retry) {
        this.url = url.replaceAll("/+$", "");
        this.retry = retry;
        DefaultClientConfig config = new DefaultClientConfig();
        config.getFeatures().put("com.sun.jersey.api.json.POJOMappingFeature", true);
        config.getClasses().add(JacksonJaxbJsonProvider.class);
        config.getProperties().put(ClientConfig.PROPERTY_CONNECT_TIMEOUT, 10_000);
        config.getProperties().put(ClientConfig.PROPERTY_READ_TIMEOUT, 120_000);
        client = Client.create(config);
        if (auth.token() != null) {
            client.addFilter(new ClientFilter() {
                @Override
                public ClientResponse handle(ClientRequest request) {
                    request.getHeaders().putSingle("Authorization", "Bearer " + auth.token());
                    return getNext().handle(request);
                }
            });
        } else if (auth.user() != null) {
            client.addFilter(new HTTPBasicAuthFilter(auth.user(), auth.password() == null ? "" : auth.password()));
        }
        // The client's own retry loop (on 503 only, 5 s apart) is turned off: call() retries.
        Configuration settings = new BaseConfiguration();
        settings.setProperty("atlas.client.ha.retries", 1);
        settings.setProperty("atlas.client.ha.sleep.interval.ms", 0);
        atlas = new AtlasClientV2(client.resource(this.url), settings);
    }

    /** The names of every type Atlas defines. */
    Set<String> typeNames() {
        return call("read the type definitions", () -> {
            Set<String> names = new TreeSet<>();
            // Declared as headers, read by the client as a raw List: its elements are JSON maps.
            for (Object header : (List<?>) atlas.getAllTypeDefHeaders(new SearchFilter())) {
                names.add(header instanceof AtlasTypeDefHeader h ? h.getName()
                        : String.valueOf(((java.util.Map<?, ?>) header).get("name")));
            }
            return names;
        });
    }

    void createTypes(AtlasTypesDef types) {
        call("create Steward's type definitions", () -> atlas.createAtlasTypeDefs(types));
    }

    /** Creates or updates (by qualifiedName) the entities, in one request. */
    EntityMutationResponse upsert(AtlasEntitiesWithExtInfo entities) {
        return call("write " + entities.getEntities().size() + " entities", () -> atlas.createEntities(entities));
    }

    void delete(List<String> guids) {
        call("delete " + guids.size() + " entities", () -> atlas.deleteEntitiesByGuids(guids));
    }

    void addClassifications(String guid, List<AtlasClassification> classifications) {
        call("classify entity " + guid, () -> {
            atlas.addClassifications(guid, classifications);
            return null;
        });
    }

    void updateClassifications(String guid, List<AtlasClassification> classifications) {
        call("update the classifications of entity " + guid, () -> {
            atlas.updateClassifications(guid, classifications);
            return null;
        });
    }

    void removeClassification(String guid, String name) {
        call("remove " + name + " from entity " + guid, () -> {
            atlas.deleteClassification(guid, name);
            return null;
        });
    }

    private <T> T call(String what, Call<T> call) {
        Duration pause = retry.firstPause();
        for (int attempt = 1; ; attempt++) {
            String failure;
            Exception last;
            try {
                return call.run();
            } catch (AtlasServiceException e) {
                int status = status(e);
                if (status == 401 || status == 403) {
                    throw new SyncException("Atlas at " + url + " refused to " + what + " (HTTP " + status
                            + "): check --user and --password (or ATLAS_PASSWORD), or --token", e);
                }
                if (status == 404) {
                    throw new SyncException("Atlas at " + url + " has no such resource, trying to " + what
                            + " (HTTP 404): --url must be Atlas' base URL, e.g. http://atlas.example.com:21000", e);
                }
                if (status > 0 && status < 500) {
                    throw new SyncException("Atlas at " + url + " rejected the request to " + what + ": " + e.getMessage(), e);
                }
                failure = status > 0 ? "HTTP " + status : rootCause(e);
                last = e;
            } catch (ClientHandlerException e) {
                failure = rootCause(e);
                last = e;
            }
            if (attempt >= retry.attempts()) {
                throw new SyncException("Atlas at " + url + " failed to " + what + " " + attempt + " times (last: "
                        + failure + "); what was done so far is saved, run the sync again to go on", last);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncException("interrupted while waiting to retry: " + what, e);
            }
            pause = pause.multipliedBy(2);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** The HTTP status of a failed call, or 0 when no answer came. */
    private static int status(AtlasServiceException e) {
        if (e.getStatus() != null) {
            return e.getStatus().getStatusCode();
        }
        return e.getCause() instanceof AtlasServiceException inner ? status(inner) : 0;
    }

    @Override
    public void close() {
        client.destroy();
    }
}
