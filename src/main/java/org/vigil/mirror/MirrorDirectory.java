package org.vigil.mirror;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jooq.DSLContext;

import org.springframework.stereotype.Repository;

/**
 * What a pass reads of the mirrored offerings and statuses; the writes are directory's
 * {@link org.vigil.directory.MirroredCatalogue}.
 */
@Repository
class MirrorDirectory {

	private final DSLContext db;

	MirrorDirectory(DSLContext db) {
		this.db = db;
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

}
