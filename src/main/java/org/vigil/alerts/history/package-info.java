/**
 * What was sent: {@code /api/notifications/}, the notifications with the events each
 * carries and every attempt to deliver it.
 */
package org.vigil.alerts.history;
