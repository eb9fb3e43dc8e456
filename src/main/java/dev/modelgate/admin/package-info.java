/**
 * Administration, free of HTTP: who the administrator is ({@link
 * dev.modelgate.admin.AdminPrincipal} with a role), the one funnel every admin write passes ({@link
 * dev.modelgate.admin.AdminWrites}, where auditing hooks in), the virtual key operations the admin
 * API and the CLI share, and a route's canary rollout (only keys marked {@code admin: true} may
 * drive it on the API port). The HTTP endpoints live in {@code server}. Depends on store, auth and
 * config.
 */
@NullMarked
package dev.modelgate.admin;

import org.jspecify.annotations.NullMarked;
