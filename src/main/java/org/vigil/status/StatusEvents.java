package org.vigil.status;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.vigil.status.StatusTransitionListener.RecordedTransition;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where every status event goes out: one per status change, written in the transaction
 * that made the change, so history and state cannot disagree. {@link StatusChanges} is
 * the only caller. Anything that must learn of a change hooks in here: in the
 * transaction, as a {@link StatusTransitionListener} told of each batch (alerts writes
 * its outbox rows so), or after its commit (as the counters do).
 */
final class StatusEvents {

	static final String CHECK_IN = "check_in";

	static final String TIMEOUT = "timeout";

	private final DSLContext db;

	private final MeterRegistry meters;

	private final List<StatusTransitionListener> listeners;

	StatusEvents(DSLContext db, MeterRegistry meters, List<StatusTransitionListener> listeners) {
		this.db = db;
		this.meters = meters;
		this.listeners = List.copyOf(listeners);
	}

	/** Must run inside the transaction that changed the statuses. */
	void record(List<Transition> transitions, String reason, Instant at) {
		record(transitions, reason, (t) -> at);
	}

	/**
	 * The same, each event at its own time (a mirror's check-ins carry the upstream's),
	 * still in one batch.
	 */
	void record(List<Transition> transitions, String reason, Function<Transition, Instant> at) {
		record(transitions, reason, at, (t) -> null);
	}

	/**
	 * The same, a timeout event saying what the deadline it passed was based on
	 * ({@code judged}, null for other events).
	 */
	void record(List<Transition> transitions, String reason, Function<Transition, Instant> at,
			Function<Transition, Judged> judged) {
		if (transitions.isEmpty()) {
			return;
		}
		// One prepared statement and a row of binds per event: no SQL text grows with the
		// batch.
		BatchBindStep insert = this.db
			.batch(this.db
				.insertInto(STATUS_EVENT, STATUS_EVENT.UUID, STATUS_EVENT.INTEGRATION_STATUS_ID,
						STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON, STATUS_EVENT.CREATED,
						STATUS_EVENT.TIMEOUT_BASIS, STATUS_EVENT.EXPECTED_INTERVAL_MS)
				.values((UUID) null, null, null, null, null, null, null, null));
		List<RecordedTransition> recorded = new ArrayList<>(transitions.size());
		for (Transition t : transitions) {
			UUID event = UUID.randomUUID();
			Instant when = at.apply(t);
			Judged j = judged.apply(t);
			insert.bind(event, t.statusId(), t.from().code(), t.to().code(), reason, when,
					(j != null) ? j.basis() : null, (j != null) ? j.expectedIntervalMs() : null);
			recorded.add(new RecordedTransition(event, t.statusId(), t.from(), t.to(), when));
		}
		insert.execute();
		tell(recorded);
		afterCommit(() -> transitions.forEach((t) -> transitions(t.from(), t.to(), reason).increment()));
	}

	/**
	 * PostgreSQL only: the sweeper's compare-and-set ({@code Active} with a deadline not
	 * after {@code expiredBy}, among {@code ids}, becomes Disconnected) with a
	 * {@code timeout} event for each status it changed, in one statement: one round trip,
	 * and a set-based insert instead of a statement per row. Its events go to the
	 * listeners as any other batch does. Returns the ids it changed. Must run inside the
	 * transaction that locked the rows.
	 */
	List<Long> timeouts(List<Long> ids, Instant expiredBy, Instant at) {
		Field<Short> active = inline(Status.ACTIVE.code());
		Field<Short> disconnected = inline(Status.DISCONNECTED.code());
		List<RecordedTransition> recorded = this.db
			.resultQuery("""
					WITH expired AS (
					  UPDATE {0} SET {1} = {2}, {3} = NULL, {4} = NULL, {5} = {6}
					  WHERE {7} = ANY({8}) AND {1} = {9} AND {3} <= {10}
					  RETURNING {7}, {20}, {21}),
					event AS (
					  INSERT INTO {11} ({12}, {13}, {14}, {15}, {16}, {17}, {22}, {23})
					  SELECT gen_random_uuid(), {7}, {9}, {2}, {18}, {19}, {20},
					    CASE WHEN {20} = 1 THEN CAST(ROUND({21}) AS BIGINT) END FROM expired ORDER BY {7}
					  RETURNING {12}, {13})
					SELECT {12}, {13} FROM event ORDER BY {13}""", INTEGRATION_STATUS, unq(INTEGRATION_STATUS.STATUS),
					disconnected, unq(INTEGRATION_STATUS.DEADLINE), unq(INTEGRATION_STATUS.SWEEP_AFTER),
					unq(INTEGRATION_STATUS.SEEN_FLOOR), unq(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP),
					unq(INTEGRATION_STATUS.ID), val(ids.toArray(Long[]::new)), active, val(expiredBy), STATUS_EVENT,
					unq(STATUS_EVENT.UUID), unq(STATUS_EVENT.INTEGRATION_STATUS_ID), unq(STATUS_EVENT.FROM_STATUS),
					unq(STATUS_EVENT.TO_STATUS), unq(STATUS_EVENT.REASON), unq(STATUS_EVENT.CREATED), inline(TIMEOUT),
					val(at), unq(INTEGRATION_STATUS.TIMEOUT_BASIS), unq(INTEGRATION_STATUS.RHYTHM_MEAN),
					unq(STATUS_EVENT.TIMEOUT_BASIS), unq(STATUS_EVENT.EXPECTED_INTERVAL_MS))
			.fetch((r) -> new RecordedTransition(r.get(0, UUID.class), r.get(1, Long.class), Status.ACTIVE,
					Status.DISCONNECTED, at));
		tell(recorded);
		int count = recorded.size();
		afterCommit(() -> transitions(Status.ACTIVE, Status.DISCONNECTED, TIMEOUT).increment(count));
		return recorded.stream().map(RecordedTransition::statusId).toList();
	}

	private void tell(List<RecordedTransition> recorded) {
		if (recorded.isEmpty()) {
			return;
		}
		List<RecordedTransition> batch = List.copyOf(recorded);
		for (StatusTransitionListener listener : this.listeners) {
			listener.recorded(batch);
		}
	}

	private static Name unq(Field<?> field) {
		return field.getUnqualifiedName();
	}

	private static void afterCommit(Runnable count) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					count.run();
				}
			});
		}
		else {
			count.run();
		}
	}

	private Counter transitions(Status from, Status to, String reason) {
		return Counter.builder("vigil.status.transitions")
			.description("Integration status changes")
			.tag("from", from.label())
			.tag("to", to.label())
			.tag("reason", reason)
			.register(this.meters);
	}

	/**
	 * What a timeout event tells of the deadline it passed: its basis (as stored: 0
	 * configured, 1 learned) and the learned interval it came from (ms; null when the
	 * deadline was the configured one).
	 */
	record Judged(short basis, Long expectedIntervalMs) {

		/** From the row's basis and learned mean. */
		static Judged of(Short basis, Double mean) {
			short code = (basis != null) ? basis : 0;
			return new Judged(code, (code == 1 && mean != null) ? Math.round(mean) : null);
		}

	}

	/** A status (by its row id) that moved from one status to another. */
	record Transition(long statusId, Status from, Status to) {
	}

}
