package org.vigil.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.OFFERING;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jooq.Record2;
import org.junit.jupiter.api.Test;
import org.vigil.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The two forms of who sees what in {@link Visibility}, in memory (check-ins) and in SQL
 * (lists), give the same answer for every kind of caller and every offering.
 */
class VisibilityAgreementTest extends ApiTest {

	@Autowired
	private Authenticator authenticator;

	@Test
	void inMemoryAndSqlAgreeForEveryCallerAndOffering() {
		String acme = this.fixtures.customer("Acme");
		String globex = this.fixtures.customer("Globex");
		String acmeHpc = this.fixtures.offering(acme, "Acme HPC");
		String acmeCloud = this.fixtures.offering(acme, "Acme Cloud");
		String globexHpc = this.fixtures.offering(globex, "Globex HPC");
		this.fixtures.offering(Map.of("name", "Globex HPC child", "customer", globex, "parent", globexHpc));

		Map<String, String> keys = new LinkedHashMap<>();
		keys.put("staff", this.fixtures.token(this.fixtures.user(Map.of("username", "staff", "is_staff", true))));
		keys.put("support", this.fixtures.token(this.fixtures.user(Map.of("username", "support", "is_support", true))));
		keys.put("nobody", this.fixtures.userWithToken("nobody"));
		String owner = this.fixtures.user("owner");
		this.fixtures.grantOnCustomer(acme, owner, "CUSTOMER.OWNER");
		keys.put("owner", this.fixtures.token(owner));
		String manager = this.fixtures.user("manager");
		this.fixtures.grantOnCustomer(globex, manager, "CUSTOMER.MANAGER");
		keys.put("manager", this.fixtures.token(manager));
		String offeringManager = this.fixtures.user("offering-manager");
		this.fixtures.grantOnOffering(acmeCloud, offeringManager, "OFFERING.MANAGER");
		keys.put("offering manager", this.fixtures.token(offeringManager));
		String both = this.fixtures.user("both");
		this.fixtures.grantOnOffering(globexHpc, both, "OFFERING.MANAGER");
		this.fixtures.grantOnCustomer(acme, both, "CUSTOMER.OWNER");
		keys.put("owner and offering manager", this.fixtures.token(both));
		String agent = this.fixtures.user("agent");
		keys.put("agent token", this.fixtures.agentToken(agent, acmeHpc));

		int visible = 0;
		for (Map.Entry<String, String> key : keys.entrySet()) {
			Caller caller = this.authenticator.authenticate(key.getValue()).orElseThrow();
			for (Record2<Long, Long> offering : this.db.select(OFFERING.ID, OFFERING.CUSTOMER_ID)
				.from(OFFERING)
				.fetch()) {
				boolean inSql = this.db.fetchExists(OFFERING,
						OFFERING.ID.eq(offering.value1()).and(Visibility.offerings(caller, OFFERING.ID)));
				boolean inMemory = Visibility.sees(caller, offering.value1(), offering.value2());
				assertThat(inMemory).as("%s on offering %s", key.getKey(), offering.value1()).isEqualTo(inSql);
				visible += inSql ? 1 : 0;
			}
		}
		// staff 4 + support 4 + owner 2 + manager 2 + offering manager 1 + both 3 (+
		// agent and nobody 0)
		assertThat(visible).isEqualTo(16);
	}

}
