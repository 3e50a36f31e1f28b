package org.vigil.status;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.SQLDataType;
import org.vigil.status.StatusChanges.CheckedIn;
import org.vigil.status.StatusEvents.Transition;
import org.vigil.status.StatusLocks.Locked;
import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.Interval;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.status.rhythm.Rhythm;
import org.vigil.status.rhythm.Timeout;
import org.vigil.system.Clocks;

/**
 * The SQL of {@link StatusChanges#checkIn}, inside its transaction: create what is
 * missing, move everything to Active with a new deadline, and record one {@code check_in}
 * event per status that changed.
 *
 * The steady state (the status exists and is Active) is one batched conditional update
 * and the commit:
 * {@code UPDATE ... WHERE offering_id = ? AND agent_type = ? AND status = Active}. A row
 * that update did not touch is missing or not Active, and takes the slow path: lock it,
 * create it if missing, update it, and write its event. The slow path takes its time only
 * once it holds the locks, and never earlier than the last event of a status it changes
 * (see {@link StatusChanges}).
 */
final class CheckInBatch {

	private final DSLContext db;

	/**
	 * The steady-state update ({@link #updateActive}). On PostgreSQL, its time limit is
	 * the server's {@code statement_timeout}, set for the transaction just before it,
	 * instead of the driver's: that schedules and cancels a task on a shared
	 * {@link java.util.Timer} for every statement, which cost the writer thread more than
	 * the rest of the batch. H2 keeps the driver's, which needs no timer.
	 */
	private final String steadySql;

	/** What {@link #steadySql} binds, in order. */
	private final Bind[] steadyBinds;

	private final String statementTimeout;

	private final int queryTimeoutSeconds;

	private final Timeouts timeouts;

	private final StatusEvents events;

	private final Clock clock;

	private final PhiAccrual phi;

	/** When Vigil's own last downtime ended (see {@link StatusChanges#watchedSince}). */
	private volatile Instant watchedSince;

	/**
	 * A status's UUID never changes and statuses are never deleted on their own: safe to
	 * keep.
	 */
	private final Cache<StatusKey, UUID> uuids = Caffeine.newBuilder().maximumSize(2_000_000).build();

	CheckInBatch(DSLContext db, Timeouts timeouts, StatusEvents events, Clock clock) {
		this.db = db;
		Integer seconds = db.settings().getQueryTimeout();
		this.queryTimeoutSeconds = (seconds == null) ? 0 : seconds;
		this.statementTimeout = (db.dialect().family() == SQLDialect.POSTGRES && this.queryTimeoutSeconds > 0)
				? "SET LOCAL statement_timeout = " + (this.queryTimeoutSeconds * 1000L) : null;
		this.phi = timeouts.rhythms();
		Steady steady = steadySql(db, this.phi);
		this.steadySql = steady.sql();
		this.steadyBinds = steady.binds();
		this.timeouts = timeouts;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Writes the batch (service names by status) in the caller's transaction; the UUIDs
	 * it had to read go to {@code learned}.
	 */
	Map<StatusKey, CheckedIn> write(Map<StatusKey, String> latest, Map<StatusKey, UUID> learned) {
		Instant now = Clocks.now(this.clock);
		List<StatusKey> keys = new ArrayList<>(latest.keySet());
		keys.sort(StatusKey.ORDER);

		List<StatusKey> rest = updateActive(keys, latest, now);
		Set<StatusKey> changed = new HashSet<>();
		Instant activated = rest.isEmpty() ? now : activate(rest, latest, now, changed);
		Set<StatusKey> slow = new HashSet<>(rest);
		Map<StatusKey, CheckedIn> written = new HashMap<>();
		if (this.phi.learning().enabled()) {
			// The new deadlines were computed by the database from each row's rhythm.
			Map<StatusKey, Renewed> renewed = renewed(keys);
			renewed.forEach((key, r) -> {
				if (!this.uuids.asMap().containsKey(key)) {
					learned.put(key, r.uuid());
				}
			});
			for (StatusKey key : keys) {
				Renewed r = renewed.get(key);
				Instant at = slow.contains(key) ? activated : now;
				written.put(key,
						new CheckedIn(r.uuid(), at, r.deadline(), changed.contains(key), r.basis(), r.rhythm()));
			}
			return written;
		}
		Map<StatusKey, UUID> found = uuids(keys, learned);
		for (StatusKey key : keys) {
			Instant at = slow.contains(key) ? activated : now;
			written.put(key, new CheckedIn(found.get(key), at, deadline(key, at), changed.contains(key),
					Basis.CONFIGURED, null));
		}
		return written;
	}

	/**
	 * Once the batch committed: a status created by a rolled-back batch must not be
	 * remembered.
	 */
	void remember(Map<StatusKey, UUID> learned) {
		this.uuids.putAll(learned);
	}

	/**
	 * The steady state: renews every status that exists and is Active; returns the other
	 * keys. One prepared statement with a row of binds per check-in, sent as plain JDBC:
	 * jOOQ building, rendering and binding the same statement for every batch cost the
	 * writer thread more than the driver's own work (measured with Flight Recorder).
	 */
	private List<StatusKey> updateActive(List<StatusKey> keys, Map<StatusKey, String> latest, Instant now) {
		int[] counts = this.db.connectionResult((connection) -> {
			if (this.statementTimeout != null) {
				try (Statement limit = connection.createStatement()) {
					limit.execute(this.statementTimeout);
				}
			}
			try (PreparedStatement update = connection.prepareStatement(this.steadySql)) {
				if (this.statementTimeout == null) {
					update.setQueryTimeout(this.queryTimeoutSeconds);
				}
				OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
				double nowMillis = now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
				Instant downtimeEnd = this.watchedSince;
				OffsetDateTime watched = (downtimeEnd != null) ? downtimeEnd.atOffset(ZoneOffset.UTC) : null;
				for (StatusKey key : keys) {
					for (int i = 0; i < this.steadyBinds.length; i++) {
						int at1 = i + 1;
						switch (this.steadyBinds[i]) {
							case NOW -> update.setObject(at1, at);
							case SERVICE -> update.setString(at1, latest.get(key));
							case DEADLINE -> update.setObject(at1, deadline(key, now).atOffset(ZoneOffset.UTC));
							case NOW_MILLIS -> update.setDouble(at1, nowMillis);
							case CONFIGURED_MILLIS -> update.setLong(at1, this.timeouts.timeout(key.type()).toMillis());
							case FLOOR_MILLIS -> update.setLong(at1, floorMillis(key.type()));
							case WATCHED_SINCE -> {
								if (watched == null) {
									update.setNull(at1, Types.TIMESTAMP_WITH_TIMEZONE);
								}
								else {
									update.setObject(at1, watched);
								}
							}
							case OFFERING -> update.setLong(at1, key.offeringId());
							case TYPE -> update.setShort(at1, key.type().code());
						}
					}
					update.addBatch();
				}
				return update.executeBatch();
			}
		});
		List<StatusKey> rest = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			if (counts[i] == 0) {
				rest.add(keys.get(i));
			}
		}
		return rest;
	}

	/**
	 * The steady-state update as {@link #updateActive} binds it: no indexed column
	 * changes unless the new deadline is earlier than sweep_after (a shorter timeout than
	 * before, or a shorter learned deadline), so PostgreSQL updates the row in place
	 * (HOT). With learning on, the rhythm, the deadline, its basis and when the status
	 * becomes late are computed by the statement from the old row ({@link RhythmSql});
	 * with it off, the statement is the configured timeout's alone.
	 */
	private static Steady steadySql(DSLContext db, PhiAccrual phi) {
		Field<Instant> now = Bind.NOW.field(SQLDataType.INSTANT);
		Field<Instant> deadline;
		Map<Field<?>, Field<?>> rhythm = Map.of();
		if (phi.learning().enabled()) {
			RhythmSql sql = new RhythmSql(db.dialect(), phi, now, Bind.NOW_MILLIS.field(SQLDataType.DOUBLE),
					Bind.CONFIGURED_MILLIS.field(SQLDataType.BIGINT), Bind.FLOOR_MILLIS.field(SQLDataType.BIGINT),
					Bind.WATCHED_SINCE.field(SQLDataType.INSTANT));
			deadline = sql.deadline();
			rhythm = sql.rhythm();
		}
		else {
			deadline = Bind.DEADLINE.field(SQLDataType.INSTANT);
		}
		Query update = db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, now)
			.set(INTEGRATION_STATUS.SERVICE_NAME, Bind.SERVICE.field(SQLDataType.VARCHAR))
			.set(INTEGRATION_STATUS.DEADLINE, deadline)
			.set(INTEGRATION_STATUS.SWEEP_AFTER,
					when(INTEGRATION_STATUS.SWEEP_AFTER.le(deadline), INTEGRATION_STATUS.SWEEP_AFTER)
						.otherwise(deadline))
			.set(rhythm)
			.where(INTEGRATION_STATUS.OFFERING_ID.eq(Bind.OFFERING.field(SQLDataType.BIGINT)))
			.and(INTEGRATION_STATUS.AGENT_TYPE.eq(Bind.TYPE.field(SQLDataType.SMALLINT)))
			.and(INTEGRATION_STATUS.STATUS.eq(inline(Status.ACTIVE.code())))
			.and(notNewerThan(now));
		List<Object> values = update.getBindValues();
		Bind[] binds = new Bind[values.size()];
		for (int i = 0; i < binds.length; i++) {
			binds[i] = Bind.of(values.get(i));
			if (binds[i] == null) {
				throw new IllegalStateException("The steady check-in binds " + values.get(i) + " at " + (i + 1)
						+ ", which updateActive does not set: " + db.render(update));
			}
		}
		if (!phi.learning().enabled() && binds.length != 8) {
			throw new IllegalStateException("The steady check-in has " + binds.length
					+ " binds where updateActive sets 8: " + db.render(update));
		}
		return new Steady(db.render(update), binds);
	}

	/** The steady statement and what it binds, in order. */
	private record Steady(String sql, Bind[] binds) {
	}

	/**
	 * What the steady statement binds. Each is built as a parameter with a value of its
	 * own, so that the order jOOQ renders them in can be read back from the query.
	 */
	private enum Bind {

		NOW(Instant.ofEpochSecond(1)), SERVICE("(service name)"), DEADLINE(Instant.ofEpochSecond(2)), NOW_MILLIS(-1.0),
		CONFIGURED_MILLIS(-2L), FLOOR_MILLIS(-3L), WATCHED_SINCE(Instant.ofEpochSecond(3)), OFFERING(-4L),
		TYPE((short) -5);

		private final Object marker;

		Bind(Object marker) {
			this.marker = marker;
		}

		@SuppressWarnings("unchecked")
		<T> Field<T> field(DataType<T> type) {
			return val((T) this.marker, type);
		}

		static Bind of(Object value) {
			for (Bind bind : values()) {
				if (bind.marker.equals(value)) {
					return bind;
				}
			}
			return null;
		}

	}

	/**
	 * The explicitly configured timeout of this type, a floor under a learned one; else
	 * 0.
	 */
	private long floorMillis(AgentType type) {
		return this.timeouts.explicit(type) ? this.timeouts.timeout(type).toMillis() : 0;
	}

	/** See {@link StatusChanges#watchedSince}. */
	void watchedSince(Instant end) {
		this.watchedSince = end;
	}

	/**
	 * The slow path, for statuses that are missing or not Active: with events. Returns
	 * the time it wrote, taken once the rows are locked (see the class comment), and adds
	 * the statuses whose status it changed to {@code changed}.
	 */
	private Instant activate(List<StatusKey> keys, Map<StatusKey, String> latest, Instant start,
			Set<StatusKey> changed) {
		Map<StatusKey, Locked> existing = StatusLocks.lock(this.db, keys);
		Instant now = after(start, lastEvent(existing.values()));
		List<StatusKey> missing = keys.stream().filter((key) -> !existing.containsKey(key)).toList();
		Set<UUID> created = new HashSet<>();
		if (!missing.isEmpty()) {
			created.addAll(insert(missing, latest, now));
			existing.putAll(StatusLocks.lock(this.db, missing));
		}
		BatchBindStep update = this.db.batch(this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.STATUS, Status.ACTIVE.code())
			.set(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, (Instant) null)
			.set(INTEGRATION_STATUS.SERVICE_NAME, (String) null)
			.set(INTEGRATION_STATUS.DEADLINE, (Instant) null)
			.set(INTEGRATION_STATUS.SWEEP_AFTER, (Instant) null)
			.set(INTEGRATION_STATUS.SEEN_FLOOR, (Instant) null)
			.set(INTEGRATION_STATUS.RHYTHM_SAMPLES, (Short) null)
			.set(INTEGRATION_STATUS.RHYTHM_MEAN, (Double) null)
			.set(INTEGRATION_STATUS.RHYTHM_VARIANCE, (Double) null)
			.set(INTEGRATION_STATUS.RHYTHM_LONGEST, (Long) null)
			.set(INTEGRATION_STATUS.RHYTHM_RUN, (Short) null)
			.set(INTEGRATION_STATUS.RHYTHM_RUN_MEAN, (Double) null)
			.set(INTEGRATION_STATUS.RHYTHM_RUN_SQUARES, (Double) null)
			.set(INTEGRATION_STATUS.TIMEOUT_BASIS, (Short) null)
			.set(INTEGRATION_STATUS.LATE_AFTER, (Instant) null)
			.where(INTEGRATION_STATUS.ID.eq((Long) null))
			.and(notNewerThan((Instant) null)));
		List<Transition> transitions = new ArrayList<>();
		for (StatusKey key : keys) {
			Locked row = existing.get(key);
			if (created.contains(row.uuid())) {
				transitions.add(new Transition(row.id(), Status.UNKNOWN, Status.ACTIVE));
				changed.add(key);
				continue;
			}
			Rhythm rhythm = learn(row, now);
			Timeout timeout = this.phi.timeout(rhythm, this.timeouts.timeout(key.type()),
					this.timeouts.explicit(key.type()));
			Instant deadline = now.plus(timeout.length());
			Instant lateAfter = (timeout.basis() == Basis.LEARNED) ? now.plus(this.phi.lateAfter(rhythm)) : null;
			update.bind(Status.ACTIVE.code(), now, latest.get(key), deadline, deadline, now, (short) rhythm.samples(),
					rhythm.mean(), rhythm.variance(), rhythm.longest(), (short) rhythm.run(), rhythm.runMean(),
					rhythm.runSquares(), StoredRhythm.code(timeout.basis()), lateAfter, row.id(), now);
			if (row.status() != Status.ACTIVE) {
				transitions.add(new Transition(row.id(), row.status(), Status.ACTIVE));
				changed.add(key);
			}
		}
		if (update.size() > 0) {
			update.execute();
		}
		this.events.record(transitions, StatusEvents.CHECK_IN, now);
		return now;
	}

	/**
	 * The locked row's rhythm with the interval this check-in ends. One that ends a
	 * period not Active (Disconnected, say) came past the deadline then in force.
	 */
	private Rhythm learn(Locked row, Instant now) {
		if (row.lastRequest() == null) {
			return row.rhythm();
		}
		boolean pastDeadline = row.status() != Status.ACTIVE || row.deadline() == null || now.isAfter(row.deadline());
		Instant downtimeEnd = this.watchedSince;
		boolean spansDowntime = downtimeEnd != null && row.lastRequest().isBefore(downtimeEnd);
		long millis = Duration.between(row.lastRequest(), now).toMillis();
		return this.phi.learn(row.rhythm(), millis, Interval.of(pastDeadline, spansDowntime));
	}

	/**
	 * What the batch's statuses hold once written: their UUID, and the deadline, its
	 * basis and the rhythm the database computed.
	 */
	private Map<StatusKey, Renewed> renewed(List<StatusKey> keys) {
		Map<StatusKey, Renewed> found = new HashMap<>();
		var s = INTEGRATION_STATUS;
		this.db
			.select(s.OFFERING_ID, s.AGENT_TYPE, s.UUID, s.DEADLINE, s.TIMEOUT_BASIS, s.RHYTHM_SAMPLES, s.RHYTHM_MEAN,
					s.RHYTHM_VARIANCE, s.RHYTHM_LONGEST, s.RHYTHM_RUN, s.RHYTHM_RUN_MEAN, s.RHYTHM_RUN_SQUARES)
			.from(s)
			.where(row(s.OFFERING_ID, s.AGENT_TYPE)
				.in(keys.stream().map((key) -> row(key.offeringId(), key.type().code())).toList()))
			.forEach((r) -> found.put(new StatusKey(r.get(s.OFFERING_ID), AgentType.ofCode(r.get(s.AGENT_TYPE))),
					new Renewed(r.get(s.UUID), r.get(s.DEADLINE), StoredRhythm.basis(r.get(s.TIMEOUT_BASIS)),
							StoredRhythm.rhythm(r))));
		return found;
	}

	private record Renewed(UUID uuid, Instant deadline, Basis basis, Rhythm rhythm) {
	}

	/** Now, but not before the batch began, and after the last event (if any). */
	private Instant after(Instant start, Instant lastEvent) {
		Instant now = Clocks.now(this.clock);
		if (now.isBefore(start)) {
			now = start;
		}
		// Another instance's clock may be a little ahead of this one's.
		return EventTimes.notBefore(now, lastEvent);
	}

	/**
	 * The time of the latest event of these statuses that are not Active, read after they
	 * were locked.
	 */
	private Instant lastEvent(Collection<Locked> rows) {
		List<Long> changing = rows.stream().filter((row) -> row.status() != Status.ACTIVE).map(Locked::id).toList();
		return EventTimes.lastEvents(this.db, changing).values().stream().max(Instant::compareTo).orElse(null);
	}

	/**
	 * A batch written by another writer or instance a moment later may commit first: a
	 * status that already holds a later check-in is left as it is, so its time never
	 * moves backwards.
	 */
	private static Condition notNewerThan(Instant now) {
		return notNewerThan(val(now, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP));
	}

	private static Condition notNewerThan(Field<Instant> now) {
		return INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.isNull().or(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.le(now));
	}

	/** The deadline of the configured timeout, which a created status starts with. */
	private Instant deadline(StatusKey key, Instant now) {
		return now.plus(this.timeouts.timeout(key.type()));
	}

	/**
	 * The UUIDs of these statuses, from memory once known; what had to be read goes to
	 * {@code learned}.
	 */
	private Map<StatusKey, UUID> uuids(List<StatusKey> keys, Map<StatusKey, UUID> learned) {
		Map<StatusKey, UUID> found = new HashMap<>(this.uuids.getAllPresent(keys));
		if (found.size() < keys.size()) {
			List<StatusKey> unknown = keys.stream().filter((key) -> !found.containsKey(key)).toList();
			this.db.select(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.UUID)
				.from(INTEGRATION_STATUS)
				.where(row(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE)
					.in(unknown.stream().map((key) -> row(key.offeringId(), key.type().code())).toList()))
				.forEach((r) -> found.put(new StatusKey(r.value1(), AgentType.ofCode(r.value2())), r.value3()));
			unknown.forEach((key) -> learned.put(key, found.get(key)));
		}
		return found;
	}

	/** Creates the missing statuses, already Active; returns the UUIDs given to them. */
	private Set<UUID> insert(List<StatusKey> missing, Map<StatusKey, String> latest, Instant now) {
		var insert = this.db.insertInto(INTEGRATION_STATUS, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.OFFERING_ID,
				INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP,
				INTEGRATION_STATUS.SERVICE_NAME, INTEGRATION_STATUS.DEADLINE, INTEGRATION_STATUS.SWEEP_AFTER,
				INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.CREATED);
		Set<UUID> uuids = new HashSet<>();
		for (StatusKey key : missing) {
			UUID uuid = UUID.randomUUID();
			uuids.add(uuid);
			Instant deadline = deadline(key, now);
			insert = insert.values(uuid, key.offeringId(), key.type().code(), Status.ACTIVE.code(), now,
					latest.get(key), deadline, deadline, now, now);
		}
		// A status another instance created a moment ago is left alone here and updated
		// as existing.
		insert.onConflict(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE).doNothing().execute();
		return uuids;
	}

}
