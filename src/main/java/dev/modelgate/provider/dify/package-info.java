/**
 * The {@code dify} provider: a Dify app (chat, chatflow, agent or workflow) served as a model, one
 * upstream per app with the app's key. Sees the model, errors, the provider SPI and provider/common
 * only.
 */
@NullMarked
package dev.modelgate.provider.dify;

import org.jspecify.annotations.NullMarked;
