package org.vigil.demo;

import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.TOKEN;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.vigil.auth.Authenticator;
import org.vigil.auth.TokenKeys;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo mode's safety catch and its first step, before the server takes requests: it refuses to
 * start on a database holding anything that is not the demo's (a customer or offering outside
 * {@link DemoCatalogue}, a user not named {@code demo-*} other than the bootstrap admin), so a
 * demo never mixes simulated agents into real data. Then the staff user {@code demo-admin}
 * exists with a fresh key, which the seeder uses and prints.
 */
@Component
@ConditionalOnProperty(name = "vigil.demo", havingValue = "true")
class DemoGuard implements InitializingBean {

	static final String LABEL = "demo";

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final Authenticator authenticator;

	private final String staffKey = TokenKeys.generate();

	DemoGuard(DSLContext db, TransactionTemplate transactions, Authenticator authenticator) {
		this.db = db;
		this.transactions = transactions;
		this.authenticator = authenticator;
	}

	String staffKey() {
		return this.staffKey;
	}

	@Override
	public void afterPropertiesSet() {
		List<String> foreign = foreignData();
		if (!foreign.isEmpty()) {
			throw new IllegalStateException("Demo mode refuses to run on a database that holds non-demo data ("
					+ String.join(", ", foreign) + "). Run the demo without SPRING_DATASOURCE_URL (it then uses "
					+ "a fresh in-memory database) or point it at an empty one.");
		}
		this.transactions.executeWithoutResult((status) -> ensureStaff());
	}

	private List<String> foreignData() {
		List<String> foreign = new ArrayList<>();
		this.db.select(CUSTOMER.NAME).from(CUSTOMER).where(CUSTOMER.NAME.notIn(DemoCatalogue.CUSTOMERS)).limit(3)
			.forEach((r) -> foreign.add("customer '" + r.value1() + "'"));
		this.db.select(OFFERING.NAME).from(OFFERING).where(OFFERING.SLUG.notIn(DemoCatalogue.offeringSlugs())).limit(3)
			.forEach((r) -> foreign.add("offering '" + r.value1() + "'"));
		this.db.select(ACCOUNT.USERNAME)
			.from(ACCOUNT)
			.where(ACCOUNT.USERNAME.notLike(DemoCatalogue.USER_PREFIX + "%").and(ACCOUNT.USERNAME.ne("admin")))
			.limit(3)
			.forEach((r) -> foreign.add("user '" + r.value1() + "'"));
		return foreign;
	}

	private void ensureStaff() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Long id = this.db.select(ACCOUNT.ID).from(ACCOUNT).where(ACCOUNT.USERNAME.eq(DemoCatalogue.STAFF)).fetchOne(ACCOUNT.ID);
		if (id == null) {
			id = this.db.insertInto(ACCOUNT)
				.set(ACCOUNT.UUID, UUID.randomUUID())
				.set(ACCOUNT.USERNAME, DemoCatalogue.STAFF)
				.set(ACCOUNT.IS_STAFF, true)
				.set(ACCOUNT.IS_SUPPORT, false)
				.set(ACCOUNT.IS_ACTIVE, true)
				.set(ACCOUNT.CREATED, now)
				.returningResult(ACCOUNT.ID)
				.fetchSingle()
				.value1();
		}
		// One demo key at a time: the previous run's key stops working.
		this.db.deleteFrom(TOKEN).where(TOKEN.ACCOUNT_ID.eq(id)).and(TOKEN.LABEL.eq(LABEL)).execute();
		this.db.insertInto(TOKEN)
			.set(TOKEN.UUID, UUID.randomUUID())
			.set(TOKEN.ACCOUNT_ID, id)
			.set(TOKEN.KEY_DIGEST, TokenKeys.digest(this.staffKey))
			.set(TOKEN.LABEL, LABEL)
			.set(TOKEN.CREATED, now)
			.execute();
		this.authenticator.changed();
	}

}
