/**
 * The policy chain: {@link dev.modelgate.chain.Policy}, {@link dev.modelgate.chain.Call}, {@link
 * dev.modelgate.chain.Reply} and the one ordered list of policies in {@link
 * dev.modelgate.chain.ChainPlan}.
 */
@NullMarked
package dev.modelgate.chain;

import org.jspecify.annotations.NullMarked;
