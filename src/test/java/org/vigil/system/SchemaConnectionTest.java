package org.vigil.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.vigil.support.ApiTest;
import org.vigil.support.Api.Response;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The schema's CHECK constraints keep working after the connection that created them is
 * gone, as happens when the pool retires the connection Flyway migrated on (H2 2.4.240
 * then refused every insert into a table with an IN-list check, status events among
 * them).
 */
class SchemaConnectionTest extends ApiTest {

	@Autowired
	private DataSource dataSource;

	@Test
	void checkInsStillWriteEventsOnceEveryPooledConnectionWasReplaced() {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		((HikariDataSource) this.dataSource).getHikariPoolMXBean().softEvictConnections();
		Response checkIn = this.api.post("/api/marketplace-integration-statuses/check_in/", ADMIN,
				Map.of("offering_uuid", offering, "agent_type", "Order processing"));
		assertThat(checkIn.status()).as(checkIn.toString()).isEqualTo(200);
		Response history = this.api.get("/api/marketplace-integration-status-events/?offering_uuid=" + offering, ADMIN);
		assertThat(history.list()).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("reason", "check_in"));
	}

}
