# Tenants on events, per-tenant consumers, onboarding a tenant mid-run (scenario 11).
eventloom_core_test(tst_multitenant)
