package org.vigil.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;
import tools.jackson.databind.json.JsonMapper;

/** How changes are told: only what differs, secrets and secret-bearing URLs masked. */
@OneStore
class ChangesTest {

	private final AuditLog log = new AuditLog(null, null, JsonMapper.builder().build());

	@Test
	void onlyTheFieldsThatDifferAreTold() {
		Changes changes = Changes.between(Changes.fields("name", "Ops", "enabled", true, "repeat_every", null),
				Changes.fields("name", "Ops on-call", "enabled", true, "repeat_every", "PT1H"));
		assertThat(this.log.render(AuditObject.CHANNEL, changes))
			.isEqualTo("{\"name\":[\"Ops\",\"Ops on-call\"],\"repeat_every\":[null,\"PT1H\"]}");
		assertThat(Changes.between(Map.of("name", "x"), Map.of("name", "x")).isEmpty()).isTrue();
	}

	@Test
	void secretsAndChannelUrlsAreMaskedYetTheirChangesTold() {
		Changes url = Changes.between(Map.of("url", "https://hooks.slack.com/services/A/B/old"),
				Map.of("url", "https://hooks.slack.com/services/A/B/new"));
		assertThat(this.log.render(AuditObject.CHANNEL, url.mask("url", (u) -> u.substring(0, 30))))
			.isEqualTo("{\"url\":[\"https://hooks.slack.com/servic\",\"https://hooks.slack.com/servic\"]}");
		Changes secrets = Changes.created(Map.of("token", "upstream-secret")).secret("secret", true, false, true);
		assertThat(this.log.render(AuditObject.MIRROR_SOURCE, secrets)).doesNotContain("upstream-secret")
			.contains("\"token\":[null,\"***\"]")
			.contains("\"secret\":[null,\"***\"]");
		assertThat(Changes.between(Map.of(), Map.of()).secret("secret", false, true, true).isEmpty()).isTrue();
	}

}
