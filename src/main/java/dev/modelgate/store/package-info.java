/**
 * Persistence through JDBC: the pooled database (SQLite by default, PostgreSQL, MySQL/MariaDB),
 * Flyway migrations, the virtual keys and the refresher that keeps their hashes in memory. Depends
 * on {@code auth} (hashes, key entries) only; never on the server, config or admin.
 */
@NullMarked
package dev.modelgate.store;

import org.jspecify.annotations.NullMarked;
