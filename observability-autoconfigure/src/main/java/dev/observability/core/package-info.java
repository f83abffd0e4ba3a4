/**
 * Small pieces shared by more than one capability.
 */
@NullMarked
package dev.observability.core;

import org.jspecify.annotations.NullMarked;
