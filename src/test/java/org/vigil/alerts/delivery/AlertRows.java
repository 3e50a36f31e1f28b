package org.vigil.alerts.delivery;

import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;
import static org.vigil.db.Tables.NOTIFICATION_ITEM;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.web.Uuids;

/**
 * Channels, statuses with their events, and notifications, written straight into the
 * tables as the channel API and the planner would write them, so that delivery can be
 * tested on its own.
 */
public final class AlertRows {

	private final DSLContext db;

	public AlertRows(DSLContext db) {
		this.db = db;
	}

	public static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	public long customerId(String uuid) {
		return this.db.select(CUSTOMER.ID).from(CUSTOMER).where(CUSTOMER.UUID.eq(uuid(uuid))).fetchSingle().value1();
	}

	/** An integration status of the offering, as a check-in would have created it. */
	public long status(String offeringUuid, AgentType type, Status status) {
		long offering = this.db.select(OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.UUID.eq(uuid(offeringUuid)))
			.fetchSingle()
			.value1();
		Instant now = now();
		return this.db
			.insertInto(INTEGRATION_STATUS, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.OFFERING_ID,
					INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP,
					INTEGRATION_STATUS.SERVICE_NAME, INTEGRATION_STATUS.CREATED)
			.values(UUID.randomUUID(), offering, type.code(), status.code(), now.minusSeconds(600), "agent", now)
			.returningResult(INTEGRATION_STATUS.ID)
			.fetchSingle()
			.value1();
	}

	/** A status event; returns its uuid. */
	public UUID event(long statusId, Status from, Status to, String reason, Instant at) {
		UUID uuid = UUID.randomUUID();
		this.db
			.insertInto(STATUS_EVENT, STATUS_EVENT.UUID, STATUS_EVENT.INTEGRATION_STATUS_ID, STATUS_EVENT.FROM_STATUS,
					STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON, STATUS_EVENT.CREATED)
			.values(uuid, statusId, from.code(), to.code(), reason, at)
			.execute();
		return uuid;
	}

	public Recipient webhook(String name, String url, String secret, Long customerId, boolean savedByStaff) {
		return channel(name, ChannelKind.WEBHOOK, url, null, secret, customerId, savedByStaff);
	}

	public Recipient channel(String name, String kind, String url, String emails, String secret, Long customerId,
			boolean savedByStaff) {
		UUID uuid = UUID.randomUUID();
		long id = this.db.insertInto(NOTIFICATION_CHANNEL, NOTIFICATION_CHANNEL.UUID, NOTIFICATION_CHANNEL.NAME,
				NOTIFICATION_CHANNEL.KIND, NOTIFICATION_CHANNEL.URL, NOTIFICATION_CHANNEL.EMAILS,
				NOTIFICATION_CHANNEL.SECRET, NOTIFICATION_CHANNEL.CUSTOMER_ID, NOTIFICATION_CHANNEL.ALERT_AFTER_SECONDS,
				NOTIFICATION_CHANNEL.ENABLED, NOTIFICATION_CHANNEL.SAVED_BY_STAFF, NOTIFICATION_CHANNEL.CREATED)
			.values(uuid, name, kind, url, emails, secret, customerId, 0L, true, savedByStaff, now())
			.returningResult(NOTIFICATION_CHANNEL.ID)
			.fetchSingle()
			.value1();
		return new Recipient(id, uuid, name, kind, url, emails, secret, customerId, savedByStaff, true);
	}

	/**
	 * What the planner writes: a pending notification, due at once, with its items in the
	 * same transaction (a dispatcher must not see it without them).
	 */
	public Notification notification(Recipient channel, long customerId, Instant created, List<NewItem> items) {
		return this.db.transactionResult((tx) -> new AlertRows(tx.dsl()).insert(channel, customerId, created, items));
	}

	private Notification insert(Recipient channel, long customerId, Instant created, List<NewItem> items) {
		UUID uuid = UUID.randomUUID();
		long id = this.db
			.insertInto(NOTIFICATION, NOTIFICATION.UUID, NOTIFICATION.CHANNEL_ID, NOTIFICATION.CUSTOMER_ID,
					NOTIFICATION.STATE, NOTIFICATION.CREATED, NOTIFICATION.NEXT_ATTEMPT_AT, NOTIFICATION.ATTEMPT_COUNT)
			.values(uuid, channel.id(), customerId, "pending", created, created, 0)
			.returningResult(NOTIFICATION.ID)
			.fetchSingle()
			.value1();
		int position = 0;
		for (NewItem item : items) {
			this.db
				.insertInto(NOTIFICATION_ITEM, NOTIFICATION_ITEM.NOTIFICATION_ID, NOTIFICATION_ITEM.POSITION,
						NOTIFICATION_ITEM.WHAT, NOTIFICATION_ITEM.EVENT_UUID, NOTIFICATION_ITEM.INTEGRATION_STATUS_ID)
				.values(id, position++, item.what(), item.event(), item.statusId())
				.execute();
		}
		return new Notification(id, uuid);
	}

	public static UUID uuid(String text) {
		return Uuids.parse(text).orElseThrow();
	}

	public record NewItem(String what, UUID event, long statusId) {
	}

	public record Notification(long id, UUID uuid) {

		public String hex() {
			return Uuids.hex(this.uuid);
		}

	}

}
