package org.vigil.directory;

import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.TOKEN;
import static org.vigil.db.Tables.TOKEN_OFFERING;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.vigil.system.Clocks;
import org.vigil.auth.TokenKeys;
import org.vigil.auth.TokenKind;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class TokenRepository {

	private final DSLContext db;

	private final Clock clock;

	TokenRepository(DSLContext db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	/** Stores the digest of {@code key}, never the key. */
	@Transactional
	Token create(long accountId, String key, String label, Instant expiresAt, TokenKind kind, List<Offering> scope) {
		long id = this.db.insertInto(TOKEN)
			.set(TOKEN.UUID, UUID.randomUUID())
			.set(TOKEN.ACCOUNT_ID, accountId)
			.set(TOKEN.KEY_DIGEST, TokenKeys.digest(key))
			.set(TOKEN.LABEL, label)
			.set(TOKEN.KIND, kind.value())
			.set(TOKEN.EXPIRES_AT, expiresAt)
			.set(TOKEN.CREATED, Clocks.now(this.clock))
			.returningResult(TOKEN.ID)
			.fetchSingle()
			.value1();
		for (Offering offering : scope) {
			this.db.insertInto(TOKEN_OFFERING)
				.set(TOKEN_OFFERING.TOKEN_ID, id)
				.set(TOKEN_OFFERING.OFFERING_ID, offering.id())
				.execute();
		}
		return tokens(TOKEN.ID.eq(id)).get(0);
	}

	List<Token> ofAccount(long accountId) {
		return tokens(TOKEN.ACCOUNT_ID.eq(accountId));
	}

	Optional<Token> find(long accountId, UUID uuid) {
		return tokens(TOKEN.ACCOUNT_ID.eq(accountId).and(TOKEN.UUID.eq(uuid))).stream().findFirst();
	}

	@Transactional
	void delete(long id) {
		this.db.deleteFrom(TOKEN).where(TOKEN.ID.eq(id)).execute();
	}

	private List<Token> tokens(org.jooq.Condition condition) {
		return this.db
			.select(TOKEN.ID, TOKEN.UUID, TOKEN.LABEL, TOKEN.KIND, TOKEN.EXPIRES_AT, TOKEN.CREATED,
					multiset(select(OFFERING.UUID).from(TOKEN_OFFERING)
						.join(OFFERING)
						.on(OFFERING.ID.eq(TOKEN_OFFERING.OFFERING_ID))
						.where(TOKEN_OFFERING.TOKEN_ID.eq(TOKEN.ID))
						.orderBy(OFFERING.ID)).as("offerings").convertFrom((r) -> r.map((o) -> o.value1())))
			.from(TOKEN)
			.where(condition)
			.orderBy(TOKEN.ID)
			.fetch(TokenRepository::token);
	}

	@SuppressWarnings("unchecked")
	private static Token token(Record row) {
		return new Token(row.get(TOKEN.ID), row.get(TOKEN.UUID), row.get(TOKEN.LABEL),
				TokenKind.of(row.get(TOKEN.KIND)), row.get(TOKEN.EXPIRES_AT), row.get(TOKEN.CREATED),
				(List<UUID>) row.get("offerings"));
	}

}
