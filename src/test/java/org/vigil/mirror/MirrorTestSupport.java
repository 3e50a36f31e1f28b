package org.vigil.mirror;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.jooq.DSLContext;
import org.vigil.support.Api;
import org.vigil.support.Instance;
import org.vigil.support.Await;
import org.vigil.web.Uuids;

/** What the mirror tests share: a polling instance, waiting, and reading results. */
final class MirrorTestSupport {

	private MirrorTestSupport() {
	}

	/**
	 * A Vigil on the tests' database whose mirror polls fast. A takeover in these tests
	 * comes from a lease let go on shutdown; the lease outlasts the pauses of a loaded
	 * machine (2 s did not, at a load average of 15), so one holder keeps it meanwhile.
	 */
	static Instance poller() {
		return Instance.start(Map.of("vigil.mirror.enabled", "true", "vigil.mirror.tick", "50ms", "vigil.mirror.lease",
				"10s", "vigil.mirror.read-timeout", "1s", "vigil.mirror.connect-timeout", "1s",
				"vigil.mirror.reconcile-every", "5"));
	}

	/** Every source removed through the API, as an operator would, with what it fed. */
	static void removeSources(DSLContext db, Api api, String adminKey) {
		db.select(MIRROR_SOURCE.UUID)
			.from(MIRROR_SOURCE)
			.fetch(MIRROR_SOURCE.UUID)
			.forEach((uuid) -> api.delete("/api/mirror-sources/" + Uuids.hex(uuid) + "/", adminKey));
	}

	static void await(Duration limit, String what, BooleanSupplier condition) {
		Await.atMost(limit).alias(what).until(condition::getAsBoolean);
	}

	/**
	 * Real time, for the tests that watch a poller of another instance poll on the system
	 * clock (SeveralPollersTest, VigilMirrorsVigilTest, HostileUpstreamTest).
	 */
	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The status with this UUID here: its status label code, or null if missing. */
	static Short status(DSLContext db, UUID uuid) {
		return db.select(INTEGRATION_STATUS.STATUS)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.UUID.eq(uuid))
			.fetchOne(INTEGRATION_STATUS.STATUS);
	}

	/** The events of a status, oldest first, as "from>to:reason". */
	static List<String> events(DSLContext db, UUID uuid) {
		return db.select(STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON)
			.from(STATUS_EVENT)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID))
			.where(INTEGRATION_STATUS.UUID.eq(uuid))
			.orderBy(STATUS_EVENT.ID)
			.fetch((r) -> r.value1() + ">" + r.value2() + ":" + r.value3());
	}

	static String state(DSLContext db, UUID source) {
		return db.select(MIRROR_SOURCE.STATE)
			.from(MIRROR_SOURCE)
			.where(MIRROR_SOURCE.UUID.eq(source))
			.fetchOne(MIRROR_SOURCE.STATE);
	}

}
