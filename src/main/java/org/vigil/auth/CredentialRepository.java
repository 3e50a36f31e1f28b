package org.vigil.auth;

import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.AUTH_EPOCH;
import static org.vigil.db.Tables.TOKEN;
import static org.vigil.db.Tables.TOKEN_OFFERING;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.jooq.DSLContext;

import org.springframework.stereotype.Repository;

@Repository
class CredentialRepository {

	private final DSLContext db;

	CredentialRepository(DSLContext db) {
		this.db = db;
	}

	/** What a token with this key digest may do, looked up through the unique digest index. */
	Optional<Credential> findByDigest(String digest) {
		return this.db
			.select(TOKEN.ID, TOKEN.KEY_DIGEST, TOKEN.EXPIRES_AT, ACCOUNT.ID, ACCOUNT.UUID, ACCOUNT.USERNAME,
					ACCOUNT.IS_STAFF, ACCOUNT.IS_SUPPORT, ACCOUNT.IS_ACTIVE)
			.from(TOKEN)
			.join(ACCOUNT)
			.on(ACCOUNT.ID.eq(TOKEN.ACCOUNT_ID))
			.where(TOKEN.KEY_DIGEST.eq(digest))
			.fetchOptional()
			.map((row) -> {
				Set<Long> scope = Set.copyOf(this.db.select(TOKEN_OFFERING.OFFERING_ID)
					.from(TOKEN_OFFERING)
					.where(TOKEN_OFFERING.TOKEN_ID.eq(row.get(TOKEN.ID)))
					.fetch(TOKEN_OFFERING.OFFERING_ID));
				Caller caller = new Caller(row.get(ACCOUNT.ID), row.get(ACCOUNT.UUID), row.get(ACCOUNT.USERNAME),
						row.get(ACCOUNT.IS_STAFF), row.get(ACCOUNT.IS_SUPPORT), scope.isEmpty() ? null : scope);
				return new Credential(row.get(TOKEN.KEY_DIGEST), row.get(TOKEN.EXPIRES_AT), row.get(ACCOUNT.IS_ACTIVE),
						caller);
			});
	}

	long epoch() {
		return this.db.select(AUTH_EPOCH.EPOCH).from(AUTH_EPOCH).where(AUTH_EPOCH.ID.eq(1)).fetchSingle().value1();
	}

	void bumpEpoch() {
		this.db.update(AUTH_EPOCH).set(AUTH_EPOCH.EPOCH, AUTH_EPOCH.EPOCH.plus(1L)).where(AUTH_EPOCH.ID.eq(1)).execute();
	}

	record Credential(String digest, Instant expiresAt, boolean active, Caller caller) {

		boolean validAt(Instant now) {
			return this.active && (this.expiresAt == null || now.isBefore(this.expiresAt));
		}

	}

}
