package org.vigil.directory;

import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.OFFERING;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.db.tables.Offering;
import org.vigil.system.Clocks;
import org.vigil.web.Uuids;

import org.springframework.stereotype.Repository;

/**
 * The customers and offerings mirrored from a mirror source, the only writer of them
 * besides the administration API: created and kept up to date with their upstream UUIDs,
 * and removed when upstream no longer has them or the source goes. Objects that exist
 * here already (local, or from another source) are left alone: a UUID belongs to whoever
 * had it first. Runs in the caller's transaction; each call is a few set-based or batched
 * statements, whatever the size of the page.
 */
@Repository
public class MirroredCatalogue {

	private static final Logger log = LoggerFactory.getLogger(MirroredCatalogue.class);

	private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,150}");

	private final DSLContext db;

	private final Clock clock;

	MirroredCatalogue(DSLContext db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	/**
	 * Creates or updates these offerings and their customers; returns how many it skipped
	 * because their UUIDs belong to something else here.
	 */
	public int apply(long sourceId, List<MirroredOffering> offerings) {
		if (offerings.isEmpty()) {
			return 0;
		}
		Map<UUID, Long> customers = customers(sourceId, offerings);
		Map<UUID, Long> sources = new HashMap<>();
		Map<UUID, Long> ids = new HashMap<>();
		this.db.select(OFFERING.UUID, OFFERING.ID, OFFERING.SOURCE_ID)
			.from(OFFERING)
			.where(OFFERING.UUID.in(offerings.stream().map(MirroredOffering::uuid).toList()))
			.forEach((r) -> {
				ids.put(r.value1(), r.value2());
				sources.put(r.value1(), r.value3());
			});
		Set<String> slugs = new HashSet<>(this.db.select(OFFERING.SLUG)
			.from(OFFERING)
			.where(OFFERING.SLUG.in(offerings.stream().map(MirroredOffering::slug).filter(Objects::nonNull).toList()))
			.fetch(OFFERING.SLUG));
		Instant now = Clocks.now(this.clock);
		var insert = this.db.insertInto(OFFERING, OFFERING.UUID, OFFERING.NAME, OFFERING.SLUG, OFFERING.TYPE,
				OFFERING.CUSTOMER_ID, OFFERING.SOURCE_ID, OFFERING.CREATED);
		Set<UUID> created = new LinkedHashSet<>();
		// One prepared statement, a row of binds per offering: only a changed row is
		// written.
		BatchBindStep update = this.db.batch(this.db.update(OFFERING)
			.set(OFFERING.NAME, (String) null)
			.set(OFFERING.TYPE, (String) null)
			.set(OFFERING.CUSTOMER_ID, (Long) null)
			.where(OFFERING.ID.eq((Long) null))
			.and(OFFERING.NAME.ne((String) null)
				.or(OFFERING.TYPE.ne((String) null))
				.or(OFFERING.CUSTOMER_ID.ne((Long) null))));
		int skipped = 0;
		int updated = 0;
		for (MirroredOffering o : offerings) {
			Long customerId = customers.get(o.customerUuid());
			if (customerId == null) {
				skipped++;
			}
			else if (!ids.containsKey(o.uuid())) {
				if (created.add(o.uuid())) {
					String slug = (o.slug() != null && SLUG.matcher(o.slug()).matches() && slugs.add(o.slug()))
							? o.slug() : Uuids.hex(o.uuid());
					insert = insert.values(o.uuid(), o.name(), slug, o.type(), customerId, sourceId, now);
				}
			}
			else if (!Long.valueOf(sourceId).equals(sources.get(o.uuid()))) {
				log.warn("Mirror source {}: offering {} exists here already and is not mirrored from it", sourceId,
						Uuids.hex(o.uuid()));
				skipped++;
			}
			else {
				update.bind(o.name(), o.type(), customerId, ids.get(o.uuid()), o.name(), o.type(), customerId);
				updated++;
			}
		}
		if (updated > 0) {
			update.execute();
		}
		if (!created.isEmpty()) {
			// A plain insert on H2, whose ON CONFLICT emulation joins row by row (see
			// MirroredStatuses): the rows were looked up above.
			(postgres() ? insert.onConflictDoNothing() : insert).execute();
			Set<UUID> ours = Set.copyOf(this.db.select(OFFERING.UUID)
				.from(OFFERING)
				.where(OFFERING.UUID.in(created))
				.and(OFFERING.SOURCE_ID.eq(sourceId))
				.fetch(OFFERING.UUID));
			for (UUID uuid : created) {
				if (!ours.contains(uuid)) {
					log.warn("Mirror source {}: offering {} could not be created (its UUID or slug is taken)", sourceId,
							Uuids.hex(uuid));
					skipped++;
				}
			}
		}
		return skipped;
	}

	/**
	 * Sets the parents named upstream, where the parent is mirrored from the same source.
	 */
	public void link(long sourceId, Map<UUID, UUID> parents) {
		if (parents.isEmpty()) {
			return;
		}
		var parent = OFFERING.as("parent");
		// One prepared statement, a row of binds per offering; no parent (NULL) matches
		// no
		// row, so the subquery clears it.
		BatchBindStep link = this.db.batch(this.db.update(OFFERING)
			.set(OFFERING.PARENT_ID,
					DSL.field(DSL.select(parent.ID)
						.from(parent)
						.where(parent.UUID.eq((UUID) null))
						.and(parent.SOURCE_ID.eq((Long) null))))
			.where(OFFERING.UUID.eq((UUID) null))
			.and(OFFERING.SOURCE_ID.eq((Long) null)));
		parents.forEach((child, of) -> link.bind(of, sourceId, child, sourceId));
		link.execute();
	}

	/**
	 * Removes the source's offerings (with their statuses and history) and customers that
	 * upstream no longer has; returns how many offerings went.
	 */
	public int removeAllBut(long sourceId, Set<UUID> offerings) {
		List<Long> gone = this.db.select(OFFERING.ID, OFFERING.UUID)
			.from(OFFERING)
			.where(OFFERING.SOURCE_ID.eq(sourceId))
			.fetch()
			.stream()
			.filter((r) -> !offerings.contains(r.value2()))
			.map((r) -> r.value1())
			.toList();
		remove(sourceId, gone.isEmpty() ? null : (o) -> o.ID.in(gone));
		return gone.size();
	}

	/**
	 * Removes everything mirrored from a source that is being deleted: its offerings
	 * (with their statuses and history) and its customers; a customer that holds
	 * offerings made here stays, as a local one.
	 */
	public void removeSource(long sourceId) {
		remove(sourceId, (o) -> DSL.trueCondition());
		this.db.update(CUSTOMER).setNull(CUSTOMER.SOURCE_ID).where(CUSTOMER.SOURCE_ID.eq(sourceId)).execute();
	}

	/**
	 * Removes the source's offerings that {@code which} picks (none if null), after their
	 * children let go of them, then the source's customers left without offerings.
	 */
	private void remove(long sourceId, Function<Offering, Condition> which) {
		if (which != null) {
			Offering gone = OFFERING.as("gone");
			this.db.update(OFFERING)
				.setNull(OFFERING.PARENT_ID)
				.where(OFFERING.PARENT_ID
					.in(DSL.select(gone.ID).from(gone).where(gone.SOURCE_ID.eq(sourceId)).and(which.apply(gone))))
				.execute();
			this.db.deleteFrom(OFFERING).where(OFFERING.SOURCE_ID.eq(sourceId)).and(which.apply(OFFERING)).execute();
		}
		this.db.deleteFrom(CUSTOMER)
			.where(CUSTOMER.SOURCE_ID.eq(sourceId))
			.andNotExists(DSL.selectOne().from(OFFERING).where(OFFERING.CUSTOMER_ID.eq(CUSTOMER.ID)))
			.execute();
	}

	/**
	 * Creates or renames the customers of these offerings; returns the row ids of those
	 * mirrored from this source (a customer that belongs to something else is left out).
	 */
	private Map<UUID, Long> customers(long sourceId, List<MirroredOffering> offerings) {
		Map<UUID, String> names = new LinkedHashMap<>();
		offerings.forEach((o) -> names.put(o.customerUuid(), o.customerName()));
		Map<UUID, Long> ours = new HashMap<>();
		BatchBindStep rename = this.db
			.batch(this.db.update(CUSTOMER).set(CUSTOMER.NAME, (String) null).where(CUSTOMER.ID.eq((Long) null)));
		int renamed = 0;
		Set<UUID> missing = new LinkedHashSet<>(names.keySet());
		for (var r : this.db.select(CUSTOMER.UUID, CUSTOMER.ID, CUSTOMER.SOURCE_ID, CUSTOMER.NAME)
			.from(CUSTOMER)
			.where(CUSTOMER.UUID.in(names.keySet()))
			.fetch()) {
			missing.remove(r.value1());
			if (!Long.valueOf(sourceId).equals(r.value3())) {
				log.warn("Mirror source {}: customer {} exists here already and is not mirrored from it", sourceId,
						Uuids.hex(r.value1()));
				continue;
			}
			ours.put(r.value1(), r.value2());
			if (!names.get(r.value1()).equals(r.value4())) {
				rename.bind(names.get(r.value1()), r.value2());
				renamed++;
			}
		}
		if (renamed > 0) {
			rename.execute();
		}
		if (!missing.isEmpty()) {
			Instant now = Clocks.now(this.clock);
			var insert = this.db.insertInto(CUSTOMER, CUSTOMER.UUID, CUSTOMER.NAME, CUSTOMER.SOURCE_ID,
					CUSTOMER.CREATED);
			for (UUID uuid : missing) {
				insert = insert.values(uuid, names.get(uuid), sourceId, now);
			}
			(postgres() ? insert.onConflict(CUSTOMER.UUID).doNothing() : insert).execute();
			this.db.select(CUSTOMER.UUID, CUSTOMER.ID)
				.from(CUSTOMER)
				.where(CUSTOMER.UUID.in(missing))
				.and(CUSTOMER.SOURCE_ID.eq(sourceId))
				.forEach((r) -> ours.put(r.value1(), r.value2()));
		}
		return ours;
	}

	private boolean postgres() {
		return this.db.dialect().family() == SQLDialect.POSTGRES;
	}

}
