package org.vigil.auth;

import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.TOKEN;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With {@code VIGIL_BOOTSTRAP_TOKEN} set, the staff user {@code admin} exists, is active and
 * holds that key (and no earlier bootstrap key), so a fresh install can be driven over the API.
 * Runs after the migrations and before the server takes requests.
 */
@Component
class BootstrapAdmin implements InitializingBean {

	static final String USERNAME = "admin";

	static final String LABEL = "bootstrap";

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final String key;

	BootstrapAdmin(DSLContext db, TransactionTemplate transactions, Clock clock,
			@Value("${vigil.bootstrap-token:}") String key) {
		this.db = db;
		this.transactions = transactions;
		this.clock = clock;
		this.key = key.strip();
	}

	@Override
	public void afterPropertiesSet() {
		if (this.key.isEmpty()) {
			return;
		}
		if (this.key.length() < 20 || this.key.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalStateException("VIGIL_BOOTSTRAP_TOKEN must be at least 20 characters without spaces; "
					+ "make one with: openssl rand -hex 20");
		}
		this.transactions.executeWithoutResult((status) -> ensureAdmin());
		log.info("Bootstrap token is valid for the staff user '{}'", USERNAME);
	}

	private void ensureAdmin() {
		var now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Long id = this.db.select(ACCOUNT.ID).from(ACCOUNT).where(ACCOUNT.USERNAME.eq(USERNAME)).fetchOne(ACCOUNT.ID);
		if (id == null) {
			id = this.db.insertInto(ACCOUNT)
				.set(ACCOUNT.UUID, UUID.randomUUID())
				.set(ACCOUNT.USERNAME, USERNAME)
				.set(ACCOUNT.IS_STAFF, true)
				.set(ACCOUNT.IS_SUPPORT, false)
				.set(ACCOUNT.IS_ACTIVE, true)
				.set(ACCOUNT.CREATED, now)
				.returningResult(ACCOUNT.ID)
				.fetchSingle()
				.value1();
		}
		else {
			this.db.update(ACCOUNT).set(ACCOUNT.IS_STAFF, true).set(ACCOUNT.IS_ACTIVE, true).where(ACCOUNT.ID.eq(id)).execute();
		}
		String digest = TokenKeys.digest(this.key);
		this.db.deleteFrom(TOKEN)
			.where(TOKEN.ACCOUNT_ID.eq(id))
			.and(TOKEN.LABEL.eq(LABEL))
			.and(TOKEN.KEY_DIGEST.ne(digest))
			.execute();
		Long holder = this.db.select(TOKEN.ACCOUNT_ID).from(TOKEN).where(TOKEN.KEY_DIGEST.eq(digest)).fetchOne(TOKEN.ACCOUNT_ID);
		if (holder != null && holder != id.longValue()) {
			throw new IllegalStateException("VIGIL_BOOTSTRAP_TOKEN is already the key of another user's token");
		}
		if (holder == null) {
			this.db.insertInto(TOKEN)
				.set(TOKEN.UUID, UUID.randomUUID())
				.set(TOKEN.ACCOUNT_ID, id)
				.set(TOKEN.KEY_DIGEST, digest)
				.set(TOKEN.LABEL, LABEL)
				.set(TOKEN.CREATED, now)
				.execute();
		}
		this.db.update(TOKEN).setNull(TOKEN.EXPIRES_AT).where(TOKEN.KEY_DIGEST.eq(digest)).execute();
	}

}
