/**
 * Maintenance windows: the API ({@code /api/maintenance-windows/}) and the one rule of
 * what a window covers ({@link org.vigil.alerts.window.Maintenance}), which the planner
 * applies.
 */
package org.vigil.alerts.window;
