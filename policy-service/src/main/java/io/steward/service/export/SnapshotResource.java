package io.steward.service.export;

import io.smallrye.mutiny.Uni;
import io.steward.service.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * GET /api/v1/catalog/snapshot: the whole catalog with PII tags and current job lineage, for
 * mirrors such as `steward atlas sync`. Tags of every review state are included, so only the
 * roles that review them may read it.
 */
@Path("/api/v1/catalog/snapshot")
public class SnapshotResource {

    private final CatalogSnapshot snapshot;

    public SnapshotResource(CatalogSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER})
    public Uni<CatalogSnapshot.Snapshot> take() {
        return snapshot.take();
    }
}
