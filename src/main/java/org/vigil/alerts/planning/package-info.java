/**
 * Where an alert is decided: the planner turns status transitions (the outbox) into
 * grouped notifications, with alert_after, reminders and maintenance
 * ({@link org.vigil.alerts.planning.PlannerPass}); a mirror source's change of health
 * becomes notifications at once ({@link org.vigil.alerts.planning.SourceAlerts}).
 */
package org.vigil.alerts.planning;
