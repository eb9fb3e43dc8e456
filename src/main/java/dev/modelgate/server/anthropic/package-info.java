/**
 * The Anthropic Messages API front door ({@code /v1/messages}): Claude upstreams are relayed as
 * they answer; every other upstream is reached through the canonical model, its answers turned into
 * Anthropic's message and event shapes.
 */
@NullMarked
package dev.modelgate.server.anthropic;

import org.jspecify.annotations.NullMarked;
