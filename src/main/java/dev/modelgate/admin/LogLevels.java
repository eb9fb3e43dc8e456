package dev.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Log levels per package at run time (java.util.logging, which Helidon and, through SLF4J, Jetty
 * log to). A change is an audited admin write; it lasts until the process ends.
 */
public final class LogLevels {
  /** The levels an administrator may set, by the names java.util.logging uses. */
  public static final List<String> LEVELS =
      List.of("OFF", "SEVERE", "WARNING", "INFO", "CONFIG", "FINE", "FINER", "FINEST", "ALL");

  private final AdminWrites writes;
  // java.util.logging holds loggers weakly: one collected would forget the level set on it.
  private final Map<String, Logger> changed = new ConcurrentHashMap<>();

  public LogLevels(AdminWrites writes) {
    this.writes = writes;
  }

  /** The loggers whose name starts with {@code prefix} that have a level of their own. */
  public List<JsonNode> list(AdminPrincipal who, String prefix) {
    who.require(AdminRole.Permission.READ_TRACES, "read log levels");
    List<String> names = Collections.list(LogManager.getLogManager().getLoggerNames());
    Collections.sort(names);
    List<JsonNode> found = new ArrayList<>();
    for (String name : names) {
      Logger logger = LogManager.getLogManager().getLogger(name);
      if (name.startsWith(prefix) && logger != null && logger.getLevel() != null) {
        found.add(json(name, logger));
      }
    }
    return found;
  }

  /**
   * Sets the level of {@code name} (a package or class; "" is the root logger); a {@code null}
   * level makes it inherit its parent's again.
   */
  public JsonNode set(AdminPrincipal who, String name, @Nullable String level) {
    Level parsed = level == null ? null : parse(level);
    Logger logger = Logger.getLogger(name);
    return writes.write(
        who,
        AdminRole.Permission.MANAGE_LOGGING,
        "logger.level",
        name.isEmpty() ? "root" : name,
        () -> json(name, logger),
        () -> {
          logger.setLevel(parsed);
          changed.put(name, logger);
          return json(name, logger);
        },
        after -> after);
  }

  private static Level parse(String level) {
    String upper = level.strip().toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(upper)) {
      throw AdminException.invalid("level: must be one of " + LEVELS + " or null");
    }
    return Level.parse(upper);
  }

  private static ObjectNode json(String name, Logger logger) {
    ObjectNode node = Json.object().put("object", "logger").put("name", name);
    Level own = logger.getLevel();
    if (own == null) {
      node.putNull("level");
    } else {
      node.put("level", own.getName());
    }
    Logger from = logger;
    while (from != null && from.getLevel() == null) {
      from = from.getParent();
    }
    node.put("effective_level", from == null ? "INFO" : from.getLevel().getName());
    return node;
  }
}
