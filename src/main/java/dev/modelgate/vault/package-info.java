/**
 * Upstream credentials: fixed keys and short-lived tokens from token providers (OAuth2 client
 * credentials), cached and refreshed before they expire. Encrypted storage and KMS/HSM backends
 * come with the identity issue.
 */
@NullMarked
package dev.modelgate.vault;

import org.jspecify.annotations.NullMarked;
