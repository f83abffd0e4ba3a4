/**
 * Small pieces shared by more than one capability.
 */
package dev.observability.core;
