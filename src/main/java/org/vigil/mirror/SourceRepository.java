package org.vigil.mirror;

import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.vigil.db.tables.records.MirrorSourceRecord;
import org.vigil.directory.MirroredCatalogue;
import org.vigil.status.AgentType;
import org.vigil.system.Clocks;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Mirror sources: registration, the lease, and the outcome of each poll. */
@Repository
class SourceRepository {

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final SourceEvents events;

	private final List<SourceHealthListener> listeners;

	private final MirroredCatalogue catalogue;

	SourceRepository(DSLContext db, TransactionTemplate transactions, Clock clock, SourceEvents events,
			List<SourceHealthListener> listeners, MirroredCatalogue catalogue) {
		this.catalogue = catalogue;
		this.db = db;
		this.transactions = transactions;
		this.clock = clock;
		this.events = events;
		this.listeners = List.copyOf(listeners);
	}

	/** {@code timeouts}: those an operator set. */
	MirrorSource create(String name, String url, String token, Duration pollInterval,
			Map<AgentType, Duration> timeouts) {
		return this.db.insertInto(MIRROR_SOURCE)
			.set(MIRROR_SOURCE.UUID, UUID.randomUUID())
			.set(MIRROR_SOURCE.NAME, name)
			.set(MIRROR_SOURCE.URL, url)
			.set(MIRROR_SOURCE.TOKEN, token)
			.set(MIRROR_SOURCE.POLL_INTERVAL_MS, pollInterval.toMillis())
			.set(MIRROR_SOURCE.TIMEOUTS, SourceTimeouts.format(timeouts))
			.set(MIRROR_SOURCE.STATE, SourceState.NEW.label())
			.set(MIRROR_SOURCE.POLLS_SINCE_RECONCILE, 0)
			.set(MIRROR_SOURCE.CREATED, Clocks.now(this.clock))
			.returning()
			.fetchOne(SourceRepository::source);
	}

	/**
	 * Changes what is given (null: unchanged; {@code timeouts}: all those an operator
	 * set). A new URL or token starts over: the next poll is due at once and is a full
	 * reconcile.
	 */
	void update(long id, String name, String url, String token, Duration pollInterval,
			Map<AgentType, Duration> timeouts) {
		var update = this.db.update(MIRROR_SOURCE).set(MIRROR_SOURCE.ID, id);
		if (name != null) {
			update = update.set(MIRROR_SOURCE.NAME, name);
		}
		if (url != null || token != null) {
			update = update.setNull(MIRROR_SOURCE.HIGH_WATER)
				.setNull(MIRROR_SOURCE.LAST_RECONCILE)
				.setNull(MIRROR_SOURCE.LAST_POLL);
		}
		if (url != null) {
			update = update.set(MIRROR_SOURCE.URL, url);
		}
		if (token != null) {
			update = update.set(MIRROR_SOURCE.TOKEN, token);
		}
		if (pollInterval != null) {
			update = update.set(MIRROR_SOURCE.POLL_INTERVAL_MS, pollInterval.toMillis());
		}
		if (timeouts != null) {
			update = update.set(MIRROR_SOURCE.TIMEOUTS, SourceTimeouts.format(timeouts));
		}
		update.where(MIRROR_SOURCE.ID.eq(id)).execute();
	}

	Optional<MirrorSource> find(UUID uuid) {
		return this.db.selectFrom(MIRROR_SOURCE)
			.where(MIRROR_SOURCE.UUID.eq(uuid))
			.fetchOptional(SourceRepository::source);
	}

	Optional<MirrorSource> find(long id) {
		return this.db.selectFrom(MIRROR_SOURCE).where(MIRROR_SOURCE.ID.eq(id)).fetchOptional(SourceRepository::source);
	}

	Optional<MirrorSource> findByName(String name) {
		return this.db.selectFrom(MIRROR_SOURCE)
			.where(MIRROR_SOURCE.NAME.eq(name))
			.fetchOptional(SourceRepository::source);
	}

	boolean nameTaken(String name, Long except) {
		Condition other = (except != null) ? MIRROR_SOURCE.ID.ne(except) : DSL.noCondition();
		return this.db.fetchExists(MIRROR_SOURCE, MIRROR_SOURCE.NAME.eq(name).and(other));
	}

	long count() {
		return this.db.fetchCount(MIRROR_SOURCE);
	}

	List<MirrorSource> page(Page page) {
		return this.db.selectFrom(MIRROR_SOURCE)
			.orderBy(MIRROR_SOURCE.ID)
			.limit(page.size())
			.offset(page.offset())
			.fetch(SourceRepository::source);
	}

	List<Long> ids() {
		return this.db.select(MIRROR_SOURCE.ID).from(MIRROR_SOURCE).orderBy(MIRROR_SOURCE.ID).fetch(MIRROR_SOURCE.ID);
	}

	/** How many customers, offerings and statuses the source feeds. */
	Counts counts(long id) {
		long customers = this.db.fetchCount(CUSTOMER, CUSTOMER.SOURCE_ID.eq(id));
		long offerings = this.db.fetchCount(OFFERING, OFFERING.SOURCE_ID.eq(id));
		long statuses = this.db.fetchCount(this.db.selectOne()
			.from(INTEGRATION_STATUS)
			.join(OFFERING)
			.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
			.where(OFFERING.SOURCE_ID.eq(id)));
		return new Counts(customers, offerings, statuses);
	}

	/**
	 * Removes the source with everything mirrored from it (statuses and their history go
	 * with their offerings).
	 */
	void delete(long id) {
		this.transactions.executeWithoutResult((tx) -> {
			this.db.selectFrom(MIRROR_SOURCE).where(MIRROR_SOURCE.ID.eq(id)).forUpdate().fetch();
			this.catalogue.removeSource(id);
			this.db.deleteFrom(MIRROR_SOURCE).where(MIRROR_SOURCE.ID.eq(id)).execute();
		});
	}

	/**
	 * Takes or renews the lease on a source for {@code holder}: true if this instance
	 * holds it now. A lease nobody renewed in time is free.
	 */
	boolean lease(long id, String holder, Duration length) {
		Instant now = Clocks.now(this.clock);
		return this.db.update(MIRROR_SOURCE)
			.set(MIRROR_SOURCE.LEASE_HOLDER, holder)
			.set(MIRROR_SOURCE.LEASE_UNTIL, now.plus(length))
			.where(MIRROR_SOURCE.ID.eq(id))
			.and(MIRROR_SOURCE.LEASE_HOLDER.isNull()
				.or(MIRROR_SOURCE.LEASE_HOLDER.eq(holder))
				.or(MIRROR_SOURCE.LEASE_UNTIL.lt(now)))
			.execute() == 1;
	}

	/** Lets go of the lease (on shutdown), so another instance takes over at once. */
	void release(String holder) {
		this.db.update(MIRROR_SOURCE)
			.setNull(MIRROR_SOURCE.LEASE_HOLDER)
			.setNull(MIRROR_SOURCE.LEASE_UNTIL)
			.where(MIRROR_SOURCE.LEASE_HOLDER.eq(holder))
			.execute();
	}

	/**
	 * A pass that read everything it meant to. Returns the state the source had before
	 * (null if it was deleted meanwhile).
	 */
	SourceState succeeded(long id, Instant polled, Instant highWater, boolean reconciled) {
		return this.transactions.execute((tx) -> {
			SourceState before = lockState(id);
			if (before == null) {
				return null;
			}
			writeSuccess(id, polled, highWater, reconciled);
			changed(id, before, SourceState.HEALTHY, null, polled);
			return before;
		});
	}

	/**
	 * A pass that failed: the source is frozen. Returns the state it had before (null if
	 * it was deleted meanwhile).
	 */
	SourceState failed(long id, Instant polled, SourceState state, String error) {
		String kept = error.substring(0, Math.min(error.length(), 500));
		return this.transactions.execute((tx) -> {
			SourceState before = lockState(id);
			if (before == null) {
				return null;
			}
			this.db.update(MIRROR_SOURCE)
				.set(MIRROR_SOURCE.STATE, state.label())
				.set(MIRROR_SOURCE.LAST_POLL, polled)
				.set(MIRROR_SOURCE.LAST_ERROR, kept)
				.set(MIRROR_SOURCE.LAST_ERROR_AT, polled)
				.where(MIRROR_SOURCE.ID.eq(id))
				.execute();
			changed(id, before, state, kept, polled);
			return before;
		});
	}

	/**
	 * The state as it is now, the row locked until the change is written, so that two
	 * instances (a lease taken over mid-poll) cannot both record the same change. Null if
	 * the source was deleted meanwhile: there is nothing left to record.
	 */
	private SourceState lockState(long id) {
		String state = this.db.select(MIRROR_SOURCE.STATE)
			.from(MIRROR_SOURCE)
			.where(MIRROR_SOURCE.ID.eq(id))
			.forUpdate()
			.fetchOne(MIRROR_SOURCE.STATE);
		return (state != null) ? SourceState.of(state) : null;
	}

	/**
	 * Every change of state is kept as an event; only a change of health (into or out of
	 * an unhealthy state) is told to the listeners (alerts, for the global channels), so
	 * a source that keeps failing sends one message, not one a poll.
	 */
	private void changed(long id, SourceState before, SourceState after, String error, Instant at) {
		if (before == after) {
			return;
		}
		long event = this.events.record(id, before, after, error, at);
		if (before.unhealthy() != after.unhealthy()) {
			this.listeners.forEach((listener) -> listener.healthChanged(id, event, at));
		}
	}

	private void writeSuccess(long id, Instant polled, Instant highWater, boolean reconciled) {
		var update = this.db.update(MIRROR_SOURCE)
			.set(MIRROR_SOURCE.STATE, SourceState.HEALTHY.label())
			.set(MIRROR_SOURCE.LAST_POLL, polled)
			.set(MIRROR_SOURCE.LAST_SUCCESS, polled)
			.set(MIRROR_SOURCE.HIGH_WATER, highWater);
		if (reconciled) {
			update = update.set(MIRROR_SOURCE.LAST_RECONCILE, polled).set(MIRROR_SOURCE.POLLS_SINCE_RECONCILE, 0);
		}
		else {
			update = update.set(MIRROR_SOURCE.POLLS_SINCE_RECONCILE, MIRROR_SOURCE.POLLS_SINCE_RECONCILE.plus(1));
		}
		update.where(MIRROR_SOURCE.ID.eq(id)).execute();
	}

	private static MirrorSource source(Record r) {
		MirrorSourceRecord s = r.into(MIRROR_SOURCE);
		return new MirrorSource(s.getId(), s.getUuid(), s.getName(), s.getUrl(), s.getToken(),
				Duration.ofMillis(s.getPollIntervalMs()), SourceTimeouts.overrides(s.getTimeouts()),
				SourceState.of(s.getState()), s.getLastPoll(), s.getLastSuccess(), s.getLastError(), s.getLastErrorAt(),
				s.getHighWater(), s.getLastReconcile(), s.getPollsSinceReconcile(), s.getCreated());
	}

	record Counts(long customers, long offerings, long statuses) {
	}

}
