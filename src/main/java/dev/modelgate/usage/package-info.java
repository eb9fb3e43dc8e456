/**
 * Usage and cost of every call, and spend against budgets: the record made at each call's end
 * ({@link dev.modelgate.usage.UsageRecorder}), the durable local spool it is appended to and the
 * drainer that moves it to the store in batches, the price table, the spend ledger (local, or a
 * shared one dropped in behind {@link dev.modelgate.usage.SpendLedger}) and threshold alerts. A
 * package of its own because budgets (a policy) and records (observation) share prices and spend.
 * Depends on chain, auth, model, error and store; the policy and config packages and the server may
 * depend on it, never the other way.
 */
@NullMarked
package dev.modelgate.usage;

import org.jspecify.annotations.NullMarked;
