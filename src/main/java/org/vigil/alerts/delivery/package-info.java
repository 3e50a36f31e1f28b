/**
 * Where an alert is sent: the dispatcher claims due notifications from the delivery
 * queue, sends each with the sender of its channel's kind ({@code WebhookSender},
 * {@code SlackSender}, {@code EmailSender}), retries with backoff and keeps every
 * attempt. HTTP goes only to addresses {@link org.vigil.alerts.delivery.Destinations}
 * allows, checked on the address connected to ({@code GuardedHttpClient}).
 */
package org.vigil.alerts.delivery;
