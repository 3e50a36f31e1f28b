package org.vigil.alerts.history;

import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.MIRROR_SOURCE_EVENT;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_ATTEMPT;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.vigil.alerts.delivery.DeliveryQueue;
import org.vigil.alerts.delivery.Item;
import org.vigil.alerts.delivery.NotificationItems;
import org.vigil.alerts.delivery.SourceHealthChange;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;

/**
 * Reads deliveries for the API, newest first: a page of notifications, then the items and
 * the attempts of the whole page in one query each.
 */
@Repository
class NotificationRepository {

	private final DSLContext db;

	private final NotificationItems items;

	NotificationRepository(DSLContext db, NotificationItems items) {
		this.db = db;
		this.items = items;
	}

	/**
	 * The notifications the caller sees that {@code filter} selects
	 * ({@link NotificationFilter}).
	 */
	long count(Caller caller, Condition filter) {
		return count(seen(caller).and(filter));
	}

	List<Delivery> page(Caller caller, Condition filter, Page page) {
		return page(seen(caller).and(filter), page);
	}

	/** The notification if the caller sees it. */
	Optional<Delivery> visible(UUID uuid, Caller caller) {
		return find(uuid, seen(caller));
	}

	/** Seen by whoever sees the channel's customer. */
	private static Condition seen(Caller caller) {
		return Visibility.alerts(caller, NOTIFICATION_CHANNEL.CUSTOMER_ID);
	}

	/** Conditions may name notification and notification_channel. */
	private long count(Condition condition) {
		return this.db.fetchCount(this.db.selectOne()
			.from(NOTIFICATION)
			.join(NOTIFICATION_CHANNEL)
			.on(NOTIFICATION_CHANNEL.ID.eq(NOTIFICATION.CHANNEL_ID))
			.where(condition));
	}

	private List<Delivery> page(Condition condition, Page page) {
		return complete(select().where(condition)
			.orderBy(NOTIFICATION.ID.desc())
			.limit(page.size())
			.offset(page.offset())
			.fetch());
	}

	private Optional<Delivery> find(UUID uuid, Condition condition) {
		return complete(select().where(NOTIFICATION.UUID.eq(uuid)).and(condition).fetch()).stream().findFirst();
	}

	private SelectOnConditionStep<? extends Record> select() {
		return this.db
			.select(NOTIFICATION.ID, NOTIFICATION.UUID, NOTIFICATION.STATE, NOTIFICATION.CREATED, NOTIFICATION.FINISHED,
					NOTIFICATION.NEXT_ATTEMPT_AT, NOTIFICATION.ATTEMPT_COUNT, NOTIFICATION_CHANNEL.UUID,
					NOTIFICATION_CHANNEL.NAME, CUSTOMER.UUID, CUSTOMER.NAME)
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
			.on(MIRROR_SOURCE.ID.eq(MIRROR_SOURCE_EVENT.SOURCE_ID));
	}

	private List<Delivery> complete(List<? extends Record> rows) {
		List<Long> ids = rows.stream().map((r) -> r.get(NOTIFICATION.ID)).toList();
		Map<Long, List<Item>> items = this.items.of(ids);
		Map<Long, List<Attempt>> attempts = attempts(ids);
		return rows.stream().map((r) -> {
			long id = r.get(NOTIFICATION.ID);
			return new Delivery(r.get(NOTIFICATION.UUID), r.get(NOTIFICATION_CHANNEL.UUID),
					r.get(NOTIFICATION_CHANNEL.NAME), r.get(CUSTOMER.UUID), r.get(CUSTOMER.NAME),
					r.get(NOTIFICATION.STATE), r.get(NOTIFICATION.CREATED), r.get(NOTIFICATION.FINISHED),
					r.get(NOTIFICATION.NEXT_ATTEMPT_AT), r.get(NOTIFICATION.ATTEMPT_COUNT),
					items.getOrDefault(id, List.of()), attempts.getOrDefault(id, List.of()), DeliveryQueue.source(r));
		}).toList();
	}

	private Map<Long, List<Attempt>> attempts(List<Long> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		return this.db
			.select(NOTIFICATION_ATTEMPT.NOTIFICATION_ID, NOTIFICATION_ATTEMPT.ATTEMPTED,
					NOTIFICATION_ATTEMPT.SUCCEEDED, NOTIFICATION_ATTEMPT.OUTCOME, NOTIFICATION_ATTEMPT.HTTP_STATUS,
					NOTIFICATION_ATTEMPT.LATENCY_MS, NOTIFICATION_ATTEMPT.ERROR)
			.from(NOTIFICATION_ATTEMPT)
			.where(NOTIFICATION_ATTEMPT.NOTIFICATION_ID.in(ids))
			.orderBy(NOTIFICATION_ATTEMPT.NOTIFICATION_ID, NOTIFICATION_ATTEMPT.ID)
			.fetch()
			.stream()
			.collect(Collectors.groupingBy((r) -> r.get(NOTIFICATION_ATTEMPT.NOTIFICATION_ID), Collectors.mapping(
					(r) -> new Attempt(r.get(NOTIFICATION_ATTEMPT.ATTEMPTED), r.get(NOTIFICATION_ATTEMPT.SUCCEEDED),
							r.get(NOTIFICATION_ATTEMPT.OUTCOME), r.get(NOTIFICATION_ATTEMPT.HTTP_STATUS),
							r.get(NOTIFICATION_ATTEMPT.LATENCY_MS), r.get(NOTIFICATION_ATTEMPT.ERROR)),
					Collectors.toList())));
	}

	record Delivery(UUID uuid, UUID channelUuid, String channelName, UUID customerUuid, String customerName,
			String state, Instant created, Instant finished, Instant nextAttemptAt, int attemptCount, List<Item> items,
			List<Attempt> attempts, SourceHealthChange source) {
	}

	record Attempt(Instant attempted, boolean succeeded, String outcome, Integer httpStatus, int latencyMs,
			String error) {
	}

}
