package org.vigil.directory;

import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.TOKEN;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jooq.DSLContext;
import org.vigil.auth.TokenKeys;
import org.vigil.system.Clocks;

import org.springframework.stereotype.Component;

/**
 * Makes sure a staff user exists, is active and holds exactly one key under a label: the
 * bootstrap admin and the demo's staff user come to life this way, before the server
 * starts.
 */
@Component
public class StaffKeys {

	private final DSLContext db;

	private final Clock clock;

	StaffKeys(DSLContext db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	/**
	 * Whether any active staff user holds a key that has not expired: somebody can
	 * administer Vigil.
	 */
	boolean anyValid() {
		return this.db.fetchExists(this.db.selectOne()
			.from(ACCOUNT)
			.join(TOKEN)
			.on(TOKEN.ACCOUNT_ID.eq(ACCOUNT.ID))
			.where(ACCOUNT.IS_STAFF.isTrue())
			.and(ACCOUNT.IS_ACTIVE.isTrue())
			.and(TOKEN.EXPIRES_AT.isNull().or(TOKEN.EXPIRES_AT.gt(Clocks.now(this.clock)))));
	}

	/**
	 * Creates or updates the staff user {@code username} and gives it {@code key} under
	 * {@code label}, revoking any other key it held under that label. Run inside a
	 * transaction.
	 */
	public void grant(String username, String key, String label) {
		Instant now = Clocks.now(this.clock);
		Long id = this.db.select(ACCOUNT.ID).from(ACCOUNT).where(ACCOUNT.USERNAME.eq(username)).fetchOne(ACCOUNT.ID);
		if (id == null) {
			id = this.db.insertInto(ACCOUNT)
				.set(ACCOUNT.UUID, UUID.randomUUID())
				.set(ACCOUNT.USERNAME, username)
				.set(ACCOUNT.IS_STAFF, true)
				.set(ACCOUNT.IS_SUPPORT, false)
				.set(ACCOUNT.IS_ACTIVE, true)
				.set(ACCOUNT.CREATED, now)
				.returningResult(ACCOUNT.ID)
				.fetchSingle()
				.value1();
		}
		else {
			this.db.update(ACCOUNT)
				.set(ACCOUNT.IS_STAFF, true)
				.set(ACCOUNT.IS_ACTIVE, true)
				.where(ACCOUNT.ID.eq(id))
				.execute();
		}
		String digest = TokenKeys.digest(key);
		this.db.deleteFrom(TOKEN)
			.where(TOKEN.ACCOUNT_ID.eq(id))
			.and(TOKEN.LABEL.eq(label))
			.and(TOKEN.KEY_DIGEST.ne(digest))
			.execute();
		Long holder = this.db.select(TOKEN.ACCOUNT_ID)
			.from(TOKEN)
			.where(TOKEN.KEY_DIGEST.eq(digest))
			.fetchOne(TOKEN.ACCOUNT_ID);
		if (holder != null && holder != id.longValue()) {
			throw new IllegalStateException("That key already belongs to another user's token");
		}
		if (holder == null) {
			this.db.insertInto(TOKEN)
				.set(TOKEN.UUID, UUID.randomUUID())
				.set(TOKEN.ACCOUNT_ID, id)
				.set(TOKEN.KEY_DIGEST, digest)
				.set(TOKEN.LABEL, label)
				.set(TOKEN.CREATED, now)
				.execute();
		}
		this.db.update(TOKEN).setNull(TOKEN.EXPIRES_AT).where(TOKEN.KEY_DIGEST.eq(digest)).execute();
	}

}
