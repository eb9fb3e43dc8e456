/**
 * The HTTP front: Helidon routing, request ids, body limits, health endpoints and the streaming
 * relay loop. Front-door codecs live in sub-packages.
 */
@NullMarked
package dev.modelgate.server;

import org.jspecify.annotations.NullMarked;
