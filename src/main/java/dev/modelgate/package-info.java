/** ModelGate entry point: {@link dev.modelgate.Main} wires every part by hand (no DI container). */
@NullMarked
package dev.modelgate;

import org.jspecify.annotations.NullMarked;
