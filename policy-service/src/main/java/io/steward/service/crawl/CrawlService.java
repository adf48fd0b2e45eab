package io.steward.service.crawl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import io.steward.service.audit.AuditLog;
import io.steward.service.catalog.CatalogApi.DatasetRequest;
import io.steward.service.catalog.CatalogApi.SchemaRecorded;
import io.steward.service.catalog.CatalogService;
import io.steward.service.crawl.CrawlApi.Crawl;
import io.steward.service.crawl.CrawlApi.CrawlResult;
import io.steward.service.crawl.CrawlApi.DatasetResult;
import io.steward.service.crawl.CrawlApi.Found;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a crawl to the catalog, in one transaction: each found dataset is registered when new,
 * its partitions and crawl time updated, and its schema recorded as its schema policy allows
 * ({@link CatalogService#recordCrawled}). Actions: registered (new), changed (a new schema
 * version), unchanged, refused (by the policy). The crawl itself is audited with its counts.
 */
@ApplicationScoped
public class CrawlService {

    private final CatalogService catalog;
    private final AuditLog audit;
    private final ObjectMapper json;

    public CrawlService(CatalogService catalog, AuditLog audit, ObjectMapper json) {
        this.catalog = catalog;
        this.audit = audit;
        this.json = json;
    }

    @WithTransaction
    public Uni<CrawlResult> apply(Crawl crawl, String actor) {
        validate(crawl);
        List<DatasetResult> results = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Found found : crawl.datasets()) {
            DatasetRequest request = new DatasetRequest(found.namespace(), found.name(), found.location(),
                    found.format(), null, null, null, null, null);
            chain = chain.flatMap(done -> catalog.recordCrawled(request, keys(found), found.partitions(),
                    found.fields(), actor)).invoke(crawled -> results.add(result(found, crawled))).replaceWithVoid();
        }
        List<CrawlApi.Problem> problems = crawl.problems() == null ? List.of() : crawl.problems();
        return chain.flatMap(done -> audit.append(actor, "crawl.run", "crawl:" + crawl.root(), null, Map.of(
                        "datasets", results.size(),
                        "changed", results.stream().filter(r -> r.action().equals("changed")).count(),
                        "registered", results.stream().filter(r -> r.action().equals("registered")).count(),
                        "refused", results.stream().filter(r -> r.action().equals("refused")).count(),
                        "problems", problems.size())))
                .map(entry -> new CrawlResult(results, problems));
    }

    private static DatasetResult result(Found found, CatalogService.Crawled crawled) {
        SchemaRecorded schema = crawled.schema();
        String action = crawled.registered() ? "registered" : schema.action();
        return new DatasetResult(crawled.id(), found.namespace(), found.name(), action, schema.version().version(),
                schema.policy(), schema.version().diff(), schema.version().diff().breaking(), schema.message());
    }

    private String keys(Found found) {
        if (found.partitionKeys() == null || found.partitionKeys().isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(found.partitionKeys());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void validate(Crawl crawl) {
        if (crawl == null || crawl.root() == null || crawl.datasets() == null) {
            throw ApiException.badRequest("a crawl needs its root and datasets, as `steward crawl PATH --json` "
                    + "prints them");
        }
        for (Found found : crawl.datasets()) {
            if (found.namespace() == null || found.name() == null || found.fields() == null) {
                throw ApiException.badRequest("every dataset of a crawl needs a namespace, a name and fields");
            }
        }
    }
}
