package org.vigil.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vigil.support.Api;
import org.vigil.support.ApiTest;
import org.vigil.support.Instance;
import org.vigil.support.Await;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

/**
 * {@code --vigil.demo=true} on a second server sharing this test's database (H2, or
 * PostgreSQL in that pass): it seeds, its agents check in through the API and change
 * statuses by themselves, and it refuses a database holding somebody else's data.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoModeTest extends ApiTest {

	private static final String STATUSES = "/api/marketplace-integration-statuses/?page_size=300";

	@Autowired
	private Environment environment;

	@Test
	void seedsEveryAgentTypeAndStatusAndItsAgentsFallSilentAndComeBack(CapturedOutput output) {
		try (Instance demo = Instance.start(demoSettings())) {
			Api api = demo.api();
			String staff = demo.bean(DemoGuard.class).staffKey();
			assertThat(output.getOut()).contains(api.base() + "/#token=" + staff).contains("staff token:     " + staff);
			Api.Response me = api.get("/api/users/me/", staff);
			assertThat(me.json()).containsEntry("username", "demo-admin").containsEntry("is_staff", true);
			assertThat(api.head("/api/customers/", staff).header("X-Result-Count")).isEqualTo("4");
			assertThat(api.head("/api/marketplace-provider-offerings/", staff).header("X-Result-Count"))
				.isEqualTo("12");
			assertThat(api.get(STATUSES, staff).list()).extracting((s) -> s.get("agent_type"))
				.contains("Order processing", "Usage reporting", "Glauth sync", "Resource sync", "Event processing");

			// The flaky agents time out and check in again, by themselves.
			List<Map<String, Object>> events = await(() -> {
				List<Map<String, Object>> all = api
					.get("/api/marketplace-integration-status-events/?page_size=300", staff)
					.list();
				boolean comeBack = all.stream().anyMatch((e) -> "Disconnected".equals(e.get("from_status")));
				return comeBack ? all : null;
			});
			assertThat(events).anySatisfy(
					(e) -> assertThat(e).containsEntry("to_status", "Disconnected").containsEntry("reason", "timeout"));
			assertThat(events).anySatisfy((e) -> assertThat(e).containsEntry("from_status", "Disconnected")
				.containsEntry("to_status", "Active")
				.containsEntry("reason", "check_in"));
			assertThat(api.get(STATUSES, staff).list()).extracting((s) -> s.get("status"))
				.contains("Active", "Unknown");

			// Their disconnections reach the demo's team room, through a real channel.
			assertThat(api.get("/api/notification-channels/", staff).list()).extracting((c) -> c.get("name"))
				.containsExactly("Demo team room");
			List<Map<String, Object>> room = await(() -> {
				List<Map<String, Object>> messages = api.get("/api/demo/inbox/", staff).list();
				return messages.isEmpty() ? null : messages;
			});
			assertThat(room).anySatisfy((m) -> assertThat(m.get("text").toString()).contains("disconnected"));

			// Through the real check-in path, with the agents' own service names.
			double accepted = demo.bean(MeterRegistry.class)
				.counter("vigil.checkins", "outcome", "accepted", "reason", "none")
				.count();
			assertThat(accepted).isGreaterThan(0);
			assertThat(api.get(STATUSES, staff).list()).extracting((s) -> s.get("service_name"))
				.contains("waldur-site-agent-slurm/0.9.4");

			// The operator printed beside the staff token sees only their customer's
			// statuses.
			String operatorKey = output.getOut().replaceAll("(?s).*operator token:\\s+([0-9a-f]{40}).*", "$1");
			assertThat(api.get(STATUSES, operatorKey).list()).isNotEmpty()
				.allSatisfy((s) -> assertThat(s).containsEntry("customer_name", "Acme Research"));
		}
	}

	@Test
	void theTeamRoomExistsOnlyInDemoMode() {
		assertThat(this.api.get("/api/demo/inbox/", ADMIN).status()).isEqualTo(404);
	}

	@Test
	void refusesADatabaseHoldingNonDemoData() {
		this.fixtures.customer("Real Customer Ltd");

		assertThatThrownBy(() -> Instance.start(demoSettings()).close()).rootCause()
			.hasMessageContaining("Demo mode refuses to run on a database that holds non-demo data")
			.hasMessageContaining("customer 'Real Customer Ltd'");
	}

	@Test
	void refusesADatabaseWithSomebodyElsesUsers() {
		this.fixtures.user("alice");

		assertThatThrownBy(() -> Instance.start(demoSettings()).close()).rootCause()
			.hasMessageContaining("user 'alice'");
	}

	/**
	 * The demo on this test's own database, with timeouts of a second and agents ticking
	 * every 250 ms.
	 */
	private Map<String, String> demoSettings() {
		Map<String, String> settings = new HashMap<>();
		settings.put("vigil.demo", "true");
		settings.put("spring.datasource.url", this.environment.getProperty("spring.datasource.url"));
		settings.put("vigil.liveness.default-timeout", "PT1S");
		settings.put("vigil.liveness.timeouts.order-processing", "PT1S");
		settings.put("vigil.liveness.sweep-interval", "200ms");
		settings.put("vigil.demo-interval", "250ms");
		settings.put("vigil.notify.dispatch", "true");
		settings.put("vigil.notify.group-wait", "PT1S");
		return settings;
	}

	private static <T> T await(Supplier<T> probe) {
		return Await.atMost(Duration.ofSeconds(30)).until(probe::get, Objects::nonNull);
	}

}
