/**
 * State shared by every instance of a fleet through Redis: the pooled link with its health check
 * ({@link dev.modelgate.shared.RedisLink}), Lua scripts run atomically on the server ({@link
 * dev.modelgate.shared.RedisScript}) and the settings of the {@code shared:} section. When Redis is
 * down the link says so at once and callers keep their state locally until it returns. Depends on
 * nothing of the gateway; policies, config and the server may depend on it.
 */
@NullMarked
package dev.modelgate.shared;

import org.jspecify.annotations.NullMarked;
