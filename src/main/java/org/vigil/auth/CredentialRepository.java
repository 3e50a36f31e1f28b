package org.vigil.auth;

import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.AUTH_EPOCH;
import static org.vigil.db.Tables.CUSTOMER_ROLE;
import static org.vigil.db.Tables.OFFERING_ROLE;
import static org.vigil.db.Tables.TOKEN;
import static org.vigil.db.Tables.TOKEN_OFFERING;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jooq.DSLContext;

import org.springframework.stereotype.Repository;

@Repository
class CredentialRepository {

	/** directory.Role.CUSTOMER_OWNER's wire name (auth does not depend on directory). */
	private static final String OWNER = "CUSTOMER.OWNER";

	private final DSLContext db;

	CredentialRepository(DSLContext db) {
		this.db = db;
	}

	/**
	 * What a token with this key digest may do, looked up through the unique digest
	 * index, with the user's role grants (cached with it; a grant or removal bumps the
	 * auth epoch). An agent token whose offerings are all gone is no credential at all:
	 * its kind is stored, so it can never fall back to what its user may do.
	 */
	Optional<Credential> findByDigest(String digest) {
		return this.db
			.select(TOKEN.ID, TOKEN.UUID, TOKEN.KEY_DIGEST, TOKEN.EXPIRES_AT, TOKEN.KIND, ACCOUNT.ID, ACCOUNT.UUID,
					ACCOUNT.USERNAME, ACCOUNT.IS_STAFF, ACCOUNT.IS_SUPPORT, ACCOUNT.IS_ACTIVE, ACCOUNT.CREATED)
			.from(TOKEN)
			.join(ACCOUNT)
			.on(ACCOUNT.ID.eq(TOKEN.ACCOUNT_ID))
			.where(TOKEN.KEY_DIGEST.eq(digest))
			.fetchOptional()
			.flatMap((row) -> {
				boolean agent = TokenKind.of(row.get(TOKEN.KIND)) == TokenKind.AGENT;
				Set<Long> scope = agent ? Set.copyOf(this.db.select(TOKEN_OFFERING.OFFERING_ID)
					.from(TOKEN_OFFERING)
					.where(TOKEN_OFFERING.TOKEN_ID.eq(row.get(TOKEN.ID)))
					.fetch(TOKEN_OFFERING.OFFERING_ID)) : null;
				if (agent && scope.isEmpty()) {
					return Optional.empty();
				}
				long account = row.get(ACCOUNT.ID);
				Set<Long> offerings = Set.copyOf(this.db.select(OFFERING_ROLE.OFFERING_ID)
					.from(OFFERING_ROLE)
					.where(OFFERING_ROLE.ACCOUNT_ID.eq(account))
					.fetch(OFFERING_ROLE.OFFERING_ID));
				var customerRoles = this.db.select(CUSTOMER_ROLE.CUSTOMER_ID, CUSTOMER_ROLE.ROLE)
					.from(CUSTOMER_ROLE)
					.where(CUSTOMER_ROLE.ACCOUNT_ID.eq(account))
					.fetch();
				Set<Long> customers = Set.copyOf(customerRoles.getValues(CUSTOMER_ROLE.CUSTOMER_ID));
				Set<Long> owned = customerRoles.stream()
					.filter((r) -> OWNER.equals(r.value2()))
					.map((r) -> r.value1())
					.collect(Collectors.toUnmodifiableSet());
				Caller caller = new Caller(account, row.get(ACCOUNT.UUID), row.get(ACCOUNT.USERNAME),
						row.get(ACCOUNT.IS_STAFF), row.get(ACCOUNT.IS_SUPPORT), row.get(ACCOUNT.CREATED), offerings,
						customers, owned, scope, row.get(TOKEN.UUID));
				return Optional.of(new Credential(row.get(TOKEN.KEY_DIGEST), row.get(TOKEN.EXPIRES_AT),
						row.get(ACCOUNT.IS_ACTIVE), caller));
			});
	}

	long epoch() {
		return this.db.select(AUTH_EPOCH.EPOCH).from(AUTH_EPOCH).where(AUTH_EPOCH.ID.eq(1)).fetchSingle().value1();
	}

	void bumpEpoch() {
		this.db.update(AUTH_EPOCH)
			.set(AUTH_EPOCH.EPOCH, AUTH_EPOCH.EPOCH.plus(1L))
			.where(AUTH_EPOCH.ID.eq(1))
			.execute();
	}

	record Credential(String digest, Instant expiresAt, boolean active, Caller caller) {

		boolean validAt(Instant now) {
			return this.active && (this.expiresAt == null || now.isBefore(this.expiresAt));
		}

	}

}
