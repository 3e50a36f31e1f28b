package org.vigil.directory;

import static org.vigil.db.Tables.ACCOUNT;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.vigil.auth.Caller;
import org.vigil.auth.Visibility;
import org.vigil.system.Clocks;
import org.vigil.web.Page;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class UserRepository {

	private final DSLContext db;

	private final Clock clock;

	UserRepository(DSLContext db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	User create(String username, boolean staff, boolean support, boolean active) {
		return this.db.insertInto(ACCOUNT)
			.set(ACCOUNT.UUID, UUID.randomUUID())
			.set(ACCOUNT.USERNAME, username)
			.set(ACCOUNT.IS_STAFF, staff)
			.set(ACCOUNT.IS_SUPPORT, support)
			.set(ACCOUNT.IS_ACTIVE, active)
			.set(ACCOUNT.CREATED, Clocks.now(this.clock))
			.returning()
			.fetchOne(UserRepository::user);
	}

	boolean usernameTaken(String username) {
		return this.db.fetchExists(ACCOUNT, ACCOUNT.USERNAME.eq(username));
	}

	Optional<User> find(UUID uuid) {
		return this.db.selectFrom(ACCOUNT).where(ACCOUNT.UUID.eq(uuid)).fetchOptional(UserRepository::user);
	}

	/** The user if the caller may see them. */
	Optional<User> findVisible(Caller caller, UUID uuid) {
		return this.db.selectFrom(ACCOUNT)
			.where(ACCOUNT.UUID.eq(uuid))
			.and(Visibility.users(caller, ACCOUNT.ID))
			.fetchOptional(UserRepository::user);
	}

	@Transactional
	void update(long id, boolean staff, boolean support, boolean active) {
		this.db.update(ACCOUNT)
			.set(ACCOUNT.IS_STAFF, staff)
			.set(ACCOUNT.IS_SUPPORT, support)
			.set(ACCOUNT.IS_ACTIVE, active)
			.where(ACCOUNT.ID.eq(id))
			.execute();
	}

	/** The users the caller sees, with this username when it is not null. */
	long count(Caller caller, String username) {
		return this.db.fetchCount(ACCOUNT, listed(caller, username));
	}

	List<User> page(Caller caller, String username, Page page) {
		return this.db.selectFrom(ACCOUNT)
			.where(listed(caller, username))
			.orderBy(ACCOUNT.ID)
			.limit(page.size())
			.offset(page.offset())
			.fetch(UserRepository::user);
	}

	private static Condition listed(Caller caller, String username) {
		Condition visible = Visibility.users(caller, ACCOUNT.ID);
		return (username != null) ? visible.and(ACCOUNT.USERNAME.eq(username)) : visible;
	}

	private static User user(Record row) {
		return new User(row.get(ACCOUNT.ID), row.get(ACCOUNT.UUID), row.get(ACCOUNT.USERNAME),
				row.get(ACCOUNT.IS_STAFF), row.get(ACCOUNT.IS_SUPPORT), row.get(ACCOUNT.IS_ACTIVE),
				row.get(ACCOUNT.CREATED));
	}

}
