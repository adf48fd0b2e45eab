package io.steward.service.crawl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import io.steward.service.crawl.CrawlApi.Crawl;
import io.steward.service.crawl.CrawlApi.CrawlResult;
import io.steward.service.launcher.Launcher;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The crawl the service runs by itself (steward.crawl.schedule, a cron, "off" by default) over the
 * lake folders of steward.crawl.paths: each folder is crawled by a `steward crawl PATH --json`
 * child ({@link Launcher}: schema inference is Spark work) and what it found is recorded as the
 * actor "scheduler", as a crawl posted by `steward crawl --server` would be.
 */
@ApplicationScoped
public class CrawlSchedule {

    private static final String SCHEDULER = "scheduler";
    private static final Logger LOG = Logger.getLogger(CrawlSchedule.class);

    private final CrawlService crawls;
    private final Launcher launcher;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final List<String> paths;

    public CrawlSchedule(CrawlService crawls, Launcher launcher, ObjectMapper json, Vertx vertx,
                         @ConfigProperty(name = "steward.crawl.paths") Optional<List<String>> paths) {
        this.crawls = crawls;
        this.launcher = launcher;
        this.json = json;
        this.vertx = vertx;
        this.paths = paths.orElse(List.of());
    }

    @Scheduled(identity = "catalog-crawl", cron = "{steward.crawl.schedule}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!launcher.available() || paths.isEmpty()) {
            LOG.warn("crawl skipped: it needs steward.launcher (STEWARD_LAUNCHER) and steward.crawl.paths");
            return Uni.createFrom().voidItem();
        }
        return run(SCHEDULER).onFailure().invoke(e -> LOG.error("crawl failed: " + e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Every configured folder crawled and recorded now, one after the other, in the actor's name. */
    public Uni<List<CrawlResult>> run(String actor) {
        if (paths.isEmpty()) {
            throw ApiException.conflict("this service crawls no folders: steward.crawl.paths names none");
        }
        if (!launcher.available()) {
            throw ApiException.conflict("this service runs no crawls: steward.launcher (STEWARD_LAUNCHER) names no "
                    + "launcher");
        }
        List<CrawlResult> results = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String path : paths) {
            chain = chain.flatMap(done -> vertx.executeBlocking(Uni.createFrom().item(() -> crawl(path))))
                    .flatMap(crawl -> crawls.apply(crawl, actor)).invoke(results::add).replaceWithVoid();
        }
        return chain.map(done -> results);
    }

    /** The child's crawl of one folder; exit code 1 (a folder that is no dataset) still reports the rest. */
    private Crawl crawl(String path) {
        byte[] out = launcher.run(List.of("crawl", path, "--json", "--master", launcher.master()), 1);
        try {
            return json.readValue(out, Crawl.class);
        } catch (IOException e) {
            throw new IllegalStateException("steward crawl " + path + " printed no crawl: " + e.getMessage(), e);
        }
    }
}
