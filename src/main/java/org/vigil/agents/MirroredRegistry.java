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
		int updated = this.db.update(SITE_AGENT)
			.set(SITE_AGENT.SOURCE_ID, sourceId)
			.set(SITE_AGENT.OFFERING_ID, offeringId)
			.set(SITE_AGENT.NAME, identity.name())
			.set(SITE_AGENT.VERSION, identity.version())
			.set(SITE_AGENT.LAST_RESTARTED, identity.lastRestarted())
			.where(SITE_AGENT.UUID.eq(identity.uuid()))
			.execute();
		if (updated == 0) {
			this.db.insertInto(SITE_AGENT)
				.set(SITE_AGENT.UUID, identity.uuid())
				.set(SITE_AGENT.SOURCE_ID, sourceId)
				.set(SITE_AGENT.OFFERING_ID, offeringId)
				.set(SITE_AGENT.NAME, identity.name())
				.set(SITE_AGENT.VERSION, identity.version())
				.set(SITE_AGENT.LAST_RESTARTED, identity.lastRestarted())
				.set(SITE_AGENT.CREATED, Clocks.now(this.clock))
				.execute();
		}
		return this.db.select(SITE_AGENT.ID)
			.from(SITE_AGENT)
			.where(SITE_AGENT.UUID.eq(identity.uuid()))
			.fetchSingle()
			.value1();
	}

	private long upsert(long agentId, RegistryRead.Service service) {
		int updated = this.db.update(SITE_AGENT_SERVICE)
			.set(SITE_AGENT_SERVICE.SITE_AGENT_ID, agentId)
			.set(SITE_AGENT_SERVICE.NAME, service.name())
			.set(SITE_AGENT_SERVICE.MODE, service.mode())
			.set(SITE_AGENT_SERVICE.STATE, service.state())
			.where(SITE_AGENT_SERVICE.UUID.eq(service.uuid()))
			.execute();
		if (updated == 0) {
			this.db.insertInto(SITE_AGENT_SERVICE)
				.set(SITE_AGENT_SERVICE.UUID, service.uuid())
				.set(SITE_AGENT_SERVICE.SITE_AGENT_ID, agentId)
				.set(SITE_AGENT_SERVICE.NAME, service.name())
				.set(SITE_AGENT_SERVICE.MODE, service.mode())
				.set(SITE_AGENT_SERVICE.STATE, service.state())
				.execute();
		}
		return this.db.select(SITE_AGENT_SERVICE.ID)
			.from(SITE_AGENT_SERVICE)
			.where(SITE_AGENT_SERVICE.UUID.eq(service.uuid()))
			.fetchSingle()
			.value1();
	}

	private long upsert(long serviceId, RegistryRead.Processor processor) {
		int updated = this.db.update(SITE_AGENT_PROCESSOR)
			.set(SITE_AGENT_PROCESSOR.SERVICE_ID, serviceId)
			.set(SITE_AGENT_PROCESSOR.NAME, processor.name())
			.set(SITE_AGENT_PROCESSOR.BACKEND_TYPE, processor.backendType())
			.set(SITE_AGENT_PROCESSOR.BACKEND_VERSION, processor.backendVersion())
			.set(SITE_AGENT_PROCESSOR.LAST_RUN, processor.lastRun())
			.where(SITE_AGENT_PROCESSOR.UUID.eq(processor.uuid()))
			.execute();
		if (updated == 0) {
			this.db.insertInto(SITE_AGENT_PROCESSOR)
				.set(SITE_AGENT_PROCESSOR.UUID, processor.uuid())
				.set(SITE_AGENT_PROCESSOR.SERVICE_ID, serviceId)
				.set(SITE_AGENT_PROCESSOR.NAME, processor.name())
				.set(SITE_AGENT_PROCESSOR.BACKEND_TYPE, processor.backendType())
				.set(SITE_AGENT_PROCESSOR.BACKEND_VERSION, processor.backendVersion())
				.set(SITE_AGENT_PROCESSOR.LAST_RUN, processor.lastRun())
				.execute();
		}
		return this.db.select(SITE_AGENT_PROCESSOR.ID)
			.from(SITE_AGENT_PROCESSOR)
			.where(SITE_AGENT_PROCESSOR.UUID.eq(processor.uuid()))
			.fetchSingle()
			.value1();
	}

}
