package io.steward.service.api;

/** The realm roles of Steward's users and jobs. Every /api/ operation names the ones it admits. */
public final class Roles {

    public static final String ADMIN = "steward-admin";
    public static final String DATA_STEWARD = "data-steward";
    public static final String COMPLIANCE_OFFICER = "compliance-officer";
    public static final String ANALYST = "analyst";
    public static final String JOB_RUNNER = "job-runner";

    private Roles() {
    }
}
