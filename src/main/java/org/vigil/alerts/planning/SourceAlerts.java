package org.vigil.alerts.planning;

import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL_OFFERING;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.vigil.alerts.delivery.DeliveryQueue;
import org.vigil.alerts.delivery.Dispatcher;

import org.springframework.stereotype.Component;

/**
 * Tells staff that a mirror source turned unhealthy or recovered: one ready notification
 * per enabled global channel, for the {@link Dispatcher} to send. Beside the planner, not
 * through it: a source has no customer, no maintenance window and no grouping, and its
 * caller already tells only changes of health, so there is nothing to plan. A global
 * channel narrowed to some offerings hears only of sources that feed one of them.
 */
@Component
public class SourceAlerts {

	private final DSLContext db;

	SourceAlerts(DSLContext db) {
		this.db = db;
	}

	/**
	 * Queues the notifications of one source event, in the caller's transaction (the one
	 * that writes the event): none is lost, none is sent for a change that rolled back.
	 * Returns how many were queued.
	 */
	public int tell(long sourceId, long sourceEventId, Instant now) {
		List<Long> channels = this.db.select(NOTIFICATION_CHANNEL.ID)
			.from(NOTIFICATION_CHANNEL)
			.where(NOTIFICATION_CHANNEL.CUSTOMER_ID.isNull())
			.and(NOTIFICATION_CHANNEL.ENABLED.isTrue())
			.and(DSL
				.notExists(DSL.selectOne()
					.from(NOTIFICATION_CHANNEL_OFFERING)
					.where(NOTIFICATION_CHANNEL_OFFERING.CHANNEL_ID.eq(NOTIFICATION_CHANNEL.ID)))
				.or(DSL.exists(DSL.selectOne()
					.from(NOTIFICATION_CHANNEL_OFFERING)
					.join(OFFERING)
					.on(OFFERING.ID.eq(NOTIFICATION_CHANNEL_OFFERING.OFFERING_ID))
					.where(NOTIFICATION_CHANNEL_OFFERING.CHANNEL_ID.eq(NOTIFICATION_CHANNEL.ID))
					.and(OFFERING.SOURCE_ID.eq(sourceId)))))
			.orderBy(NOTIFICATION_CHANNEL.ID)
			.fetch(NOTIFICATION_CHANNEL.ID);
		for (long channel : channels) {
			this.db.insertInto(NOTIFICATION)
				.set(NOTIFICATION.UUID, UUID.randomUUID())
				.set(NOTIFICATION.CHANNEL_ID, channel)
				.set(NOTIFICATION.MIRROR_SOURCE_EVENT_ID, sourceEventId)
				.set(NOTIFICATION.STATE, DeliveryQueue.PENDING)
				.set(NOTIFICATION.CREATED, now)
				.set(NOTIFICATION.NEXT_ATTEMPT_AT, now)
				.set(NOTIFICATION.ATTEMPT_COUNT, 0)
				.execute();
		}
		return channels.size();
	}

}
