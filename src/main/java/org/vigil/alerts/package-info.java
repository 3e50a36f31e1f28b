/**
 * Alerts, one sub-package a stage: {@code channel} (where alerts go), {@code window}
 * (maintenance windows, when they do not go), {@code planning} (which status changes
 * become which notifications, and when), {@code delivery} (sending them, one sender a
 * kind of channel) and {@code history} (the notifications API). Here: the settings of
 * them all ({@code vigil.notify.*}) and the checks their APIs share.
 */
package org.vigil.alerts;
