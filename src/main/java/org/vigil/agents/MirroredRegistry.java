package org.vigil.agents;

import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.SITE_AGENT;
import static org.vigil.db.Tables.SITE_AGENT_PROCESSOR;
import static org.vigil.db.Tables.SITE_AGENT_SERVICE;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Table;
import org.jooq.TableField;
import org.vigil.system.Clocks;

import org.springframework.stereotype.Component;

/**
 * The one writer of the site agents' registry: what a mirror source's registry holds,
 * applied in the caller's transaction. Rows keep their ids across reads (upserted by
 * upstream UUID), so what is later judged of an agent stays with it; whatever the read no
 * longer has is removed, with its services and processors. An identity whose offering
 * this source does not mirror is ignored, and so is a service or processor whose parent
 * was.
 */
@Component
public class MirroredRegistry {

	private final DSLContext db;

	private final Clock clock;

	MirroredRegistry(DSLContext db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	/**
	 * Makes the source's registry what {@code read} found; returns how many agents it
	 * holds.
	 */
	public int replace(long sourceId, RegistryRead read) {
		Map<UUID, Long> offerings = new HashMap<>();
		this.db.select(OFFERING.UUID, OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.SOURCE_ID.eq(sourceId))
			.forEach((r) -> offerings.put(r.value1(), r.value2()));

		Map<UUID, Long> agents = new HashMap<>();
		for (RegistryRead.Identity identity : read.identities()) {
			Long offering = offerings.get(identity.offeringUuid());
			if (offering != null) {
				agents.put(identity.uuid(), upsert(sourceId, offering, identity));
			}
		}
		this.db.deleteFrom(SITE_AGENT)
			.where(SITE_AGENT.SOURCE_ID.eq(sourceId))
			.and(SITE_AGENT.ID.notIn(agents.values()))
			.execute();

		Map<UUID, Long> services = new HashMap<>();
		for (RegistryRead.Service service : read.services()) {
			Long agent = agents.get(service.identityUuid());
			if (agent != null) {
				services.put(service.uuid(), upsert(agent, service));
			}
		}
		this.db.deleteFrom(SITE_AGENT_SERVICE)
			.where(SITE_AGENT_SERVICE.SITE_AGENT_ID.in(agents.values()))
			.and(SITE_AGENT_SERVICE.ID.notIn(services.values()))
			.execute();

		List<Long> processors = read.processors()
			.stream()
			.filter((p) -> services.containsKey(p.serviceUuid()))
			.map((p) -> upsert(services.get(p.serviceUuid()), p))
			.toList();
		this.db.deleteFrom(SITE_AGENT_PROCESSOR)
			.where(SITE_AGENT_PROCESSOR.SERVICE_ID.in(services.values()))
			.and(SITE_AGENT_PROCESSOR.ID.notIn(processors))
			.execute();
		return agents.size();
	}

	private long upsert(long sourceId, long offeringId, RegistryRead.Identity identity) {
		Map<Field<?>, Object> values = new HashMap<>();
		values.put(SITE_AGENT.SOURCE_ID, sourceId);
		values.put(SITE_AGENT.OFFERING_ID, offeringId);
		values.put(SITE_AGENT.NAME, identity.name());
		values.put(SITE_AGENT.VERSION, identity.version());
		values.put(SITE_AGENT.LAST_RESTARTED, identity.lastRestarted());
		return upsert(SITE_AGENT, SITE_AGENT.UUID, SITE_AGENT.ID, identity.uuid(), values,
				Map.of(SITE_AGENT.CREATED, Clocks.now(this.clock)));
	}

	private long upsert(long agentId, RegistryRead.Service service) {
		Map<Field<?>, Object> values = new HashMap<>();
		values.put(SITE_AGENT_SERVICE.SITE_AGENT_ID, agentId);
		values.put(SITE_AGENT_SERVICE.NAME, service.name());
		values.put(SITE_AGENT_SERVICE.MODE, service.mode());
		values.put(SITE_AGENT_SERVICE.STATE, service.state());
		return upsert(SITE_AGENT_SERVICE, SITE_AGENT_SERVICE.UUID, SITE_AGENT_SERVICE.ID, service.uuid(), values,
				Map.of());
	}

	private long upsert(long serviceId, RegistryRead.Processor processor) {
		Map<Field<?>, Object> values = new HashMap<>();
		values.put(SITE_AGENT_PROCESSOR.SERVICE_ID, serviceId);
		values.put(SITE_AGENT_PROCESSOR.NAME, processor.name());
		values.put(SITE_AGENT_PROCESSOR.BACKEND_TYPE, processor.backendType());
		values.put(SITE_AGENT_PROCESSOR.BACKEND_VERSION, processor.backendVersion());
		values.put(SITE_AGENT_PROCESSOR.LAST_RUN, processor.lastRun());
		return upsert(SITE_AGENT_PROCESSOR, SITE_AGENT_PROCESSOR.UUID, SITE_AGENT_PROCESSOR.ID, processor.uuid(),
				values, Map.of());
	}

	/**
	 * The row of {@code table} with this upstream UUID given {@code values} (and, when it
	 * is new, {@code onInsert} too); returns its id, which an update keeps.
	 */
	private <R extends Record> long upsert(Table<R> table, TableField<R, UUID> uuid, TableField<R, Long> id, UUID key,
			Map<Field<?>, Object> values, Map<Field<?>, Object> onInsert) {
		return this.db.update(table)
			.set(values)
			.where(uuid.eq(key))
			.returningResult(id)
			.fetchOptional()
			.map(Record1::value1)
			.orElseGet(() -> this.db.insertInto(table)
				.set(uuid, key)
				.set(values)
				.set(onInsert)
				.returningResult(id)
				.fetchSingle()
				.value1());
	}

}
