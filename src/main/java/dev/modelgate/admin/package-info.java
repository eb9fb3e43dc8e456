/**
 * Admin operations, independent of the HTTP server that carries them (the server package maps
 * requests to them): today a route's canary rollout. Only keys marked {@code admin: true} may use
 * them. A later issue moves the full admin API to a port of its own.
 */
@NullMarked
package dev.modelgate.admin;

import org.jspecify.annotations.NullMarked;
