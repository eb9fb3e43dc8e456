/**
 * The provider SPI: what an adapter implements and what Dispatch hands it. Providers see this, the
 * model, the errors, the codecs and provider.common, never each other, a policy or the server.
 */
@NullMarked
package dev.modelgate.provider.spi;

import org.jspecify.annotations.NullMarked;
