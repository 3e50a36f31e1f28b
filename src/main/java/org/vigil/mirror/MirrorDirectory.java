package org.vigil.mirror;

import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.system.Clocks;
import org.vigil.web.Uuids;

import org.springframework.stereotype.Repository;

/**
 * The customers and offerings mirrored from a source: created and kept up to date with
 * their upstream UUIDs, and removed when upstream no longer has them. Objects that exist
 * here already (local, or from another source) are left alone: a UUID belongs to whoever
 * had it first. Runs in the caller's transaction.
 */
@Repository
class MirrorDirectory {

	private static final Logger log = LoggerFactory.getLogger(MirrorDirectory.class);

	private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,150}");

	private final DSLContext db;

	private final Clock clock;

	MirrorDirectory(DSLContext db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	/**
	 * Creates or updates these offerings and their customers; returns how many it skipped
	 * because their UUIDs belong to something else here.
	 */
	int apply(long sourceId, List<UpstreamOffering> offerings) {
		int skipped = 0;
		for (UpstreamOffering o : offerings) {
			Long customerId = customer(sourceId, o.customerUuid(), o.customerName());
			if (customerId == null || !offering(sourceId, customerId, o)) {
				skipped++;
			}
		}
		return skipped;
	}

	/**
	 * Sets the parents named upstream, where the parent is mirrored from the same source.
	 */
	void link(long sourceId, Map<UUID, UUID> parents) {
		for (Map.Entry<UUID, UUID> p : parents.entrySet()) {
			var parent = OFFERING.as("parent");
			this.db.update(OFFERING)
				.set(OFFERING.PARENT_ID,
						(p.getValue() == null) ? DSL.castNull(OFFERING.PARENT_ID)
								: DSL.field(DSL.select(parent.ID)
									.from(parent)
									.where(parent.UUID.eq(p.getValue()))
									.and(parent.SOURCE_ID.eq(sourceId))))
				.where(OFFERING.UUID.eq(p.getKey()))
				.and(OFFERING.SOURCE_ID.eq(sourceId))
				.execute();
		}
	}

	/**
	 * Removes the source's offerings (with their statuses and history) and customers that
	 * upstream no longer has; returns how many offerings went.
	 */
	int removeAllBut(long sourceId, Set<UUID> offerings) {
		List<Long> gone = this.db.select(OFFERING.ID, OFFERING.UUID)
			.from(OFFERING)
			.where(OFFERING.SOURCE_ID.eq(sourceId))
			.fetch()
			.stream()
			.filter((r) -> !offerings.contains(r.value2()))
			.map((r) -> r.value1())
			.toList();
		if (!gone.isEmpty()) {
			this.db.update(OFFERING).setNull(OFFERING.PARENT_ID).where(OFFERING.PARENT_ID.in(gone)).execute();
			this.db.deleteFrom(OFFERING).where(OFFERING.ID.in(gone)).execute();
		}
		this.db.deleteFrom(CUSTOMER)
			.where(CUSTOMER.SOURCE_ID.eq(sourceId))
			.andNotExists(DSL.selectOne().from(OFFERING).where(OFFERING.CUSTOMER_ID.eq(CUSTOMER.ID)))
			.execute();
		return gone.size();
	}

	/** The row ids of the source's offerings with these upstream UUIDs. */
	Map<UUID, Long> offeringIds(long sourceId, Collection<UUID> uuids) {
		Map<UUID, Long> found = new HashMap<>();
		if (uuids.isEmpty()) {
			return found;
		}
		this.db.select(OFFERING.UUID, OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.SOURCE_ID.eq(sourceId))
			.and(OFFERING.UUID.in(uuids))
			.forEach((r) -> found.put(r.value1(), r.value2()));
		return found;
	}

	/** Which of these offering UUIDs exist here, mirrored or not. */
	Set<UUID> existing(Collection<UUID> uuids) {
		return Set
			.copyOf(this.db.select(OFFERING.UUID).from(OFFERING).where(OFFERING.UUID.in(uuids)).fetch(OFFERING.UUID));
	}

	/** The source's statuses that are not among these upstream UUIDs: gone upstream. */
	List<Long> statusesAllBut(long sourceId, Set<UUID> statuses) {
		return this.db.select(INTEGRATION_STATUS.ID, INTEGRATION_STATUS.UUID)
			.from(INTEGRATION_STATUS)
			.join(OFFERING)
			.on(OFFERING.ID.eq(INTEGRATION_STATUS.OFFERING_ID))
			.where(OFFERING.SOURCE_ID.eq(sourceId))
			.fetch()
			.stream()
			.filter((r) -> !statuses.contains(r.value2()))
			.map((r) -> r.value1())
			.toList();
	}

	private Long customer(long sourceId, UUID uuid, String name) {
		var existing = this.db.select(CUSTOMER.ID, CUSTOMER.SOURCE_ID, CUSTOMER.NAME)
			.from(CUSTOMER)
			.where(CUSTOMER.UUID.eq(uuid))
			.fetchOne();
		if (existing == null) {
			this.db.insertInto(CUSTOMER)
				.set(CUSTOMER.UUID, uuid)
				.set(CUSTOMER.NAME, name)
				.set(CUSTOMER.SOURCE_ID, sourceId)
				.set(CUSTOMER.CREATED, Clocks.now(this.clock))
				.onConflict(CUSTOMER.UUID)
				.doNothing()
				.execute();
			return this.db.select(CUSTOMER.ID)
				.from(CUSTOMER)
				.where(CUSTOMER.UUID.eq(uuid))
				.and(CUSTOMER.SOURCE_ID.eq(sourceId))
				.fetchOne(CUSTOMER.ID);
		}
		if (!Long.valueOf(sourceId).equals(existing.value2())) {
			log.warn("Mirror source {}: customer {} exists here already and is not mirrored from it", sourceId,
					Uuids.hex(uuid));
			return null;
		}
		if (!name.equals(existing.value3())) {
			this.db.update(CUSTOMER).set(CUSTOMER.NAME, name).where(CUSTOMER.ID.eq(existing.value1())).execute();
		}
		return existing.value1();
	}

	private boolean offering(long sourceId, long customerId, UpstreamOffering o) {
		var existing = this.db.select(OFFERING.ID, OFFERING.SOURCE_ID)
			.from(OFFERING)
			.where(OFFERING.UUID.eq(o.uuid()))
			.fetchOne();
		if (existing == null) {
			String slug = (o.slug() != null && SLUG.matcher(o.slug()).matches()
					&& !this.db.fetchExists(OFFERING, OFFERING.SLUG.eq(o.slug()))) ? o.slug() : Uuids.hex(o.uuid());
			int inserted = this.db.insertInto(OFFERING)
				.set(OFFERING.UUID, o.uuid())
				.set(OFFERING.NAME, o.name())
				.set(OFFERING.SLUG, slug)
				.set(OFFERING.TYPE, o.type())
				.set(OFFERING.CUSTOMER_ID, customerId)
				.set(OFFERING.SOURCE_ID, sourceId)
				.set(OFFERING.CREATED, Clocks.now(this.clock))
				.onConflictDoNothing()
				.execute();
			if (inserted == 0) {
				log.warn("Mirror source {}: offering {} could not be created (its UUID or slug is taken)", sourceId,
						Uuids.hex(o.uuid()));
			}
			return inserted == 1;
		}
		if (!Long.valueOf(sourceId).equals(existing.value2())) {
			log.warn("Mirror source {}: offering {} exists here already and is not mirrored from it", sourceId,
					Uuids.hex(o.uuid()));
			return false;
		}
		this.db.update(OFFERING)
			.set(OFFERING.NAME, o.name())
			.set(OFFERING.TYPE, o.type())
			.set(OFFERING.CUSTOMER_ID, customerId)
			.where(OFFERING.ID.eq(existing.value1()))
			.and(OFFERING.NAME.ne(o.name()).or(OFFERING.TYPE.ne(o.type())).or(OFFERING.CUSTOMER_ID.ne(customerId)))
			.execute();
		return true;
	}

}
