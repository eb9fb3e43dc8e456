/**
 * The budget policy: refuses a call whose key, team or user has used up a token or cost budget of
 * the current period, before anything is spent. Depends on chain, auth, error and the usage
 * package's ledger and settings; built by config.
 */
@NullMarked
package dev.modelgate.policy.budget;

import org.jspecify.annotations.NullMarked;
