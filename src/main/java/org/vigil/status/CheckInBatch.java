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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * The steady state (the status exists, is Active and was last written as this instance
 * remembers it) is one batched compare-and-set and the commit:
 * {@code UPDATE ... WHERE offering_id = ? AND agent_type = ? AND status = Active AND
 * last_request_timestamp = ? AND deadline = ?}, with the new rhythm and deadline computed
 * here by {@link PhiAccrual} from the remembered ones (so the rule has one home, and the
 * statement stays as cheap as a blind update). A status not remembered is read first,
 * without a lock, for the same update. A row that update did not touch is missing, not
 * Active or written meanwhile by someone else (another instance, the sweeper), and takes
 * the slow path: lock it, create it if missing, update it from what the lock read, and
 * write its event. The slow path takes its time only once it holds the locks, and never
 * earlier than the last event of a status it changes (see {@link StatusChanges}).
 */
final class CheckInBatch {

	private final DSLContext db;

	/**
	 * The steady-state compare-and-set ({@link #updateActive}). On PostgreSQL, its time
	 * limit is the server's {@code statement_timeout}, set for the transaction just
	 * before it, instead of the driver's: that schedules and cancels a task on a shared
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
	 * Each status as this instance last wrote it. A status's UUID never changes; the rest
	 * is checked by the steady update's compare-and-set, so an entry another writer made
	 * stale costs one trip through the slow path. An entry holds about 250 bytes: at most
	 * a quarter of the heap is spent on them (about 260 thousand statuses in the 256 MiB
	 * of docs/deployment.md); a status past that is read before its update.
	 */
	private final Cache<StatusKey, Known> known = Caffeine.newBuilder()
		.maximumSize(Math.max(10_000, Math.min(2_000_000, Runtime.getRuntime().maxMemory() / 4 / 256)))
		.build();

	/** How many check-ins took each path: see {@link #write}. */
	private final Counter remembered;

	private final Counter read;

	private final Counter locked;

	CheckInBatch(DSLContext db, Timeouts timeouts, StatusEvents events, Clock clock, MeterRegistry meters) {
		this.db = db;
		this.remembered = path(meters, "remembered");
		this.read = path(meters, "read");
		this.locked = path(meters, "locked");
		Integer seconds = db.settings().getQueryTimeout();
		this.queryTimeoutSeconds = (seconds == null) ? 0 : seconds;
		this.statementTimeout = (db.dialect().family() == SQLDialect.POSTGRES && this.queryTimeoutSeconds > 0)
				? "SET LOCAL statement_timeout = " + (this.queryTimeoutSeconds * 1000L) : null;
		this.phi = timeouts.rhythms();
		Steady steady = steadySql(db);
		this.steadySql = steady.sql();
		this.steadyBinds = steady.binds();
		this.timeouts = timeouts;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Writes the batch (service names by status) in the caller's transaction; what it
	 * wrote of each status goes to {@code written}, for {@link #remember} once committed.
	 */
	Map<StatusKey, CheckedIn> write(Map<StatusKey, String> latest, Map<StatusKey, Known> written) {
		Instant now = Clocks.now(this.clock);
		List<StatusKey> keys = new ArrayList<>(latest.keySet());
		keys.sort(StatusKey.ORDER);

		Map<StatusKey, CheckedIn> answers = new HashMap<>();
		List<StatusKey> rest = new ArrayList<>();
		// First as remembered; what was not, or was changed since by another writer, as
		// read now; what is still left (missing, not Active, changed meanwhile) the slow
		// way.
		Map<StatusKey, Known> remembered = this.known.getAllPresent(keys);
		List<StatusKey> unread = new ArrayList<>(keys.stream().filter((key) -> !remembered.containsKey(key)).toList());
		unread.addAll(updateActive(remembered, latest, now, answers, written, unread));
		this.remembered.increment(keys.size() - unread.size());
		if (!unread.isEmpty()) {
			Map<StatusKey, Known> read = readActive(unread);
			unread.stream().filter((key) -> !read.containsKey(key)).forEach(rest::add);
			rest.addAll(updateActive(read, latest, now, answers, written, rest));
			this.read.increment(unread.size() - rest.size());
		}
		if (!rest.isEmpty()) {
			rest.sort(StatusKey.ORDER);
			activate(rest, latest, now, answers, written);
			this.locked.increment(rest.size());
		}
		return answers;
	}

	private static Counter path(MeterRegistry meters, String path) {
		return Counter.builder("vigil.checkin.paths")
			.description("Check-ins by the path they took: a compare-and-set from what this instance remembered, "
					+ "one after reading the status, or the slow path that locks it (created, not Active, or "
					+ "changed meanwhile by another writer)")
			.tag("path", path)
			.register(meters);
	}

	/**
	 * Once the batch committed: what a rolled-back batch wrote must not be remembered.
	 */
	void remember(Map<StatusKey, Known> written) {
		this.known.putAll(written);
	}

	/**
	 * Each status as the batch left it, for the next check-in's compare-and-set: its
	 * UUID, last check-in, deadline and rhythm.
	 */
	record Known(UUID uuid, Instant lastRequest, Instant deadline, Rhythm rhythm) {
	}

	/** The statuses of these keys that are Active, read without a lock. */
	private Map<StatusKey, Known> readActive(List<StatusKey> keys) {
		Map<StatusKey, Known> found = new HashMap<>();
		var s = INTEGRATION_STATUS;
		this.db.select(s.OFFERING_ID, s.AGENT_TYPE, s.UUID, s.LAST_REQUEST_TIMESTAMP, s.DEADLINE)
			.select(StoredRhythm.FIELDS)
			.from(s)
			.where(row(s.OFFERING_ID, s.AGENT_TYPE)
				.in(keys.stream().map((key) -> row(key.offeringId(), key.type().code())).toList()))
			.and(s.STATUS.eq(Status.ACTIVE.code()))
			.and(s.LAST_REQUEST_TIMESTAMP.isNotNull())
			.and(s.DEADLINE.isNotNull())
			.forEach((r) -> found.put(new StatusKey(r.get(s.OFFERING_ID), AgentType.ofCode(r.get(s.AGENT_TYPE))),
					new Known(r.get(s.UUID), r.get(s.LAST_REQUEST_TIMESTAMP), r.get(s.DEADLINE),
							StoredRhythm.rhythm(r))));
		return found;
	}

	/**
	 * The steady state: renews every status still as remembered; returns the other keys.
	 * One prepared statement with a row of binds per check-in, sent as plain JDBC: jOOQ
	 * building, rendering and binding the same statement for every batch cost the writer
	 * thread more than the driver's own work (measured with Flight Recorder).
	 */
	private List<StatusKey> updateActive(Map<StatusKey, Known> before, Map<StatusKey, String> latest, Instant now,
			Map<StatusKey, CheckedIn> answers, Map<StatusKey, Known> written, List<StatusKey> notNow) {
		Map<StatusKey, Known> steady = new TreeMap<>(StatusKey.ORDER);
		before.forEach((key, was) -> {
			if (was.lastRequest().isAfter(now)) {
				// Checked in later by an instance whose clock is ahead: the slow path's.
				notNow.add(key);
			}
			else {
				steady.put(key, was);
			}
		});
		if (steady.isEmpty()) {
			return List.of();
		}
		List<StatusKey> keys = new ArrayList<>(steady.keySet());
		List<Renewal> renewals = new ArrayList<>(keys.size());
		for (StatusKey key : keys) {
			Known was = steady.get(key);
			boolean pastDeadline = now.isAfter(was.deadline());
			renewals.add(renew(key, was.rhythm(), was.lastRequest(), pastDeadline, now));
		}
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
				for (int k = 0; k < keys.size(); k++) {
					StatusKey key = keys.get(k);
					Known was = steady.get(key);
					Renewal r = renewals.get(k);
					for (int i = 0; i < this.steadyBinds.length; i++) {
						int at1 = i + 1;
						switch (this.steadyBinds[i]) {
							case NOW -> update.setObject(at1, at);
							case SERVICE -> update.setString(at1, latest.get(key));
							case DEADLINE -> update.setObject(at1, utc(r.deadline()));
							case SWEEP_FLOOR -> update.setObject(at1, utc(r.sweepFloor()));
							case SAMPLES -> update.setShort(at1, (short) r.rhythm().samples());
							case MEAN -> update.setDouble(at1, r.rhythm().mean());
							case VARIANCE -> update.setDouble(at1, r.rhythm().variance());
							case LONGEST -> update.setLong(at1, r.rhythm().longest());
							case RUN -> update.setShort(at1, (short) r.rhythm().run());
							case RUN_MEAN -> update.setDouble(at1, r.rhythm().runMean());
							case RUN_SQUARES -> update.setDouble(at1, r.rhythm().runSquares());
							case BASIS -> update.setShort(at1, StoredRhythm.code(r.basis()));
							case LATE_AFTER -> {
								if (r.lateAfter() == null) {
									update.setNull(at1, Types.TIMESTAMP_WITH_TIMEZONE);
								}
								else {
									update.setObject(at1, utc(r.lateAfter()));
								}
							}
							case OFFERING -> update.setLong(at1, key.offeringId());
							case TYPE -> update.setShort(at1, key.type().code());
							case WAS_LAST_REQUEST -> update.setObject(at1, utc(was.lastRequest()));
							case WAS_DEADLINE -> update.setObject(at1, utc(was.deadline()));
						}
					}
					update.addBatch();
				}
				return update.executeBatch();
			}
		});
		List<StatusKey> rest = new ArrayList<>();
		for (int k = 0; k < keys.size(); k++) {
			StatusKey key = keys.get(k);
			if (counts[k] == 0) {
				rest.add(key);
				continue;
			}
			Renewal r = renewals.get(k);
			UUID uuid = steady.get(key).uuid();
			answers.put(key, new CheckedIn(uuid, now, r.deadline(), false, r.basis(), r.rhythm()));
			written.put(key, new Known(uuid, now, r.deadline(), r.rhythm()));
		}
		return rest;
	}

	/**
	 * A status's new rhythm and deadline after a check-in at {@code now} that ends the
	 * interval since {@code lastRequest} (none: its first).
	 */
	private Renewal renew(StatusKey key, Rhythm rhythm, Instant lastRequest, boolean pastDeadline, Instant now) {
		Rhythm next = rhythm;
		if (lastRequest != null) {
			Instant downtimeEnd = this.watchedSince;
			boolean spansDowntime = downtimeEnd != null && lastRequest.isBefore(downtimeEnd);
			long millis = Duration.between(lastRequest, now).toMillis();
			next = this.phi.learn(rhythm, millis, Interval.of(pastDeadline, spansDowntime));
		}
		Timeout timeout = this.phi.timeout(next, this.timeouts.timeout(key.type()), this.timeouts.explicit(key.type()));
		Instant lateAfter = (timeout.basis() == Basis.LEARNED) ? now.plus(this.phi.lateAfter(next)) : null;
		Instant deadline = now.plus(timeout.length());
		return new Renewal(next, deadline, timeout.basis(), lateAfter,
				deadline.minus(timeout.length().dividedBy(SWEEP_MARGIN)));
	}

	/**
	 * What a check-in writes of a status's rhythm and deadline, and the lower bound it
	 * writes to {@code sweep_after} if the deadline moved earlier than the bound.
	 */
	private record Renewal(Rhythm rhythm, Instant deadline, Basis basis, Instant lateAfter, Instant sweepFloor) {
	}

	private static OffsetDateTime utc(Instant at) {
		return at.atOffset(ZoneOffset.UTC);
	}

	/**
	 * A check-in that must move {@code sweep_after} down (its new deadline is earlier)
	 * moves it this fraction of the timeout below the deadline, so that the next ones,
	 * whose learned deadline wobbles by a little with every interval learned, leave it
	 * alone. Moved to the deadline itself, about two in three check-ins of a fleet with
	 * exponential intervals moved it again, losing HOT (docs/benchmarks.md). The cost:
	 * the sweeper looks at such a status up to a quarter of a timeout early, once.
	 */
	private static final int SWEEP_MARGIN = 4;

	/**
	 * The steady-state compare-and-set as {@link #updateActive} binds it: no indexed
	 * column changes unless the new deadline is earlier than sweep_after (a shorter
	 * timeout than before, or a shorter learned deadline), so PostgreSQL updates the row
	 * in place (HOT). Then sweep_after moves to the sweep floor, a margin below the
	 * deadline ({@link #SWEEP_MARGIN}).
	 */
	private static Steady steadySql(DSLContext db) {
		var s = INTEGRATION_STATUS;
		Field<Instant> deadline = Bind.DEADLINE.field(SQLDataType.INSTANT);
		Query update = db.update(s)
			.set(s.LAST_REQUEST_TIMESTAMP, Bind.NOW.field(SQLDataType.INSTANT))
			.set(s.SERVICE_NAME, Bind.SERVICE.field(SQLDataType.VARCHAR))
			.set(s.DEADLINE, deadline)
			.set(s.SWEEP_AFTER,
					when(s.SWEEP_AFTER.le(deadline), s.SWEEP_AFTER)
						.otherwise(Bind.SWEEP_FLOOR.field(SQLDataType.INSTANT)))
			.set(s.RHYTHM_SAMPLES, Bind.SAMPLES.field(SQLDataType.SMALLINT))
			.set(s.RHYTHM_MEAN, Bind.MEAN.field(SQLDataType.DOUBLE))
			.set(s.RHYTHM_VARIANCE, Bind.VARIANCE.field(SQLDataType.DOUBLE))
			.set(s.RHYTHM_LONGEST, Bind.LONGEST.field(SQLDataType.BIGINT))
			.set(s.RHYTHM_RUN, Bind.RUN.field(SQLDataType.SMALLINT))
			.set(s.RHYTHM_RUN_MEAN, Bind.RUN_MEAN.field(SQLDataType.DOUBLE))
			.set(s.RHYTHM_RUN_SQUARES, Bind.RUN_SQUARES.field(SQLDataType.DOUBLE))
			.set(s.TIMEOUT_BASIS, Bind.BASIS.field(SQLDataType.SMALLINT))
			.set(s.LATE_AFTER, Bind.LATE_AFTER.field(SQLDataType.INSTANT))
			.where(s.OFFERING_ID.eq(Bind.OFFERING.field(SQLDataType.BIGINT)))
			.and(s.AGENT_TYPE.eq(Bind.TYPE.field(SQLDataType.SMALLINT)))
			.and(s.STATUS.eq(inline(Status.ACTIVE.code())))
			.and(s.LAST_REQUEST_TIMESTAMP.eq(Bind.WAS_LAST_REQUEST.field(SQLDataType.INSTANT)))
			.and(s.DEADLINE.eq(Bind.WAS_DEADLINE.field(SQLDataType.INSTANT)));
		List<Object> values = update.getBindValues();
		Bind[] binds = new Bind[values.size()];
		for (int i = 0; i < binds.length; i++) {
			binds[i] = Bind.of(values.get(i));
			if (binds[i] == null) {
				throw new IllegalStateException("The steady check-in binds " + values.get(i) + " at " + (i + 1)
						+ ", which updateActive does not set: " + db.render(update));
			}
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

		NOW(Instant.ofEpochSecond(1)), SERVICE("(service name)"), DEADLINE(Instant.ofEpochSecond(2)),
		SAMPLES((short) -1), MEAN(-1.0), VARIANCE(-2.0), LONGEST(-1L), RUN((short) -2), RUN_MEAN(-3.0),
		RUN_SQUARES(-4.0), BASIS((short) -3), LATE_AFTER(Instant.ofEpochSecond(3)), OFFERING(-4L), TYPE((short) -5),
		WAS_LAST_REQUEST(Instant.ofEpochSecond(4)), WAS_DEADLINE(Instant.ofEpochSecond(5)),
		SWEEP_FLOOR(Instant.ofEpochSecond(6));

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

	/** See {@link StatusChanges#watchedSince}. */
	void watchedSince(Instant end) {
		this.watchedSince = end;
	}

	/**
	 * The slow path, for statuses that are missing, not Active or not as remembered: with
	 * events. Its time is taken once the rows are locked (see the class comment); what it
	 * wrote goes to {@code answers} and {@code written}.
	 */
	private void activate(List<StatusKey> keys, Map<StatusKey, String> latest, Instant start,
			Map<StatusKey, CheckedIn> answers, Map<StatusKey, Known> written) {
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
			.set(StoredRhythm.placeholders())
			.where(INTEGRATION_STATUS.ID.eq((Long) null))
			.and(notNewerThan((Instant) null)));
		List<Transition> transitions = new ArrayList<>();
		List<StatusKey> updated = new ArrayList<>();
		for (StatusKey key : keys) {
			Locked row = existing.get(key);
			if (created.contains(row.uuid())) {
				transitions.add(new Transition(row.id(), Status.UNKNOWN, Status.ACTIVE));
				Instant deadline = deadline(key, now);
				answers.put(key, new CheckedIn(row.uuid(), now, deadline, true, Basis.CONFIGURED, Rhythm.NONE));
				written.put(key, new Known(row.uuid(), now, deadline, Rhythm.NONE));
				continue;
			}
			// An interval that ends a period not Active (Disconnected, say) came past the
			// deadline then in force.
			boolean pastDeadline = row.status() != Status.ACTIVE || row.deadline() == null
					|| now.isAfter(row.deadline());
			Renewal r = renew(key, row.rhythm(), row.lastRequest(), pastDeadline, now);
			update.bind(StoredRhythm.binds(
					Arrays.asList(Status.ACTIVE.code(), now, latest.get(key), r.deadline(), r.deadline(), now),
					r.rhythm(), r.basis(), r.lateAfter(), row.id(), now));
			updated.add(key);
			boolean changed = row.status() != Status.ACTIVE;
			if (changed) {
				transitions.add(new Transition(row.id(), row.status(), Status.ACTIVE));
			}
			answers.put(key, new CheckedIn(row.uuid(), now, r.deadline(), changed, r.basis(), r.rhythm()));
			written.put(key, new Known(row.uuid(), now, r.deadline(), r.rhythm()));
		}
		if (update.size() > 0) {
			int[] counts = update.execute();
			for (int i = 0; i < counts.length; i++) {
				if (counts[i] == 0) {
					// A later check-in of another instance is already there
					// (notNewerThan):
					// the row does not hold what this one computed.
					written.remove(updated.get(i));
				}
			}
		}
		this.events.record(transitions, StatusEvents.CHECK_IN, now);
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
