package org.vigil.checkin;

import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.OFFERING;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jooq.DSLContext;

import org.springframework.stereotype.Component;

/**
 * Offerings by UUID for the check-in path, cached so that a warm check-in reads nothing
 * before its write. Offerings are never renamed or moved between customers, so only
 * misses are left uncached (an offering created a moment ago must be found). An offering
 * deleted in the database is forgotten when a check-in for it fails.
 */
@Component
class OfferingLookup {

	private final DSLContext db;

	private final Cache<UUID, KnownOffering> cache = Caffeine.newBuilder()
		.maximumSize(200_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	OfferingLookup(DSLContext db) {
		this.db = db;
	}

	Optional<KnownOffering> find(UUID uuid) {
		KnownOffering cached = this.cache.getIfPresent(uuid);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<KnownOffering> found = this.db
			.select(OFFERING.ID, OFFERING.UUID, OFFERING.NAME, CUSTOMER.ID, CUSTOMER.UUID, CUSTOMER.NAME,
					OFFERING.SOURCE_ID)
			.from(OFFERING)
			.join(CUSTOMER)
			.on(CUSTOMER.ID.eq(OFFERING.CUSTOMER_ID))
			.where(OFFERING.UUID.eq(uuid))
			.fetchOptional((r) -> new KnownOffering(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
					r.value6(), r.value7() != null));
		found.ifPresent((offering) -> this.cache.put(uuid, offering));
		return found;
	}

	/**
	 * The offering was deleted (the database said so when a check-in for it was written).
	 */
	void forget(UUID uuid) {
		this.cache.invalidate(uuid);
	}

}
