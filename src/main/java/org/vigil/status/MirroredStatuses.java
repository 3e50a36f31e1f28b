package org.vigil.status;

import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Row9;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.vigil.status.StatusChanges.Observation;
import org.vigil.status.StatusEvents.Transition;
import org.vigil.status.StatusLocks.Locked;
import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.Interval;
import org.vigil.status.rhythm.Rhythm;
import org.vigil.status.rhythm.Timeout;
import org.vigil.system.Clocks;

/**
 * The SQL of {@link StatusChanges#observe} and {@link StatusChanges#expireMirrored}:
 * statuses copied from a mirror source. Their {@code last_request_timestamp} is the
 * upstream's and never moves backwards; each advance of it is an interval their rhythm
 * learns, and their deadline follows from it as a check-in's does. They never get a
 * {@code sweep_after} (the sweeper does not see them): they expire only when their source
 * was read successfully after their deadline.
 */
final class MirroredStatuses {

	private final DSLContext db;

	private final StatusEvents events;

	private final Clock clock;

	MirroredStatuses(DSLContext db, StatusEvents events, Clock clock) {
		this.db = db;
		this.events = events;
		this.clock = clock;
	}

	/** In the caller's transaction; returns how many statuses changed or were created. */
	int observe(List<Observation> seen, MirrorTimeouts timeouts, Instant lookedAt, boolean learn) {
		if (seen.isEmpty()) {
			return 0;
		}
		Map<StatusKey, Observation> byKey = new LinkedHashMap<>();
		for (Observation o : seen) {
			byKey.merge(new StatusKey(o.offeringId(), o.type()), o,
					(a, b) -> newer(a.lastRequest(), b.lastRequest()) ? a : b);
		}
		List<StatusKey> keys = new ArrayList<>(byKey.keySet());
		keys.sort(StatusKey.ORDER);
		Map<StatusKey, Locked> existing = StatusLocks.lock(this.db, keys);
		int changed = 0;
		List<StatusKey> missing = keys.stream().filter((key) -> !existing.containsKey(key)).toList();
		if (!missing.isEmpty()) {
			changed += insert(missing, byKey, timeouts, lookedAt);
			existing.putAll(StatusLocks.lock(this.db, missing));
		}
		List<Transition> transitions = new ArrayList<>();
		Map<Long, Instant> times = new HashMap<>();
		List<StatusKey> moved = keys.stream().filter((key) -> {
			Locked row = existing.get(key);
			return row != null && newer(byKey.get(key).lastRequest(), row.lastRequest());
		}).toList();
		// One prepared statement, a row of binds per status that moved on upstream.
		BatchBindStep advance = this.db.batch(this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, (Instant) null)
			.set(INTEGRATION_STATUS.STATUS, (Short) null)
			.set(INTEGRATION_STATUS.DEADLINE, (Instant) null)
			.set(INTEGRATION_STATUS.SWEEP_AFTER, (Instant) null)
			.set(INTEGRATION_STATUS.SEEN_FLOOR, (Instant) null)
			.set(StoredRhythm.placeholders())
			.where(INTEGRATION_STATUS.ID.eq((Long) null)));
		for (StatusKey key : moved) {
			Locked row = existing.get(key);
			Instant upstream = byKey.get(key).lastRequest().truncatedTo(ChronoUnit.MICROS);
			Rhythm rhythm = learned(key.type(), row.rhythm(), row.lastRequest(), upstream, timeouts, learn);
			Timeout timeout = timeouts.timeout(key.type(), rhythm);
			Instant lateAfter = (timeout.basis() == Basis.LEARNED) ? upstream.plus(timeouts.phi().lateAfter(rhythm))
					: null;
			advance.bind(StoredRhythm.binds(
					Arrays.asList(upstream, Status.ACTIVE.code(), upstream.plus(timeout.length()), null, upstream),
					rhythm, timeout.basis(), lateAfter, row.id()));
			if (row.status() != Status.ACTIVE) {
				transitions.add(new Transition(row.id(), row.status(), Status.ACTIVE));
				times.put(row.id(), upstream);
			}
		}
		if (!moved.isEmpty()) {
			advance.execute();
			changed += moved.size();
		}
		record(transitions, times, StatusEvents.CHECK_IN);
		return changed;
	}

	/**
	 * The rhythm after the upstream moved from {@code last} to {@code upstream}: an
	 * interval no shorter than the poll interval (a poll cannot see a shorter one), past
	 * the deadline in force if it came after it. Nothing is learned of the first time
	 * heard, nor of an advance first seen after a failed poll: that gap says nothing of
	 * the agent.
	 */
	private static Rhythm learned(AgentType type, Rhythm rhythm, Instant last, Instant upstream,
			MirrorTimeouts timeouts, boolean learn) {
		if (!learn || last == null) {
			return rhythm;
		}
		long millis = Math.max(Duration.between(last, upstream).toMillis(), timeouts.pollInterval().toMillis());
		boolean pastDeadline = upstream.isAfter(last.plus(timeouts.timeout(type, rhythm).length()));
		return timeouts.phi().learn(rhythm, millis, Interval.of(pastDeadline, false));
	}

	/**
	 * Deadlines of this source's Active statuses again, after its timeouts changed;
	 * returns how many moved.
	 */
	int retime(long sourceId, MirrorTimeouts timeouts) {
		List<Field<?>> fields = new ArrayList<>(StoredRhythm.FIELDS);
		fields.addAll(List.of(INTEGRATION_STATUS.ID, INTEGRATION_STATUS.AGENT_TYPE,
				INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, INTEGRATION_STATUS.DEADLINE));
		BatchBindStep update = this.db.batch(this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.DEADLINE, (Instant) null)
			.set(INTEGRATION_STATUS.TIMEOUT_BASIS, (Short) null)
			.set(INTEGRATION_STATUS.LATE_AFTER, (Instant) null)
			.where(INTEGRATION_STATUS.ID.eq((Long) null)));
		int moved = 0;
		for (Record r : this.db.select(fields)
			.from(INTEGRATION_STATUS)
			.where(ofSource(sourceId))
			.and(INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code()))
			.and(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.isNotNull())
			.orderBy(StatusKey.LOCK_ORDER)
			.forUpdate()
			.fetch()) {
			Rhythm rhythm = StoredRhythm.rhythm(r);
			Instant last = r.get(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP);
			Timeout timeout = timeouts.timeout(AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE)), rhythm);
			Instant deadline = last.plus(timeout.length());
			if (deadline.equals(r.get(INTEGRATION_STATUS.DEADLINE)) && timeout.basis() == StoredRhythm.basis(r)) {
				continue;
			}
			update.bind(deadline, StoredRhythm.code(timeout.basis()),
					(timeout.basis() == Basis.LEARNED) ? last.plus(timeouts.phi().lateAfter(rhythm)) : null,
					r.get(INTEGRATION_STATUS.ID));
			moved++;
		}
		if (moved > 0) {
			update.execute();
		}
		return moved;
	}

	/**
	 * Disconnects the Active statuses of this source whose deadline is not after
	 * {@code lookedAt}; returns how many.
	 */
	int expire(long sourceId, MirrorTimeouts timeouts, Instant lookedAt) {
		Condition candidates = pastDeadline(sourceId, timeouts, lookedAt);
		// Locked in the lock order, then moved with a compare-and-set: another poller of
		// the same source (an expiring lease) changes each row at most once with it.
		List<Long> ids = this.db.select(INTEGRATION_STATUS.ID)
			.from(INTEGRATION_STATUS)
			.where(candidates)
			.orderBy(StatusKey.LOCK_ORDER)
			.forUpdate()
			.fetch(INTEGRATION_STATUS.ID);
		if (ids.isEmpty()) {
			return 0;
		}
		Map<Long, StatusEvents.Judged> judged = new HashMap<>();
		List<Transition> transitions = this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.STATUS, Status.DISCONNECTED.code())
			.setNull(INTEGRATION_STATUS.DEADLINE)
			.setNull(INTEGRATION_STATUS.LATE_AFTER)
			.set(INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
			.where(INTEGRATION_STATUS.ID.in(ids))
			.and(candidates)
			.returningResult(INTEGRATION_STATUS.ID, INTEGRATION_STATUS.TIMEOUT_BASIS, INTEGRATION_STATUS.RHYTHM_MEAN)
			.fetch((r) -> {
				judged.put(r.value1(), StatusEvents.Judged.of(r.value2(), r.value3()));
				return new Transition(r.value1(), Status.ACTIVE, Status.DISCONNECTED);
			});
		Instant now = Clocks.now(this.clock);
		record(transitions, transitions.stream().collect(Collectors.toMap(Transition::statusId, (t) -> now)),
				StatusEvents.TIMEOUT, judged);
		return transitions.size();
	}

	/** The UUIDs of the Active statuses {@link #expire} would disconnect now. */
	List<UUID> expiring(long sourceId, MirrorTimeouts timeouts, Instant lookedAt) {
		return this.db.select(INTEGRATION_STATUS.UUID)
			.from(INTEGRATION_STATUS)
			.where(pastDeadline(sourceId, timeouts, lookedAt))
			.fetch(INTEGRATION_STATUS.UUID);
	}

	/**
	 * Active, and its own deadline not after {@code lookedAt}; a status last written
	 * before mirrored statuses had a deadline is judged by its type's timeout.
	 */
	private static Condition pastDeadline(long sourceId, MirrorTimeouts timeouts, Instant lookedAt) {
		Condition unset = DSL.falseCondition();
		for (Map.Entry<AgentType, Duration> t : timeouts.configured().entrySet()) {
			unset = unset.or(INTEGRATION_STATUS.AGENT_TYPE.eq(t.getKey().code())
				.and(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.le(lookedAt.minus(t.getValue()))));
		}
		return ofSource(sourceId).and(INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code()))
			.and(INTEGRATION_STATUS.DEADLINE.le(lookedAt).or(INTEGRATION_STATUS.DEADLINE.isNull().and(unset)));
	}

	private static Condition ofSource(long sourceId) {
		return INTEGRATION_STATUS.OFFERING_ID
			.in(select(OFFERING.ID).from(OFFERING).where(OFFERING.SOURCE_ID.eq(sourceId)));
	}

	/** Statuses whose upstream row is gone: removed with their history. */
	int remove(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return 0;
		}
		return this.db.deleteFrom(INTEGRATION_STATUS).where(INTEGRATION_STATUS.ID.in(ids)).execute();
	}

	/**
	 * Creates statuses first seen upstream, with the upstream UUID. Never heard from:
	 * Unknown. Heard from within the timeout: Active, with the Unknown to Active event a
	 * first check-in writes. Heard from longer ago: Disconnected without an event, so the
	 * first sync of a Waldur with long-dead agents alerts nobody.
	 */
	private int insert(List<StatusKey> missing, Map<StatusKey, Observation> byKey, MirrorTimeouts timeouts,
			Instant lookedAt) {
		Set<UUID> taken = Set.copyOf(this.db.select(INTEGRATION_STATUS.UUID)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.UUID.in(missing.stream().map((key) -> byKey.get(key).uuid()).toList()))
			.fetch(INTEGRATION_STATUS.UUID));
		Instant now = Clocks.now(this.clock);
		List<Row9<UUID, Long, Short, Short, Instant, Instant, String, Instant, Instant>> rows = new ArrayList<>();
		Map<UUID, Status> statuses = new HashMap<>();
		Map<UUID, Instant> lastRequests = new HashMap<>();
		for (StatusKey key : missing) {
			Observation o = byKey.get(key);
			if (taken.contains(o.uuid())) {
				continue;
			}
			Instant last = o.lastRequest();
			Instant deadline = (last == null) ? null : last.plus(timeouts.timeout(key.type(), Rhythm.NONE).length());
			Status status = (last == null) ? Status.UNKNOWN
					: deadline.isAfter(lookedAt) ? Status.ACTIVE : Status.DISCONNECTED;
			statuses.put(o.uuid(), status);
			lastRequests.put(o.uuid(), last);
			rows.add(row(o.uuid(), key.offeringId(), key.type().code(), status.code(), last, last, "", now,
					(status == Status.ACTIVE) ? deadline : null));
		}
		if (rows.isEmpty()) {
			return 0;
		}
		// One statement for the page; RETURNING names exactly the rows it created (not
		// those another poller of the source created a moment ago), so only they get
		// their event.
		Map<UUID, Long> created = new HashMap<>();
		var insert = this.db
			.insertInto(INTEGRATION_STATUS, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.OFFERING_ID,
					INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP,
					INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.SERVICE_NAME, INTEGRATION_STATUS.CREATED,
					INTEGRATION_STATUS.DEADLINE)
			.valuesOfRows(rows);
		// H2 emulates ON CONFLICT with a MERGE over a UNION ALL that it joins row by row
		// with the table (a page timed out at 5,000 statuses): there a plain insert, the
		// rows were looked up above and a row another poller created a moment ago fails
		// the page, which the next poll redoes.
		(this.db.dialect().family() == SQLDialect.POSTGRES
				? insert.onConflict(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE).doNothing() : insert)
			.returningResult(INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.ID)
			.fetch()
			.forEach((r) -> created.put(r.value1(), r.value2()));
		List<Transition> transitions = new ArrayList<>();
		Map<Long, Instant> times = new HashMap<>();
		created.forEach((uuid, id) -> {
			if (statuses.get(uuid) == Status.ACTIVE) {
				transitions.add(new Transition(id, Status.UNKNOWN, Status.ACTIVE));
				times.put(id, lastRequests.get(uuid));
			}
		});
		record(transitions, times, StatusEvents.CHECK_IN);
		return created.size();
	}

	/**
	 * Writes the events, each at its own time (the upstream time of a check-in), but
	 * never in the future and never before the last event of its status.
	 */
	private void record(List<Transition> transitions, Map<Long, Instant> times, String reason) {
		record(transitions, times, reason, Map.of());
	}

	private void record(List<Transition> transitions, Map<Long, Instant> times, String reason,
			Map<Long, StatusEvents.Judged> judged) {
		if (transitions.isEmpty()) {
			return;
		}
		Instant now = Clocks.now(this.clock);
		Map<Long, Instant> last = EventTimes.lastEvents(this.db,
				transitions.stream().map(Transition::statusId).toList());
		Map<Long, Instant> at = new HashMap<>();
		for (Transition t : transitions) {
			Instant when = times.get(t.statusId());
			if (when.isAfter(now)) {
				when = now;
			}
			at.put(t.statusId(), EventTimes.notBefore(when, last.get(t.statusId())).truncatedTo(ChronoUnit.MICROS));
		}
		this.events.record(transitions, reason, (t) -> at.get(t.statusId()), (t) -> judged.get(t.statusId()));
	}

	/**
	 * Whether an upstream time is after the one held, to the microsecond the database
	 * keeps: a time read back is never taken for an advance over itself.
	 */
	private static boolean newer(Instant candidate, Instant than) {
		return candidate != null && (than == null || candidate.truncatedTo(ChronoUnit.MICROS).isAfter(than));
	}

}
