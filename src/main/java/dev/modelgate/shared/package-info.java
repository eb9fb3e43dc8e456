/**
 * State shared by every instance of a fleet through Redis: the pooled link with its health check
 * ({@link dev.modelgate.shared.RedisLink}), Lua scripts run atomically on the server ({@link
 * dev.modelgate.shared.RedisScript}), flags with an expiry ({@link
 * dev.modelgate.shared.SharedCooldowns}), change nudges over pub/sub ({@link
 * dev.modelgate.shared.ChangeNudges}) and the settings of the {@code shared:} section. When Redis
 * is down the link says so at once and callers keep their state locally until it returns. Depends
 * on nothing of the gateway; policies, usage, the vault, config, the server and the CLI may depend
 * on it.
 */
@NullMarked
package dev.modelgate.shared;

import org.jspecify.annotations.NullMarked;
