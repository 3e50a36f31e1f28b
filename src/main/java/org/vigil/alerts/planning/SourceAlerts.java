package org.vigil.alerts.planning;

import static org.jooq.impl.DSL.castNull;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.uuid;
import static org.jooq.impl.DSL.val;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;

import java.time.Instant;

import org.jooq.impl.SQLDataType;
import org.vigil.alerts.delivery.DeliveryQueue;
import org.vigil.alerts.delivery.Dispatcher;
import org.vigil.mirror.SourceHealthListener;

import org.springframework.stereotype.Component;

/**
 * Tells staff that a mirror source turned unhealthy or recovered: one ready notification
 * per enabled global channel, for the {@link Dispatcher} to send. Beside the planner, not
 * through it: a source has no customer, no maintenance window and no grouping, and the
 * mirror tells only changes of health, so there is nothing to plan. Which channels hear
 * of it is {@link ChannelCoverage}'s.
 */
@Component
class SourceAlerts implements SourceHealthListener {

	private final DeliveryQueue deliveries;

	SourceAlerts(DeliveryQueue deliveries) {
		this.deliveries = deliveries;
	}

	/**
	 * Queues the notifications of one source event, in the mirror's transaction (the one
	 * that writes the event): none is lost, none is sent for a change that rolled back.
	 */
	@Override
	public void healthChanged(long sourceId, long sourceEventId, Instant now) {
		this.deliveries.add(select(uuid(), NOTIFICATION_CHANNEL.ID, castNull(SQLDataType.BIGINT), val(sourceEventId))
			.from(NOTIFICATION_CHANNEL)
			.where(ChannelCoverage.coversSource(sourceId))
			.orderBy(NOTIFICATION_CHANNEL.ID), now);
	}

}
