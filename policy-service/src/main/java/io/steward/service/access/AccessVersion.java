package io.steward.service.access;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter bumped by every change a decision depends on (policies, masks, datasets, schemas,
 * tags). Cached decisions carry the count they were made at, so a change makes them all stale at
 * once. One service instance; several would share the count through PostgreSQL notifications.
 */
@ApplicationScoped
public class AccessVersion {

    private final AtomicLong version = new AtomicLong();

    public long current() {
        return version.get();
    }

    public void bump() {
        version.incrementAndGet();
    }
}
