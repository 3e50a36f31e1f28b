package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.mirror.MirrorTestSupport.await;
import static org.vigil.mirror.MirrorTestSupport.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.support.ApiTest;
import org.vigil.support.Instance;

/**
 * {@code VIGIL_MIRROR_URL} and {@code VIGIL_MIRROR_TOKEN}: the source {@code default},
 * registered at start-up with the settings' poll interval and timeouts, then polled.
 */
class DefaultSourceTest extends ApiTest {

	@Test
	void theSettingsRegisterTheDefaultSource() throws Exception {
		try (FakeWaldur waldur = new FakeWaldur()) {
			UUID agent = waldur.status(waldur.offering(UUID.randomUUID(), "Acme", "Cluster", null), "Order processing",
					Instant.now().minusSeconds(600));
			try (Instance instance = Instance.start(Map.of("vigil.mirror.url", waldur.api(), "vigil.mirror.token",
					FakeWaldur.TOKEN, "vigil.mirror.poll-interval", "PT0.2S", "vigil.mirror.timeouts.order-processing",
					"PT20M", "vigil.mirror.enabled", "true", "vigil.mirror.tick", "50ms"))) {
				List<Map<String, Object>> sources = this.api.get("/api/mirror-sources/", ADMIN).list();
				assertThat(sources).hasSize(1);
				assertThat(sources.get(0)).containsEntry("name", "default")
					.containsEntry("url", waldur.api())
					.containsEntry("poll_interval", "PT0.2S")
					.containsEntry("has_token", true);
				@SuppressWarnings("unchecked")
				Map<String, Object> timeouts = (Map<String, Object>) sources.get(0).get("timeouts");
				assertThat(timeouts).containsEntry("Order processing", "PT20M")
					.containsEntry("Usage reporting", "PT1H15M");
				// Ten minutes silent, within the 20 minutes of the setting: Active.
				await(Duration.ofSeconds(5), "first sync", () -> status(this.db, agent) != null);
				assertThat(status(this.db, agent)).isEqualTo((short) 2);
				this.api.delete("/api/mirror-sources/" + sources.get(0).get("uuid") + "/", ADMIN);
			}
		}
	}

}
