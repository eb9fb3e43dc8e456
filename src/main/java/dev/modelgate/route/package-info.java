/** Routing: public model name to a route of targets (deployments), and target selection. */
@NullMarked
package dev.modelgate.route;

import org.jspecify.annotations.NullMarked;
