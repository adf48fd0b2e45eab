package io.steward.service.crawl;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.Roles;
import io.steward.service.crawl.CrawlApi.Crawl;
import io.steward.service.crawl.CrawlApi.CrawlResult;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import java.util.List;

/** Crawls: `steward crawl PATH --server URL` posts what it found; the schedule crawls by itself. */
@Path("/api/v1/crawls")
public class CrawlResource {

    private final CrawlService crawls;
    private final CrawlSchedule schedule;
    private final SecurityIdentity identity;

    public CrawlResource(CrawlService crawls, CrawlSchedule schedule, SecurityIdentity identity) {
        this.crawls = crawls;
        this.schedule = schedule;
        this.identity = identity;
    }

    /** Registers the datasets of a crawl and records their schemas as their policies allow. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.JOB_RUNNER})
    public Uni<CrawlResult> record(Crawl crawl) {
        return crawls.apply(crawl, identity.getPrincipal().getName());
    }

    /**
     * The scheduled crawl, now, in the caller's name: every folder of steward.crawl.paths crawled
     * by a `steward crawl` child and recorded. 409 when the service has no launcher.
     */
    @POST
    @Path("scheduled-runs")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    public Uni<List<CrawlResult>> runScheduled() {
        return schedule.run(identity.getPrincipal().getName());
    }
}
