package org.vigil.directory;

import static org.jooq.impl.DSL.noCondition;
import static org.vigil.db.Tables.ACCOUNT;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
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
		return find(uuid, noCondition());
	}

	Optional<User> find(UUID uuid, Condition visible) {
		return this.db.selectFrom(ACCOUNT)
			.where(ACCOUNT.UUID.eq(uuid))
			.and(visible)
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

	long count(Condition condition) {
		return this.db.fetchCount(ACCOUNT, condition);
	}

	List<User> page(Condition condition, Page page) {
		return this.db.selectFrom(ACCOUNT)
			.where(condition)
			.orderBy(ACCOUNT.ID)
			.limit(page.size())
			.offset(page.offset())
			.fetch(UserRepository::user);
	}

	private static User user(Record row) {
		return new User(row.get(ACCOUNT.ID), row.get(ACCOUNT.UUID), row.get(ACCOUNT.USERNAME),
				row.get(ACCOUNT.IS_STAFF), row.get(ACCOUNT.IS_SUPPORT), row.get(ACCOUNT.IS_ACTIVE),
				row.get(ACCOUNT.CREATED));
	}

}
