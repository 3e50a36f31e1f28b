package org.vigil.demo;

import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.OFFERING;

import java.util.ArrayList;
import java.util.List;

import org.jooq.DSLContext;
import org.vigil.auth.TokenKeys;
import org.vigil.directory.StaffKeys;
import org.vigil.system.StartupRefusal;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo mode's safety catch and its first step, before the server takes requests: it
 * refuses to start on a database holding anything that is not the demo's (a customer or
 * offering outside {@link DemoCatalogue}, a user not named {@code demo-*} other than the
 * bootstrap admin), so a demo never mixes simulated agents into real data. Then the staff
 * user {@code demo-admin} exists with a fresh key, which the seeder uses and prints.
 */
@Component
@ConditionalOnProperty(name = "vigil.demo", havingValue = "true")
class DemoGuard implements InitializingBean {

	static final String LABEL = "demo";

	private final DSLContext db;

	private final TransactionTemplate transactions;

	private final StaffKeys staffKeys;

	private final String staffKey = TokenKeys.generate();

	DemoGuard(DSLContext db, TransactionTemplate transactions, StaffKeys staffKeys) {
		this.db = db;
		this.transactions = transactions;
		this.staffKeys = staffKeys;
	}

	String staffKey() {
		return this.staffKey;
	}

	@Override
	public void afterPropertiesSet() {
		List<String> foreign = foreignData();
		if (!foreign.isEmpty()) {
			throw new StartupRefusal(
					"Demo mode refuses to run on a database that holds non-demo data (" + String.join(", ", foreign)
							+ ").",
					"Run the demo without SPRING_DATASOURCE_URL (it then uses "
							+ "a fresh in-memory database) or point it at an empty one.");
		}
		this.transactions.executeWithoutResult((status) -> ensureStaff());
	}

	private List<String> foreignData() {
		List<String> foreign = new ArrayList<>();
		this.db.select(CUSTOMER.NAME)
			.from(CUSTOMER)
			.where(CUSTOMER.NAME.notIn(DemoCatalogue.CUSTOMERS))
			.limit(3)
			.forEach((r) -> foreign.add("customer '" + r.value1() + "'"));
		this.db.select(OFFERING.NAME)
			.from(OFFERING)
			.where(OFFERING.SLUG.notIn(DemoCatalogue.offeringSlugs()))
			.limit(3)
			.forEach((r) -> foreign.add("offering '" + r.value1() + "'"));
		this.db.select(ACCOUNT.USERNAME)
			.from(ACCOUNT)
			.where(ACCOUNT.USERNAME.notLike(DemoCatalogue.USER_PREFIX + "%").and(ACCOUNT.USERNAME.ne("admin")))
			.limit(3)
			.forEach((r) -> foreign.add("user '" + r.value1() + "'"));
		return foreign;
	}

	private void ensureStaff() {
		this.staffKeys.grant(DemoCatalogue.STAFF, this.staffKey, LABEL);
	}

}
