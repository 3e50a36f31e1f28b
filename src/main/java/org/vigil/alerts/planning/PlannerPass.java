package org.vigil.alerts.planning;

import static org.jooq.impl.DSL.castNull;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.not;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.rowNumber;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;
import static org.vigil.db.Tables.ALERT_OUTBOX;
import static org.vigil.db.Tables.ALERT_PENDING;
import static org.vigil.db.Tables.ALERT_PLANNER;
import static org.vigil.db.Tables.ALERT_PLANNER_EVENT;
import static org.vigil.db.Tables.ALERT_PLANNER_GROUP;
import static org.vigil.db.Tables.ALERT_STATE;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;
import static org.vigil.db.Tables.NOTIFICATION_ITEM;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.util.List;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectConditionStep;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.vigil.alerts.AlertProperties;
import org.vigil.alerts.window.Maintenance;
import org.vigil.alerts.delivery.DeliveryQueue;
import org.vigil.alerts.delivery.Item;
import org.vigil.status.Status;

import org.springframework.stereotype.Component;

/**
 * One pass of the alert planner (3 steps), in the caller's transaction, in a fixed number
 * of set-based statements whatever the number of statuses, each over a bounded batch (a
 * mass outage takes several passes, see {@link #MAX_EVENTS}):
 * <ol>
 * <li>takes the outbox: a disconnection opens an alert state on every channel that covers
 * the status ({@code send_after} = event time + {@code alert_after}); a recovery queues a
 * {@code recovered} item where the disconnection was sent, and otherwise (the
 * disconnection was not sent, or is still waiting for its group) drops it silently. A
 * status that changed several times since the last pass is followed change by change, one
 * round per change;</li>
 * <li>queues {@code disconnected} items whose time has come and {@code reminder}s, for
 * statuses still Disconnected and not under an active maintenance window;</li>
 * <li>groups: once the oldest item of a (channel, customer) has waited
 * {@code group_wait}, all its items become one notification, for the dispatcher.</li>
 * </ol>
 * Items of statuses under an active maintenance window wait for its end. Only one
 * instance plans at a time: the pass locks the planner row, and skips if another instance
 * holds it.
 */
@Component
class PlannerPass {

	/**
	 * The most outbox rows one pass takes, alert states it queues of each kind, and
	 * groups it turns into notifications; the rest is left for the next pass, which the
	 * planner runs at once. Each pass is its own transaction, so a mass outage is planned
	 * in steps that each stay well inside the statement timeout (3 s), even on the
	 * embedded H2 file of a loaded machine, and what a step did is kept.
	 */
	static final int MAX_EVENTS = 1_000;

	/** See {@link #MAX_EVENTS}. */
	static final int MAX_ITEMS = 1_000;

	/** See {@link #MAX_EVENTS}; a group's items all go in one step, however many. */
	static final int MAX_GROUPS = 200;

	/** The most changes of one status one pass follows. */
	static final int MAX_ROUNDS = 10;

	private static final org.vigil.db.tables.AlertPlannerEvent EVENT = ALERT_PLANNER_EVENT;

	private static final org.vigil.db.tables.AlertState STATE = ALERT_STATE;

	private static final org.vigil.db.tables.AlertPending PENDING = ALERT_PENDING;

	private static final org.vigil.db.tables.NotificationChannel CHANNEL = NOTIFICATION_CHANNEL;

	private final DSLContext db;

	private final AlertProperties properties;

	private final DeliveryQueue deliveries;

	PlannerPass(DSLContext db, AlertProperties properties, DeliveryQueue deliveries) {
		this.db = db;
		this.properties = properties;
		this.deliveries = deliveries;
	}

	/**
	 * Plans as of {@code now}; must run in a transaction. Null if another instance is
	 * planning.
	 */
	Planned run(Instant now) {
		if (this.db.select(ALERT_PLANNER.ID)
			.from(ALERT_PLANNER)
			.where(ALERT_PLANNER.ID.eq(1))
			.forUpdate()
			.skipLocked()
			.fetchOptional()
			.isEmpty()) {
			return null;
		}
		forgetDisabledChannels();
		int events = takeOutbox();
		if (events > 0) {
			Integer rounds = this.db.select(max(EVENT.ORDINAL)).from(EVENT).fetchOne(0, Integer.class);
			for (int round = 1; round <= rounds; round++) {
				disconnections(round);
				recoveries(round, now);
			}
			// EXISTS, not IN: H2 looks each row up by the key instead of scanning the
			// list.
			this.db.deleteFrom(ALERT_OUTBOX)
				.where(exists(selectOne().from(EVENT).where(EVENT.OUTBOX_ID.eq(ALERT_OUTBOX.ID))))
				.execute();
			this.db.deleteFrom(EVENT).execute();
		}
		int disconnections = queueDueDisconnections(now);
		int reminders = queueReminders(now);
		int notifications = group(now);
		this.db.update(ALERT_PLANNER).set(ALERT_PLANNER.PLANNED_AT, now).where(ALERT_PLANNER.ID.eq(1)).execute();
		return new Planned(events, notifications, events == MAX_EVENTS || disconnections == MAX_ITEMS
				|| reminders == MAX_ITEMS || notifications == MAX_GROUPS);
	}

	/**
	 * Disabling a channel forgets its alert state at once; this catches what a pass
	 * running at that moment still wrote for it.
	 */
	private void forgetDisabledChannels() {
		// The few disabled channels first: each delete is then a look-up by channel,
		// not a scan of every state.
		List<Long> disabled = this.db.select(CHANNEL.ID)
			.from(CHANNEL)
			.where(CHANNEL.ENABLED.isFalse())
			.fetch(CHANNEL.ID);
		if (disabled.isEmpty()) {
			return;
		}
		this.db.deleteFrom(PENDING).where(PENDING.CHANNEL_ID.in(disabled)).execute();
		this.db.deleteFrom(STATE).where(STATE.CHANNEL_ID.in(disabled)).execute();
	}

	/**
	 * Copies a batch of the outbox into this pass's scratch table, each row numbered
	 * among the rows of its status; the outbox rows are deleted at the end, exactly those
	 * copied (rows committed meanwhile stay for the next pass).
	 */
	private int takeOutbox() {
		Table<?> batch = select(ALERT_OUTBOX.ID, ALERT_OUTBOX.INTEGRATION_STATUS_ID, ALERT_OUTBOX.EVENT_UUID,
				ALERT_OUTBOX.TO_STATUS, ALERT_OUTBOX.CREATED)
			.from(ALERT_OUTBOX)
			.orderBy(ALERT_OUTBOX.ID)
			.limit(MAX_EVENTS)
			.asTable("batch");
		Field<Long> id = batch.field(ALERT_OUTBOX.ID);
		Field<Long> status = batch.field(ALERT_OUTBOX.INTEGRATION_STATUS_ID);
		Table<?> ranked = select(id, status, batch.field(ALERT_OUTBOX.EVENT_UUID), batch.field(ALERT_OUTBOX.TO_STATUS),
				batch.field(ALERT_OUTBOX.CREATED), rowNumber().over(partitionBy(status).orderBy(id)).as("ordinal"))
			.from(batch)
			.asTable("ranked");
		Field<Integer> ordinal = ranked.field("ordinal", Integer.class);
		Field<Long> statusId = ranked.field(ALERT_OUTBOX.INTEGRATION_STATUS_ID);
		return this.db
			.insertInto(EVENT, EVENT.OUTBOX_ID, EVENT.INTEGRATION_STATUS_ID, EVENT.OFFERING_ID, EVENT.CUSTOMER_ID,
					EVENT.AGENT_TYPE, EVENT.EVENT_UUID, EVENT.TO_STATUS, EVENT.CREATED, EVENT.ORDINAL)
			.select(select(ranked.field(ALERT_OUTBOX.ID), statusId, OFFERING.ID, OFFERING.CUSTOMER_ID,
					INTEGRATION_STATUS.AGENT_TYPE, ranked.field(ALERT_OUTBOX.EVENT_UUID),
					ranked.field(ALERT_OUTBOX.TO_STATUS), ranked.field(ALERT_OUTBOX.CREATED), ordinal)
				.from(ranked)
				.join(INTEGRATION_STATUS)
				.on(INTEGRATION_STATUS.ID.eq(statusId))
				.join(OFFERING)
				.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
				.where(ordinal.le(MAX_ROUNDS)))
			.execute();
	}

	/**
	 * Round {@code round}'s disconnections open an alert state on every covering channel.
	 */
	private void disconnections(int round) {
		Condition disconnected = EVENT.ORDINAL.eq(round).and(EVENT.TO_STATUS.eq(Status.DISCONNECTED.code()));
		// A state left without its recovery (none is expected) gives way to the new one.
		this.db.deleteFrom(STATE)
			.where(exists(selectOne().from(EVENT)
				.where(EVENT.INTEGRATION_STATUS_ID.eq(STATE.INTEGRATION_STATUS_ID))
				.and(disconnected)))
			.execute();
		// Customer channels and global channels apart: each join is then an equality or a
		// scan of the few global channels, never an OR across every channel.
		boolean global = this.db.fetchExists(CHANNEL, CHANNEL.CUSTOMER_ID.isNull());
		for (Condition scope : global ? List.of(CHANNEL.CUSTOMER_ID.eq(EVENT.CUSTOMER_ID), CHANNEL.CUSTOMER_ID.isNull())
				: List.of(CHANNEL.CUSTOMER_ID.eq(EVENT.CUSTOMER_ID))) {
			this.db
				.insertInto(STATE, STATE.CHANNEL_ID, STATE.INTEGRATION_STATUS_ID, STATE.CUSTOMER_ID, STATE.EVENT_UUID,
						STATE.DOWN_SINCE, STATE.SEND_AFTER, STATE.SENT, STATE.REMIND_AT)
				.select(select(CHANNEL.ID, EVENT.INTEGRATION_STATUS_ID, EVENT.CUSTOMER_ID, EVENT.EVENT_UUID,
						EVENT.CREATED, SqlTime.after(EVENT.CREATED, CHANNEL.ALERT_AFTER_SECONDS), inline(false),
						castNull(SQLDataType.INSTANT))
					.from(EVENT)
					.join(CHANNEL)
					.on(scope)
					.where(disconnected)
					.and(ChannelCoverage.coversStatus(EVENT.CUSTOMER_ID, EVENT.OFFERING_ID, EVENT.AGENT_TYPE)))
				.execute();
		}
	}

	/**
	 * Round {@code round}'s recoveries: a recovered item where the disconnection went
	 * out; a disconnection still waiting (for alert_after or for its group) is dropped
	 * with its state.
	 */
	private void recoveries(int round, Instant now) {
		Condition recovered = EVENT.ORDINAL.eq(round).and(EVENT.TO_STATUS.eq(Status.ACTIVE.code()));
		this.db
			.insertInto(PENDING, PENDING.CHANNEL_ID, PENDING.CUSTOMER_ID, PENDING.INTEGRATION_STATUS_ID, PENDING.WHAT,
					PENDING.EVENT_UUID, PENDING.QUEUED)
			.select(select(STATE.CHANNEL_ID, STATE.CUSTOMER_ID, STATE.INTEGRATION_STATUS_ID, inline(Item.RECOVERED),
					EVENT.EVENT_UUID, alertTime(EVENT.CREATED, now))
				.from(STATE)
				.join(EVENT)
				.on(EVENT.INTEGRATION_STATUS_ID.eq(STATE.INTEGRATION_STATUS_ID).and(recovered))
				.join(CHANNEL)
				.on(CHANNEL.ID.eq(STATE.CHANNEL_ID))
				.where(STATE.SENT.isTrue())
				.and(notExists(pending(Item.DISCONNECTED)))
				.and(ChannelCoverage.coversStatus(STATE.CUSTOMER_ID, EVENT.OFFERING_ID, EVENT.AGENT_TYPE)))
			.execute();
		Condition recovering = exists(selectOne().from(EVENT)
			.where(EVENT.INTEGRATION_STATUS_ID.eq(PENDING.INTEGRATION_STATUS_ID))
			.and(recovered));
		this.db.deleteFrom(PENDING).where(PENDING.WHAT.in(Item.DISCONNECTED, Item.REMINDER)).and(recovering).execute();
		this.db.deleteFrom(STATE)
			.where(exists(selectOne().from(EVENT)
				.where(EVENT.INTEGRATION_STATUS_ID.eq(STATE.INTEGRATION_STATUS_ID))
				.and(recovered)))
			.execute();
	}

	/**
	 * Disconnections past their {@code send_after}, still Disconnected, outside
	 * maintenance.
	 */
	private int queueDueDisconnections(Instant now) {
		Condition due = STATE.SENT.isFalse().and(STATE.SEND_AFTER.le(now));
		int queued = queue(Item.DISCONNECTED, due, STATE.SEND_AFTER, now);
		if (queued > 0) {
			this.db.update(STATE)
				.set(STATE.SENT, true)
				.set(STATE.REMIND_AT, SqlTime.after(val(now), repeatEvery()))
				.where(due)
				.and(exists(pending(Item.DISCONNECTED)))
				.execute();
		}
		return queued;
	}

	/**
	 * Reminders of sent disconnections, one at a time: none while the status has a
	 * disconnection or a reminder still waiting for its group.
	 */
	private int queueReminders(Instant now) {
		int queued = queue(Item.REMINDER,
				STATE.SENT.isTrue()
					.and(STATE.REMIND_AT.le(now))
					.and(notExists(pending(Item.DISCONNECTED, Item.REMINDER))),
				STATE.REMIND_AT, now);
		// Also pushes on the reminders not queued because one still waits for its group.
		this.db.update(STATE)
			.set(STATE.REMIND_AT, SqlTime.after(val(now), repeatEvery()))
			.where(STATE.REMIND_AT.le(now))
			.and(exists(pending(Item.DISCONNECTED, Item.REMINDER)))
			.execute();
		return queued;
	}

	/**
	 * Queues an item for up to {@link #MAX_ITEMS} states that {@code due} selects, of a
	 * status still Disconnected, covered by its enabled channel and not under
	 * maintenance; returns how many.
	 */
	private int queue(String what, Condition due, Field<Instant> dueAt, Instant now) {
		return this.db
			.insertInto(PENDING, PENDING.CHANNEL_ID, PENDING.CUSTOMER_ID, PENDING.INTEGRATION_STATUS_ID, PENDING.WHAT,
					PENDING.EVENT_UUID, PENDING.QUEUED)
			.select(select(STATE.CHANNEL_ID, STATE.CUSTOMER_ID, STATE.INTEGRATION_STATUS_ID, inline(what),
					STATE.EVENT_UUID, alertTime(dueAt, now))
				.from(STATE)
				.join(CHANNEL)
				.on(CHANNEL.ID.eq(STATE.CHANNEL_ID))
				.join(INTEGRATION_STATUS)
				.on(INTEGRATION_STATUS.ID.eq(STATE.INTEGRATION_STATUS_ID))
				.where(due)
				.and(INTEGRATION_STATUS.STATUS.eq(Status.DISCONNECTED.code()))
				.and(ChannelCoverage.coversStatus(STATE.CUSTOMER_ID, INTEGRATION_STATUS.OFFERING_ID,
						INTEGRATION_STATUS.AGENT_TYPE))
				.and(not(Maintenance.covers(STATE.CUSTOMER_ID, INTEGRATION_STATUS.OFFERING_ID, now)))
				// The oldest first, and in the order a notification lists them.
				.orderBy(STATE.SEND_AFTER, STATE.INTEGRATION_STATUS_ID)
				.limit(MAX_ITEMS))
			.execute();
	}

	/**
	 * When an item's group_wait starts: when its alert became due (a disconnection's time
	 * plus alert_after, a recovery's time, a reminder's time), so that the planner's lag
	 * in a mass outage does not add to it, as Alertmanager counts group_wait from the
	 * group's first alert. An item held back longer than group_wait (by a maintenance
	 * window, or while no planner ran) starts it now, so what was held back still goes
	 * out grouped.
	 */
	private Field<Instant> alertTime(Field<Instant> due, Instant now) {
		return when(due.ge(val(now.minus(this.properties.groupWait()))).and(due.le(val(now))), due).otherwise(val(now));
	}

	/**
	 * Up to {@link #MAX_GROUPS} (channel, customer) whose oldest item outside maintenance
	 * has waited group_wait become one notification each, of all those items; returns how
	 * many.
	 */
	private int group(Instant now) {
		Instant ready = now.minus(this.properties.groupWait());
		// While a mass outage is being taken, most passes have no group ready yet: a look
		// at the queued index, instead of grouping every item.
		if (!this.db.fetchExists(PENDING, PENDING.QUEUED.le(ready))) {
			return 0;
		}
		org.vigil.db.tables.AlertPlannerGroup group = ALERT_PLANNER_GROUP;
		this.db.insertInto(group, group.CHANNEL_ID, group.CUSTOMER_ID, group.NOTIFICATION_UUID)
			.select(select(PENDING.CHANNEL_ID, PENDING.CUSTOMER_ID, org.jooq.impl.DSL.uuid()).from(PENDING)
				.join(INTEGRATION_STATUS)
				.on(INTEGRATION_STATUS.ID.eq(PENDING.INTEGRATION_STATUS_ID))
				.where(not(Maintenance.covers(PENDING.CUSTOMER_ID, INTEGRATION_STATUS.OFFERING_ID, now)))
				.groupBy(PENDING.CHANNEL_ID, PENDING.CUSTOMER_ID)
				.having(min(PENDING.QUEUED).le(ready))
				.orderBy(min(PENDING.QUEUED))
				.limit(MAX_GROUPS))
			.execute();
		SelectConditionStep<?> ofGroup = selectOne().from(group)
			.where(group.CHANNEL_ID.eq(PENDING.CHANNEL_ID))
			.and(group.CUSTOMER_ID.eq(PENDING.CUSTOMER_ID));
		// Marked once, so that a window declared meanwhile cannot split what is sent from
		// what is removed.
		this.db.update(PENDING)
			.set(PENDING.NOTIFICATION_UUID,
					field(select(group.NOTIFICATION_UUID).from(group)
						.where(group.CHANNEL_ID.eq(PENDING.CHANNEL_ID))
						.and(group.CUSTOMER_ID.eq(PENDING.CUSTOMER_ID))))
			.where(exists(ofGroup))
			.and(not(Maintenance.covers(PENDING.CUSTOMER_ID,
					field(select(INTEGRATION_STATUS.OFFERING_ID).from(INTEGRATION_STATUS)
						.where(INTEGRATION_STATUS.ID.eq(PENDING.INTEGRATION_STATUS_ID))),
					now)))
			.execute();
		int notifications = this.deliveries
			.add(select(group.NOTIFICATION_UUID, group.CHANNEL_ID, group.CUSTOMER_ID, castNull(SQLDataType.BIGINT))
				.from(group)
				.where(exists(selectOne().from(PENDING)
					.where(PENDING.CHANNEL_ID.eq(group.CHANNEL_ID))
					.and(PENDING.CUSTOMER_ID.eq(group.CUSTOMER_ID))
					.and(PENDING.NOTIFICATION_UUID.eq(group.NOTIFICATION_UUID)))), now);
		if (notifications > 0) {
			this.db
				.insertInto(NOTIFICATION_ITEM, NOTIFICATION_ITEM.NOTIFICATION_ID, NOTIFICATION_ITEM.POSITION,
						NOTIFICATION_ITEM.WHAT, NOTIFICATION_ITEM.EVENT_UUID, NOTIFICATION_ITEM.INTEGRATION_STATUS_ID)
				.select(select(NOTIFICATION.ID,
						rowNumber().over(partitionBy(NOTIFICATION.ID).orderBy(PENDING.QUEUED, PENDING.ID)),
						PENDING.WHAT, PENDING.EVENT_UUID, PENDING.INTEGRATION_STATUS_ID)
					.from(PENDING)
					.join(NOTIFICATION)
					.on(NOTIFICATION.UUID.eq(PENDING.NOTIFICATION_UUID)))
				.execute();
			this.db.deleteFrom(PENDING).where(PENDING.NOTIFICATION_UUID.isNotNull()).execute();
		}
		this.db.deleteFrom(group).execute();
		return notifications;
	}

	/** The channel's repeat_every, for the state's channel. */
	private static Field<Long> repeatEvery() {
		return field(select(CHANNEL.REPEAT_EVERY_SECONDS).from(CHANNEL).where(CHANNEL.ID.eq(STATE.CHANNEL_ID)));
	}

	/** Items of the state's (channel, status) waiting for their group. */
	private static SelectConditionStep<?> pending(String... what) {
		return selectOne().from(PENDING)
			.where(PENDING.CHANNEL_ID.eq(STATE.CHANNEL_ID))
			.and(PENDING.INTEGRATION_STATUS_ID.eq(STATE.INTEGRATION_STATUS_ID))
			.and(PENDING.WHAT.in(what));
	}

	/** What one pass did. */
	record Planned(int events, int notifications, boolean more) {
	}

}
