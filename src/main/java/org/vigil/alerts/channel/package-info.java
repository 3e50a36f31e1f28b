/**
 * Notification channels: the API ({@code /api/notification-channels/}), what a channel
 * may be ({@link org.vigil.alerts.channel.ChannelValidator}), URLs shown without their
 * secrets ({@link org.vigil.alerts.channel.SecretUrls}) and the test action with its
 * limits.
 */
package org.vigil.alerts.channel;
