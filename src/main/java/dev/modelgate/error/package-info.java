/**
 * Typed gateway errors. Retry and fallback decide from the type ({@code retryable()}, {@code
 * fallbackable()}); each front door maps them to its own error shape. Depends on nothing but the
 * JDK.
 */
@NullMarked
package dev.modelgate.error;

import org.jspecify.annotations.NullMarked;
