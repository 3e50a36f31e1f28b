package org.vigil.status;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
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
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.vigil.status.StatusChanges.CheckedIn;
import org.vigil.status.StatusEvents.Transition;
import org.vigil.status.StatusLocks.Locked;
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

	private final String statementTimeout;

	private final int queryTimeoutSeconds;

	private final Timeouts timeouts;

	private final StatusEvents events;

	private final Clock clock;

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
		this.steadySql = steadySql(db);
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
		Map<StatusKey, UUID> found = uuids(keys, learned);
		Map<StatusKey, CheckedIn> written = new HashMap<>();
		for (StatusKey key : keys) {
			Instant at = slow.contains(key) ? activated : now;
			written.put(key, new CheckedIn(found.get(key), at, deadline(key, at), changed.contains(key)));
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
				for (StatusKey key : keys) {
					OffsetDateTime deadline = deadline(key, now).atOffset(ZoneOffset.UTC);
					update.setObject(1, at);
					update.setString(2, latest.get(key));
					update.setObject(3, deadline);
					update.setObject(4, deadline);
					update.setObject(5, deadline);
					update.setLong(6, key.offeringId());
					update.setShort(7, key.type().code());
					update.setObject(8, at);
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
	 * before), so PostgreSQL updates the row in place (HOT).
	 */
	private static String steadySql(DSLContext db) {
		Query update = db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, (Instant) null)
			.set(INTEGRATION_STATUS.SERVICE_NAME, (String) null)
			.set(INTEGRATION_STATUS.DEADLINE, (Instant) null)
			.set(INTEGRATION_STATUS.SWEEP_AFTER,
					when(INTEGRATION_STATUS.SWEEP_AFTER.le((Instant) null), INTEGRATION_STATUS.SWEEP_AFTER)
						.otherwise(val((Instant) null, INTEGRATION_STATUS.SWEEP_AFTER)))
			.where(INTEGRATION_STATUS.OFFERING_ID.eq((Long) null))
			.and(INTEGRATION_STATUS.AGENT_TYPE.eq((Short) null))
			.and(INTEGRATION_STATUS.STATUS.eq(inline(Status.ACTIVE.code())))
			.and(notNewerThan((Instant) null));
		if (update.getBindValues().size() != 8) {
			throw new IllegalStateException("The steady check-in has " + update.getBindValues().size()
					+ " binds where updateActive sets 8: " + db.render(update));
		}
		return db.render(update);
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
			Instant deadline = deadline(key, now);
			update.bind(Status.ACTIVE.code(), now, latest.get(key), deadline, deadline, now, row.id(), now);
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
		return INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.isNull().or(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.le(now));
	}

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
