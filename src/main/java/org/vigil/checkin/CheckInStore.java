package org.vigil.checkin;

import static org.jooq.impl.DSL.row;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Row2;
import org.vigil.directory.Clocks;
import org.vigil.events.StatusEvents;
import org.vigil.events.StatusEvents.Transition;
import org.vigil.liveness.LivenessProperties;
import org.vigil.status.AgentType;
import org.vigil.status.Status;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of check-ins in one transaction: create what is missing, move everything to
 * Active with a new deadline, and record one {@code check_in} event per status that changed.
 * The steady state (every status exists and is Active) costs one locking read and one batched
 * update.
 */
@Component
class CheckInStore {

	private static final int ATTEMPTS = 3;

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final LivenessProperties liveness;

	private final StatusEvents events;

	private final Clock clock;

	CheckInStore(DSLContext db, TransactionTemplate transactions, LivenessProperties liveness, StatusEvents events,
			Clock clock) {
		this.db = db;
		this.transactions = transactions;
		this.liveness = liveness;
		this.events = events;
		this.clock = clock;
	}

	/** Commits the batch; returns, for each check-in in order, the statuses it wrote. */
	List<List<CheckIn.Written>> write(List<CheckIn> batch) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.transactions.execute((tx) -> writeOnce(batch));
			}
			catch (PessimisticLockingFailureException ex) {
				// Another instance locked the same new rows in another order; the batch is safe to redo.
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private List<List<CheckIn.Written>> writeOnce(List<CheckIn> batch) {
		Instant now = Clocks.now(this.clock);
		Map<Key, String> latest = new LinkedHashMap<>();
		for (CheckIn checkIn : batch) {
			for (AgentType type : checkIn.agentTypes()) {
				latest.put(new Key(checkIn.offering().id(), type), checkIn.serviceName());
			}
		}
		List<Key> keys = new ArrayList<>(latest.keySet());
		keys.sort(Comparator.comparingLong(Key::offeringId).thenComparing(Key::type));

		Map<Key, Existing> existing = lock(keys);
		List<Key> missing = keys.stream().filter((key) -> !existing.containsKey(key)).toList();
		Set<UUID> created = new HashSet<>();
		if (!missing.isEmpty()) {
			created.addAll(insert(missing, latest, now));
			existing.putAll(lock(missing));
		}

		List<Query> updates = new ArrayList<>();
		List<Transition> transitions = new ArrayList<>();
		for (Key key : keys) {
			Existing row = existing.get(key);
			if (created.contains(row.uuid())) {
				transitions.add(new Transition(row.id(), Status.UNKNOWN, Status.ACTIVE));
				continue;
			}
			updates.add(this.db.update(INTEGRATION_STATUS)
				.set(INTEGRATION_STATUS.STATUS, Status.ACTIVE.code())
				.set(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP, now)
				.set(INTEGRATION_STATUS.SERVICE_NAME, latest.get(key))
				.set(INTEGRATION_STATUS.DEADLINE, now.plus(this.liveness.timeout(key.type())))
				.where(INTEGRATION_STATUS.ID.eq(row.id())));
			if (row.status() != Status.ACTIVE) {
				transitions.add(new Transition(row.id(), row.status(), Status.ACTIVE));
			}
		}
		if (!updates.isEmpty()) {
			this.db.batch(updates).execute();
		}
		this.events.record(transitions, StatusEvents.CHECK_IN, now);

		List<List<CheckIn.Written>> written = new ArrayList<>(batch.size());
		for (CheckIn checkIn : batch) {
			written.add(checkIn.agentTypes()
				.stream()
				.map((type) -> new CheckIn.Written(checkIn.offering(),
						existing.get(new Key(checkIn.offering().id(), type)).uuid(), type, now,
						latest.get(new Key(checkIn.offering().id(), type))))
				.toList());
		}
		return written;
	}

	/** Locks the statuses that exist, in id order so that concurrent batches cannot deadlock. */
	private Map<Key, Existing> lock(List<Key> keys) {
		List<Row2<Long, Short>> rows = keys.stream().map((key) -> row(key.offeringId(), key.type().code())).toList();
		Map<Key, Existing> found = new LinkedHashMap<>();
		for (Record r : this.db
			.select(INTEGRATION_STATUS.ID, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.OFFERING_ID,
					INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS)
			.from(INTEGRATION_STATUS)
			.where(row(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE).in(rows))
			.orderBy(INTEGRATION_STATUS.ID)
			.forUpdate()
			.fetch()) {
			found.put(new Key(r.get(INTEGRATION_STATUS.OFFERING_ID), AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE))),
					new Existing(r.get(INTEGRATION_STATUS.ID), r.get(INTEGRATION_STATUS.UUID),
							Status.ofCode(r.get(INTEGRATION_STATUS.STATUS))));
		}
		return found;
	}

	/** Creates the missing statuses, already Active; returns the UUIDs given to them. */
	private Set<UUID> insert(List<Key> missing, Map<Key, String> latest, Instant now) {
		var insert = this.db.insertInto(INTEGRATION_STATUS, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.OFFERING_ID,
				INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP,
				INTEGRATION_STATUS.SERVICE_NAME, INTEGRATION_STATUS.DEADLINE, INTEGRATION_STATUS.CREATED);
		Set<UUID> uuids = new HashSet<>();
		for (Key key : missing) {
			UUID uuid = UUID.randomUUID();
			uuids.add(uuid);
			insert = insert.values(uuid, key.offeringId(), key.type().code(), Status.ACTIVE.code(), now, latest.get(key),
					now.plus(this.liveness.timeout(key.type())), now);
		}
		// A status another instance created a moment ago is left alone here and updated as existing.
		insert.onConflict(INTEGRATION_STATUS.OFFERING_ID, INTEGRATION_STATUS.AGENT_TYPE).doNothing().execute();
		return uuids;
	}

	private record Key(long offeringId, AgentType type) {
	}

	private record Existing(long id, UUID uuid, Status status) {
	}

}
