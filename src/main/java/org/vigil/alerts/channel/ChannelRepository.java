package org.vigil.alerts.channel;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL_OFFERING;
import static org.vigil.db.Tables.OFFERING;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.vigil.alerts.planning.ChannelAlertStates;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.status.AgentType;
import org.vigil.system.Clocks;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notification channels. A change that affects what the planner remembers for a channel
 * is made in the same transaction: disabling forgets its alert state, and a new
 * {@code alert_after} or {@code repeat_every} moves the pending due times.
 */
@Repository
class ChannelRepository {

	private final DSLContext db;

	private final Clock clock;

	private final ChannelAlertStates alertStates;

	ChannelRepository(DSLContext db, Clock clock, ChannelAlertStates alertStates) {
		this.db = db;
		this.clock = clock;
		this.alertStates = alertStates;
	}

	@Transactional
	Channel create(ChannelSettings settings) {
		long id = this.db.insertInto(NOTIFICATION_CHANNEL)
			.set(NOTIFICATION_CHANNEL.UUID, UUID.randomUUID())
			.set(NOTIFICATION_CHANNEL.NAME, settings.name())
			.set(NOTIFICATION_CHANNEL.KIND, settings.kind())
			.set(NOTIFICATION_CHANNEL.URL, settings.url())
			.set(NOTIFICATION_CHANNEL.EMAILS, emails(settings.emails()))
			.set(NOTIFICATION_CHANNEL.SECRET, settings.secret())
			.set(NOTIFICATION_CHANNEL.CUSTOMER_ID, settings.customerId())
			.set(NOTIFICATION_CHANNEL.AGENT_TYPES, agentTypes(settings.agentTypes()))
			.set(NOTIFICATION_CHANNEL.ALERT_AFTER_SECONDS, settings.alertAfter().toSeconds())
			.set(NOTIFICATION_CHANNEL.REPEAT_EVERY_SECONDS, seconds(settings.repeatEvery()))
			.set(NOTIFICATION_CHANNEL.ENABLED, settings.enabled())
			.set(NOTIFICATION_CHANNEL.SAVED_BY_STAFF, settings.savedByStaff())
			.set(NOTIFICATION_CHANNEL.CREATED, Clocks.now(this.clock))
			.returningResult(NOTIFICATION_CHANNEL.ID)
			.fetchSingle()
			.value1();
		replaceOfferings(id, settings.offeringIds());
		return find(NOTIFICATION_CHANNEL.ID.eq(id)).orElseThrow();
	}

	@Transactional
	Channel update(Channel channel, ChannelSettings settings) {
		var update = this.db.update(NOTIFICATION_CHANNEL)
			.set(NOTIFICATION_CHANNEL.NAME, settings.name())
			.set(NOTIFICATION_CHANNEL.URL, settings.url())
			.set(NOTIFICATION_CHANNEL.EMAILS, emails(settings.emails()))
			.set(NOTIFICATION_CHANNEL.AGENT_TYPES, agentTypes(settings.agentTypes()))
			.set(NOTIFICATION_CHANNEL.ALERT_AFTER_SECONDS, settings.alertAfter().toSeconds())
			.set(NOTIFICATION_CHANNEL.REPEAT_EVERY_SECONDS, seconds(settings.repeatEvery()))
			.set(NOTIFICATION_CHANNEL.ENABLED, settings.enabled())
			.set(NOTIFICATION_CHANNEL.SAVED_BY_STAFF, settings.savedByStaff());
		if (settings.secretGiven()) {
			update = update.set(NOTIFICATION_CHANNEL.SECRET, settings.secret());
		}
		update.where(NOTIFICATION_CHANNEL.ID.eq(channel.id())).execute();
		if (settings.offeringIds() != null) {
			this.db.deleteFrom(NOTIFICATION_CHANNEL_OFFERING)
				.where(NOTIFICATION_CHANNEL_OFFERING.CHANNEL_ID.eq(channel.id()))
				.execute();
			replaceOfferings(channel.id(), settings.offeringIds());
		}
		if (!settings.enabled()) {
			this.alertStates.forget(channel.id());
		}
		if (!settings.alertAfter().equals(channel.alertAfter())) {
			this.alertStates.alertAfterChanged(channel.id(), settings.alertAfter());
		}
		if (!Objects.equals(settings.repeatEvery(), channel.repeatEvery())) {
			this.alertStates.repeatEveryChanged(channel.id(), settings.repeatEvery(), Clocks.now(this.clock));
		}
		return find(NOTIFICATION_CHANNEL.ID.eq(channel.id())).orElseThrow();
	}

	/** Its alert state, pending items and notifications go with it. */
	@Transactional
	void delete(long id) {
		this.db.deleteFrom(NOTIFICATION_CHANNEL).where(NOTIFICATION_CHANNEL.ID.eq(id)).execute();
	}

	/** The channel if the caller sees it. */
	Optional<Channel> visible(UUID uuid, Caller caller) {
		return find(
				NOTIFICATION_CHANNEL.UUID.eq(uuid).and(Visibility.alerts(caller, NOTIFICATION_CHANNEL.CUSTOMER_ID)));
	}

	long count(Caller caller, Filter filter) {
		return count(seen(caller, filter));
	}

	List<Channel> page(Caller caller, Filter filter, Page page) {
		return page(seen(caller, filter), page);
	}

	/**
	 * The channels the caller sees, of the filter's customer and kind when it names them.
	 */
	private static Condition seen(Caller caller, Filter filter) {
		Condition condition = Visibility.alerts(caller, NOTIFICATION_CHANNEL.CUSTOMER_ID);
		if (filter.customerUuid() != null) {
			condition = condition.and(CUSTOMER.UUID.eq(filter.customerUuid()));
		}
		if (filter.kind() != null) {
			condition = condition.and(NOTIFICATION_CHANNEL.KIND.eq(filter.kind()));
		}
		return condition;
	}

	private Optional<Channel> find(Condition condition) {
		return selectChannels().where(condition).fetchOptional(this::channel);
	}

	private long count(Condition condition) {
		return this.db.fetchCount(this.db.selectOne()
			.from(NOTIFICATION_CHANNEL)
			.leftJoin(CUSTOMER)
			.on(CUSTOMER.ID.eq(NOTIFICATION_CHANNEL.CUSTOMER_ID))
			.where(condition));
	}

	private List<Channel> page(Condition condition, Page page) {
		return selectChannels().where(condition)
			.orderBy(NOTIFICATION_CHANNEL.ID)
			.limit(page.size())
			.offset(page.offset())
			.fetch(this::channel);
	}

	private void replaceOfferings(long channelId, List<Long> offeringIds) {
		if (offeringIds == null) {
			return;
		}
		for (long offeringId : offeringIds) {
			this.db.insertInto(NOTIFICATION_CHANNEL_OFFERING)
				.set(NOTIFICATION_CHANNEL_OFFERING.CHANNEL_ID, channelId)
				.set(NOTIFICATION_CHANNEL_OFFERING.OFFERING_ID, offeringId)
				.execute();
		}
	}

	private SelectOnConditionStep<? extends Record> selectChannels() {
		return this.db
			.select(NOTIFICATION_CHANNEL.ID, NOTIFICATION_CHANNEL.UUID, NOTIFICATION_CHANNEL.NAME,
					NOTIFICATION_CHANNEL.KIND, NOTIFICATION_CHANNEL.URL, NOTIFICATION_CHANNEL.EMAILS,
					field(NOTIFICATION_CHANNEL.SECRET.isNotNull()).as("has_secret"), NOTIFICATION_CHANNEL.CUSTOMER_ID,
					CUSTOMER.UUID, CUSTOMER.NAME, NOTIFICATION_CHANNEL.AGENT_TYPES,
					NOTIFICATION_CHANNEL.ALERT_AFTER_SECONDS, NOTIFICATION_CHANNEL.REPEAT_EVERY_SECONDS,
					NOTIFICATION_CHANNEL.ENABLED, NOTIFICATION_CHANNEL.SAVED_BY_STAFF, NOTIFICATION_CHANNEL.CREATED,
					multiset(select(OFFERING.UUID).from(NOTIFICATION_CHANNEL_OFFERING)
						.join(OFFERING)
						.on(OFFERING.ID.eq(NOTIFICATION_CHANNEL_OFFERING.OFFERING_ID))
						.where(NOTIFICATION_CHANNEL_OFFERING.CHANNEL_ID.eq(NOTIFICATION_CHANNEL.ID))
						.orderBy(OFFERING.ID)).as("offerings").convertFrom((r) -> r.map((o) -> o.value1())))
			.from(NOTIFICATION_CHANNEL)
			.leftJoin(CUSTOMER)
			.on(CUSTOMER.ID.eq(NOTIFICATION_CHANNEL.CUSTOMER_ID));
	}

	@SuppressWarnings("unchecked")
	private Channel channel(Record row) {
		String emails = row.get(NOTIFICATION_CHANNEL.EMAILS);
		String types = row.get(NOTIFICATION_CHANNEL.AGENT_TYPES);
		Long repeat = row.get(NOTIFICATION_CHANNEL.REPEAT_EVERY_SECONDS);
		return new Channel(row.get(NOTIFICATION_CHANNEL.ID), row.get(NOTIFICATION_CHANNEL.UUID),
				row.get(NOTIFICATION_CHANNEL.NAME), row.get(NOTIFICATION_CHANNEL.KIND),
				row.get(NOTIFICATION_CHANNEL.URL), (emails != null) ? List.of(emails.split(",")) : List.of(),
				row.get("has_secret", Boolean.class), row.get(NOTIFICATION_CHANNEL.CUSTOMER_ID), row.get(CUSTOMER.UUID),
				row.get(CUSTOMER.NAME), (List<UUID>) row.get("offerings"),
				(types != null)
						? Arrays.stream(types.split(",")).map((t) -> AgentType.ofCode(Short.parseShort(t))).toList()
						: List.of(),
				Duration.ofSeconds(row.get(NOTIFICATION_CHANNEL.ALERT_AFTER_SECONDS)),
				(repeat != null) ? Duration.ofSeconds(repeat) : null, row.get(NOTIFICATION_CHANNEL.ENABLED),
				row.get(NOTIFICATION_CHANNEL.SAVED_BY_STAFF), row.get(NOTIFICATION_CHANNEL.CREATED));
	}

	private static String emails(List<String> emails) {
		return emails.isEmpty() ? null : String.join(",", emails);
	}

	/** Comma-separated codes, as the planner matches them; null for every type. */
	static String agentTypes(List<AgentType> types) {
		return types.isEmpty() ? null
				: types.stream().map((t) -> Short.toString(t.code())).collect(Collectors.joining(","));
	}

	private static Long seconds(Duration duration) {
		return (duration != null) ? duration.toSeconds() : null;
	}

	/**
	 * The list's query parameters: a customer's channels, channels of a kind (null: any).
	 */
	record Filter(UUID customerUuid, String kind) {
	}

}
