package org.vigil.alerts.delivery;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.MIRROR_SOURCE_EVENT;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_ATTEMPT;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.Select;
import org.jooq.Table;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dispatcher's SQL. A pending notification is claimed by setting {@code claimed_by}
 * and {@code claimed_until}; only its claim holder records the outcome of a send, and a
 * claim that outlives its holder (a crash) expires and is taken over.
 */
@Repository
public class DeliveryQueue {

	public static final String PENDING = "pending";

	public static final String SENT = "sent";

	public static final String FAILED = "failed";

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final NotificationItems items;

	DeliveryQueue(DSLContext db, TransactionTemplate transactions, NotificationItems items) {
		this.db = db;
		this.transactions = transactions;
		this.items = items;
	}

	/**
	 * The one way a notification is made: each row of {@code which} (its uuid, channel,
	 * customer or null, mirror source event or null) becomes a notification pending since
	 * {@code now}, due at once and not yet tried, in the caller's transaction. Returns
	 * how many were made.
	 */
	public int add(Select<? extends Record4<UUID, Long, Long, Long>> which, Instant now) {
		Table<?> made = which.asTable("made", "uuid", "channel_id", "customer_id", "source_event_id");
		return this.db
			.insertInto(NOTIFICATION, NOTIFICATION.UUID, NOTIFICATION.CHANNEL_ID, NOTIFICATION.CUSTOMER_ID,
					NOTIFICATION.MIRROR_SOURCE_EVENT_ID, NOTIFICATION.STATE, NOTIFICATION.CREATED,
					NOTIFICATION.NEXT_ATTEMPT_AT, NOTIFICATION.ATTEMPT_COUNT)
			.select(select(made.field("uuid", UUID.class), made.field("channel_id", Long.class),
					made.field("customer_id", Long.class), made.field("source_event_id", Long.class), inline(PENDING),
					val(now), val(now), inline(0))
				.from(made))
			.execute();
	}

	/**
	 * Claims up to {@code limit} due notifications for {@code claimant} until
	 * {@code until}; returns their ids. The candidates are locked with SKIP LOCKED, so
	 * dispatchers claiming at once take different rows instead of waiting for each other,
	 * and the update repeats the conditions, so a row is never claimed while another
	 * claim on it is live.
	 */
	List<Long> claim(String claimant, int limit, Instant now, Instant until) {
		Condition claimable = NOTIFICATION.STATE.eq(PENDING)
			.and(NOTIFICATION.NEXT_ATTEMPT_AT.le(now))
			.and(NOTIFICATION.CLAIMED_UNTIL.isNull().or(NOTIFICATION.CLAIMED_UNTIL.lt(now)));
		return this.transactions.execute((tx) -> {
			// Ordered by the (state, next_attempt_at) index: the longest overdue first.
			List<Long> due = this.db.select(NOTIFICATION.ID)
				.from(NOTIFICATION)
				.where(claimable)
				.orderBy(NOTIFICATION.NEXT_ATTEMPT_AT)
				.limit(limit)
				.forUpdate()
				.skipLocked()
				.fetch(NOTIFICATION.ID);
			if (due.isEmpty()) {
				return List.of();
			}
			return this.db.update(NOTIFICATION)
				.set(NOTIFICATION.CLAIMED_BY, claimant)
				.set(NOTIFICATION.CLAIMED_UNTIL, until)
				.where(NOTIFICATION.ID.in(due))
				.and(claimable)
				.returningResult(NOTIFICATION.ID)
				.fetch(Record1::value1);
		});
	}

	/**
	 * Claimed notifications with everything their messages need, in two queries for the
	 * whole batch; a notification deleted meanwhile is left out.
	 */
	List<Message> messages(List<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<Long, List<Item>> items = this.items.of(ids);
		return this.db
			.select(NOTIFICATION.ID, NOTIFICATION.UUID, NOTIFICATION.CREATED, NOTIFICATION.ATTEMPT_COUNT, CUSTOMER.UUID,
					CUSTOMER.NAME)
			.select(NOTIFICATION_CHANNEL.fields())
			.select(MIRROR_SOURCE_EVENT.UUID, MIRROR_SOURCE_EVENT.FROM_STATE, MIRROR_SOURCE_EVENT.TO_STATE,
					MIRROR_SOURCE_EVENT.ERROR, MIRROR_SOURCE_EVENT.CREATED, MIRROR_SOURCE.UUID, MIRROR_SOURCE.NAME,
					MIRROR_SOURCE.URL)
			.from(NOTIFICATION)
			.join(NOTIFICATION_CHANNEL)
			.on(NOTIFICATION_CHANNEL.ID.eq(NOTIFICATION.CHANNEL_ID))
			.leftJoin(CUSTOMER)
			.on(CUSTOMER.ID.eq(NOTIFICATION.CUSTOMER_ID))
			.leftJoin(MIRROR_SOURCE_EVENT)
			.on(MIRROR_SOURCE_EVENT.ID.eq(NOTIFICATION.MIRROR_SOURCE_EVENT_ID))
			.leftJoin(MIRROR_SOURCE)
			.on(MIRROR_SOURCE.ID.eq(MIRROR_SOURCE_EVENT.SOURCE_ID))
			.where(NOTIFICATION.ID.in(ids))
			.orderBy(NOTIFICATION.ID)
			.fetch((r) -> {
				long id = r.get(NOTIFICATION.ID);
				return new Message(id, r.get(NOTIFICATION.UUID), channel(r), r.get(CUSTOMER.UUID), r.get(CUSTOMER.NAME),
						items.getOrDefault(id, List.of()), r.get(NOTIFICATION.CREATED),
						r.get(NOTIFICATION.ATTEMPT_COUNT), source(r));
			});
	}

	/** The source event a notification reports, or null if it names statuses. */
	public static SourceHealthChange source(Record r) {
		if (r.get(MIRROR_SOURCE_EVENT.UUID) == null) {
			return null;
		}
		return new SourceHealthChange(r.get(MIRROR_SOURCE_EVENT.UUID), r.get(MIRROR_SOURCE.UUID),
				r.get(MIRROR_SOURCE.NAME), r.get(MIRROR_SOURCE.URL), r.get(MIRROR_SOURCE_EVENT.FROM_STATE),
				r.get(MIRROR_SOURCE_EVENT.TO_STATE), r.get(MIRROR_SOURCE_EVENT.ERROR),
				r.get(MIRROR_SOURCE_EVENT.CREATED));
	}

	/**
	 * Keeps the attempts and moves each notification on: sent or failed (given up) at its
	 * {@code finished}, or due again at its {@code nextAttempt}; one transaction and two
	 * batched statements for all of them. Returns the new state of each, or null where
	 * the claim was lost meanwhile (the attempt is kept all the same: it happened).
	 */
	List<String> record(List<Attempted> attempts, String claimant) {
		if (attempts.isEmpty()) {
			return List.of();
		}
		return this.transactions.execute((tx) -> {
			var insert = this.db.insertInto(NOTIFICATION_ATTEMPT, NOTIFICATION_ATTEMPT.NOTIFICATION_ID,
					NOTIFICATION_ATTEMPT.ATTEMPTED, NOTIFICATION_ATTEMPT.SUCCEEDED, NOTIFICATION_ATTEMPT.OUTCOME,
					NOTIFICATION_ATTEMPT.HTTP_STATUS, NOTIFICATION_ATTEMPT.LATENCY_MS, NOTIFICATION_ATTEMPT.ERROR);
			for (Attempted a : attempts) {
				Outcome o = a.outcome();
				insert = insert.values(a.id(), a.attempted(), o.succeeded(), (o.summary() != null) ? o.summary() : "",
						o.httpStatus(), o.latencyMs(), o.error());
			}
			insert.execute();
			// Bind values in the order they appear: state, next_attempt_at, finished, id,
			// claimant.
			BatchBindStep update = this.db.batch(this.db.update(NOTIFICATION)
				.set(NOTIFICATION.STATE, param("state", NOTIFICATION.STATE.getDataType()))
				.set(NOTIFICATION.ATTEMPT_COUNT, NOTIFICATION.ATTEMPT_COUNT.plus(inline(1)))
				.set(NOTIFICATION.NEXT_ATTEMPT_AT, param("next", NOTIFICATION.NEXT_ATTEMPT_AT.getDataType()))
				.set(NOTIFICATION.FINISHED, param("finished", NOTIFICATION.FINISHED.getDataType()))
				.set(NOTIFICATION.CLAIMED_BY, inline(null, NOTIFICATION.CLAIMED_BY))
				.set(NOTIFICATION.CLAIMED_UNTIL, inline(null, NOTIFICATION.CLAIMED_UNTIL))
				.where(NOTIFICATION.ID.eq(param("id", NOTIFICATION.ID.getDataType())))
				.and(NOTIFICATION.STATE.eq(inline(PENDING)))
				.and(NOTIFICATION.CLAIMED_BY.eq(param("claimant", NOTIFICATION.CLAIMED_BY.getDataType()))));
			for (Attempted a : attempts) {
				String state = a.state();
				boolean pending = state.equals(PENDING);
				update = update.bind(state, pending ? a.nextAttempt() : null, pending ? null : a.finished(), a.id(),
						claimant);
			}
			int[] changed = update.execute();
			List<String> states = new ArrayList<>(attempts.size());
			for (int i = 0; i < attempts.size(); i++) {
				states.add((changed[i] == 0) ? null : attempts.get(i).state());
			}
			return states;
		});
	}

	/** How many notifications are pending, and when the oldest of them was created. */
	Backlog backlog() {
		Record r = this.db.select(count(), min(NOTIFICATION.CREATED))
			.from(NOTIFICATION)
			.where(NOTIFICATION.STATE.eq(PENDING))
			.fetchOne();
		return new Backlog(r.get(0, Integer.class), r.get(1, Instant.class));
	}

	/**
	 * A channel the caller sees, with its customer's uuid and name (null for a global
	 * channel).
	 */
	public Optional<ChannelOfCustomer> channel(UUID uuid, Caller caller) {
		return this.db.select(CUSTOMER.UUID, CUSTOMER.NAME)
			.select(NOTIFICATION_CHANNEL.fields())
			.from(NOTIFICATION_CHANNEL)
			.leftJoin(CUSTOMER)
			.on(CUSTOMER.ID.eq(NOTIFICATION_CHANNEL.CUSTOMER_ID))
			.where(NOTIFICATION_CHANNEL.UUID.eq(uuid))
			.and(Visibility.alerts(caller, NOTIFICATION_CHANNEL.CUSTOMER_ID))
			.fetchOptional((r) -> new ChannelOfCustomer(channel(r), r.get(CUSTOMER.UUID), r.get(CUSTOMER.NAME)));
	}

	private static Recipient channel(Record r) {
		return new Recipient(r.get(NOTIFICATION_CHANNEL.ID), r.get(NOTIFICATION_CHANNEL.UUID),
				r.get(NOTIFICATION_CHANNEL.NAME), r.get(NOTIFICATION_CHANNEL.KIND), r.get(NOTIFICATION_CHANNEL.URL),
				r.get(NOTIFICATION_CHANNEL.EMAILS), r.get(NOTIFICATION_CHANNEL.SECRET),
				r.get(NOTIFICATION_CHANNEL.CUSTOMER_ID), r.get(NOTIFICATION_CHANNEL.SAVED_BY_STAFF),
				r.get(NOTIFICATION_CHANNEL.ENABLED));
	}

	/**
	 * One send of a claimed notification: begun at {@code attempted}, over at
	 * {@code finished}; {@code nextAttempt} is null to give up (or when it succeeded).
	 */
	record Attempted(long id, Outcome outcome, Instant attempted, Instant finished, Instant nextAttempt) {

		String state() {
			return this.outcome.succeeded() ? SENT : (this.nextAttempt == null) ? FAILED : PENDING;
		}

	}

	record Backlog(int pending, Instant oldest) {
	}

	public record ChannelOfCustomer(Recipient channel, UUID customerUuid, String customerName) {
	}

}
