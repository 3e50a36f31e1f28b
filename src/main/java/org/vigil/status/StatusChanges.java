package org.vigil.status;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.when;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.vigil.status.StatusEvents.Transition;
import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.Rhythm;
import org.vigil.system.Clocks;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every write to {@code integration_status}: check-ins, expiry, the start-up grace and
 * registering a status nobody has heard from. The rules all of them keep:
 * <ul>
 * <li>Rows are locked in {@link StatusKey#ORDER} (the unique (offering_id, agent_type)
 * index), by check-ins and expiry alike, so concurrent writers wait for each other
 * instead of deadlocking. (A check-in batch that mixes its fast and slow paths can still
 * meet an expiry in an unlucky order; the database then aborts one of them and the batch
 * is written again.)</li>
 * <li>A deadline exists only while a status is Active: a check-in sets it to the check-in
 * time plus the agent type's {@link Timeouts#timeout timeout}; expiry clears it. Its
 * indexed lower bound {@code sweep_after} (never after it, NULL with it) is what the
 * sweeper searches, and {@code seen_floor} (never after {@code last_request_timestamp},
 * NULL with it) is what lists oldest first search: steady-state check-ins change neither,
 * so PostgreSQL updates their rows in place (migration V13).</li>
 * <li>A status expires once its deadline is {@link Timeouts#settle settle} in the past,
 * with a compare-and-set, so that several instances expiring the same rows change each
 * exactly once.</li>
 * <li>Every change writes one event, through {@link StatusEvents}, in the same
 * transaction, and tells the {@link StatusTransitionListener}s there; an event is never
 * earlier than the last event of its status, so every history is in time order.</li>
 * <li>Statuses mirrored from another Waldur or Vigil ({@link #observe}) never have a
 * {@code sweep_after}, so the sweeper never sees them: they expire only through
 * {@link #expireMirrored}, after their source was read successfully.</li>
 * </ul>
 */
@Component
public class StatusChanges {

	private static final int ATTEMPTS = 3;

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final Timeouts timeouts;

	private final Clock clock;

	private final StatusEvents events;

	private final CheckInBatch checkIns;

	private final MirroredStatuses mirrored;

	public StatusChanges(DSLContext db, TransactionTemplate transactions, Timeouts timeouts, Clock clock,
			MeterRegistry meters, List<StatusTransitionListener> listeners) {
		this.db = db;
		this.transactions = transactions;
		this.timeouts = timeouts;
		this.clock = clock;
		this.events = new StatusEvents(db, meters, listeners);
		this.checkIns = new CheckInBatch(db, timeouts, this.events, clock, meters);
		this.mirrored = new MirroredStatuses(db, this.events, clock);
	}

	/**
	 * Commits a batch of check-ins (the service name each status is to show) in one
	 * transaction: each status is created if missing, becomes Active and gets a new
	 * deadline. Returns what each status was given.
	 */
	public Map<StatusKey, CheckedIn> checkIn(Map<StatusKey, String> serviceNames) {
		for (int attempt = 1;; attempt++) {
			try {
				Map<StatusKey, CheckInBatch.Known> written = new HashMap<>();
				Map<StatusKey, CheckedIn> answers = this.transactions
					.execute((tx) -> this.checkIns.write(serviceNames, written));
				this.checkIns.remember(written);
				return answers;
			}
			catch (PessimisticLockingFailureException | DuplicateKeyException ex) {
				// Another writer created or locked the same rows at the same moment (H2
				// emulates ON CONFLICT DO NOTHING with a MERGE that is not atomic): the
				// batch is safe to redo.
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Disconnects at most {@code limit} statuses whose deadline is at least the settle
	 * margin in the past; returns how many it looked at and how many it disconnected.
	 * Joins the caller's transaction if there is one.
	 *
	 * Candidates are found through the index on {@code sweep_after}, a lower bound of the
	 * deadline that steady-state check-ins leave alone (so that they change no indexed
	 * column), so this costs the number of candidates, not the table. Those whose exact
	 * deadline passed are moved with a compare-and-set
	 * ({@code WHERE id IN (...) AND status = Active AND deadline <= now - settle}) and
	 * get an event only if that update changed them. A check-in that holds a row's lock
	 * wins, and the compare-and-set then finds a new deadline. The others were checked in
	 * meanwhile: their {@code sweep_after} moves up to their deadline, once per timeout
	 * rather than once per check-in.
	 */
	public Sweep expire(int limit) {
		return this.transactions.execute((tx) -> {
			Instant now = Clocks.now(this.clock);
			Instant expiredBy = now.minus(this.timeouts.settle());
			List<Long> expired = this.db.select(INTEGRATION_STATUS.ID)
				.from(INTEGRATION_STATUS)
				.where(INTEGRATION_STATUS.SWEEP_AFTER.le(expiredBy))
				.orderBy(INTEGRATION_STATUS.SWEEP_AFTER)
				.limit(limit)
				.fetch(INTEGRATION_STATUS.ID);
			if (expired.isEmpty()) {
				return new Sweep(0, 0);
			}
			this.db.select(INTEGRATION_STATUS.ID)
				.from(INTEGRATION_STATUS)
				.where(INTEGRATION_STATUS.ID.in(expired))
				.orderBy(StatusKey.LOCK_ORDER)
				.forUpdate()
				.execute();
			List<Long> disconnected = (this.db.dialect().family() == SQLDialect.POSTGRES)
					? this.events.timeouts(expired, expiredBy, now) : disconnect(expired, expiredBy, now);
			// Alive after all (checked in since): look again at the exact deadline. The
			// row is written anyway, so seen_floor catches up with the last check-in too.
			// Only these ids: with the whole batch and sweep_after in its condition,
			// PostgreSQL scanned every expired row of the index for each batch.
			Set<Long> alive = new HashSet<>(expired);
			alive.removeAll(disconnected);
			if (!alive.isEmpty()) {
				this.db.update(INTEGRATION_STATUS)
					.set(INTEGRATION_STATUS.SWEEP_AFTER, INTEGRATION_STATUS.DEADLINE)
					.set(INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
					.where(INTEGRATION_STATUS.ID.in(alive))
					.and(INTEGRATION_STATUS.SWEEP_AFTER.le(expiredBy))
					.execute();
			}
			return new Sweep(expired.size(), disconnected.size());
		});
	}

	/**
	 * The compare-and-set for a whole batch in one statement, then the events: RETURNING
	 * names exactly the rows this transaction changed, and only those get an event.
	 * (PostgreSQL does the same in one statement: {@link StatusEvents#timeouts}.)
	 */
	private List<Long> disconnect(List<Long> ids, Instant expiredBy, Instant now) {
		Map<Long, StatusEvents.Judged> judged = new HashMap<>();
		List<Transition> transitions = this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.STATUS, Status.DISCONNECTED.code())
			.setNull(INTEGRATION_STATUS.DEADLINE)
			.setNull(INTEGRATION_STATUS.SWEEP_AFTER)
			.set(INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
			.where(INTEGRATION_STATUS.ID.in(ids))
			.and(INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code()))
			.and(INTEGRATION_STATUS.DEADLINE.le(expiredBy))
			.returningResult(INTEGRATION_STATUS.ID, INTEGRATION_STATUS.TIMEOUT_BASIS, INTEGRATION_STATUS.RHYTHM_MEAN)
			.fetch((r) -> {
				judged.put(r.value1(), StatusEvents.Judged.of(r.value2(), r.value3()));
				return new Transition(r.value1(), Status.ACTIVE, Status.DISCONNECTED);
			});
		this.events.record(transitions, StatusEvents.TIMEOUT, (t) -> now, (t) -> judged.get(t.statusId()));
		return transitions.stream().map(Transition::statusId).toList();
	}

	/**
	 * What a mirror read upstream, in the caller's transaction (one page is one
	 * transaction). An upstream {@code last_request_timestamp} newer than the one held
	 * here is a check-in at that time (Active, a {@code check_in} event if it changed,
	 * never moving backwards). A status first seen is created with its upstream UUID:
	 * Unknown if never heard from, Active (with its Unknown to Active event) if heard
	 * from within its timeout before {@code lookedAt}, else Disconnected without an
	 * event. Each advance is an interval the status's rhythm learns (unless {@code learn}
	 * is false: the poll that saw it followed a failed one, and the gap says nothing of
	 * the agent), and its deadline follows from the rhythm. Returns how many statuses
	 * changed or were created.
	 */
	public int observe(List<Observation> seen, MirrorTimeouts timeouts, Instant lookedAt, boolean learn) {
		return this.transactions.execute((tx) -> this.mirrored.observe(seen, timeouts, lookedAt, learn));
	}

	/**
	 * Disconnects the Active statuses of a mirror source whose deadline (their upstream
	 * time plus their timeout) is not after {@code lookedAt}, the start of a pass over
	 * the source that succeeded: silence is believed only after a successful look. One
	 * {@code timeout} event each, exactly once. Returns how many.
	 */
	public int expireMirrored(long sourceId, MirrorTimeouts timeouts, Instant lookedAt) {
		return this.transactions.execute((tx) -> this.mirrored.expire(sourceId, timeouts, lookedAt));
	}

	/**
	 * The UUIDs of the statuses {@link #expireMirrored} would disconnect now, so that the
	 * mirror can look at each of them upstream once more first.
	 */
	public List<UUID> expiringMirrored(long sourceId, MirrorTimeouts timeouts, Instant lookedAt) {
		return this.mirrored.expiring(sourceId, timeouts, lookedAt);
	}

	/**
	 * After a mirror source's timeouts changed: the deadlines of its Active statuses
	 * follow. Returns how many moved.
	 */
	public int retimeMirrored(long sourceId, MirrorTimeouts timeouts) {
		return this.transactions.execute((tx) -> this.mirrored.retime(sourceId, timeouts));
	}

	/** Mirrored statuses whose upstream row is gone: removed with their history. */
	public int removeMirrored(Collection<Long> statusIds) {
		return this.transactions.execute((tx) -> this.mirrored.remove(statusIds));
	}

	/**
	 * One batch of {@link #expire}: the candidates it looked at (a full batch means there
	 * may be more) and how many of them it disconnected.
	 */
	public record Sweep(int looked, int disconnected) {
	}

	/** A status as a mirror read it upstream (the offering is already mirrored). */
	public record Observation(UUID uuid, long offeringId, AgentType type, Instant lastRequest) {
	}

	/**
	 * Deadlines that passed while nobody watched move to {@code now + grace}; returns how
	 * many. In batches of {@code batch} rows, each a statement of its own: after a long
	 * downtime a big fleet has missed them all, and one statement for all of them would
	 * outlast the statement timeout and stop Vigil from starting. Every row a batch finds
	 * leaves the search: missed deadlines get the grace, and a bound left behind by a
	 * check-in moves up to its deadline, as the sweeper moves it.
	 */
	public int extendMissedDeadlines(Duration grace, int batch) {
		Instant now = Clocks.now(this.clock);
		Instant extended = now.plus(grace);
		int count = 0;
		List<Long> found;
		do {
			found = this.db.select(INTEGRATION_STATUS.ID)
				.from(INTEGRATION_STATUS)
				.where(INTEGRATION_STATUS.SWEEP_AFTER.le(now))
				.orderBy(INTEGRATION_STATUS.SWEEP_AFTER, INTEGRATION_STATUS.ID)
				.limit(batch)
				.fetch(INTEGRATION_STATUS.ID);
			if (found.isEmpty()) {
				break;
			}
			count += this.db.update(INTEGRATION_STATUS)
				.set(INTEGRATION_STATUS.DEADLINE, extended)
				.set(INTEGRATION_STATUS.SWEEP_AFTER, extended)
				.setNull(INTEGRATION_STATUS.LATE_AFTER)
				.where(INTEGRATION_STATUS.ID.in(found))
				.and(INTEGRATION_STATUS.SWEEP_AFTER.le(now))
				.and(INTEGRATION_STATUS.DEADLINE.le(now))
				.and(INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code()))
				.execute();
			this.db.update(INTEGRATION_STATUS)
				.set(INTEGRATION_STATUS.SWEEP_AFTER,
						when(INTEGRATION_STATUS.DEADLINE.gt(now), INTEGRATION_STATUS.DEADLINE)
							.otherwise(inline(null, INTEGRATION_STATUS.SWEEP_AFTER)))
				.where(INTEGRATION_STATUS.ID.in(found))
				.and(INTEGRATION_STATUS.SWEEP_AFTER.le(now))
				.execute();
		}
		while (found.size() == batch);
		return count;
	}

	/**
	 * A status nobody has heard from yet: Unknown, without a deadline or an event (its
	 * first check-in records Unknown to Active). Returns false if it exists already.
	 */
	public boolean register(StatusKey key) {
		return this.db.insertInto(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.UUID, UUID.randomUUID())
			.set(INTEGRATION_STATUS.OFFERING_ID, key.offeringId())
			.set(INTEGRATION_STATUS.AGENT_TYPE, key.type().code())
			.set(INTEGRATION_STATUS.STATUS, Status.UNKNOWN.code())
			.set(INTEGRATION_STATUS.SERVICE_NAME, "")
			.set(INTEGRATION_STATUS.CREATED, Clocks.now(this.clock))
			.onConflict(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE)
			.doNothing()
			.execute() > 0;
	}

	/**
	 * When Vigil's own last downtime ended (the liveness engine found that no instance
	 * watched for a while): an interval that began before it spans the downtime and is
	 * not learned. Null: none known.
	 */
	public void watchedSince(Instant end) {
		this.checkIns.watchedSince(end);
	}

	/**
	 * What a check-in gave one status: its UUID, the time it was recorded at, its new
	 * deadline and what that was computed from, whether it changed the status (from
	 * Unknown or Disconnected), and its learned rhythm (null with learning off).
	 */
	public record CheckedIn(UUID uuid, Instant timestamp, Instant deadline, boolean changed, Basis basis,
			Rhythm rhythm) {

		/** A check-in that learned nothing: its deadline the configured timeout. */
		public CheckedIn(UUID uuid, Instant timestamp, Instant deadline, boolean changed) {
			this(uuid, timestamp, deadline, changed, Basis.CONFIGURED, null);
		}
	}

}
