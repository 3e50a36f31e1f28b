package org.vigil.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigil.alerts.delivery.ChannelKind;
import org.vigil.support.OneStore;

/** How a channel's URL is shown: never its secret, by the rule of its kind. */
@OneStore
class SecretUrlsTest {

	@Test
	void anIncomingWebhookIsShownByItsOriginOnly() {
		for (String[] url : new String[][] {
				{ "https://hooks.slack.com/services/T000/B000/XXXX", "https://hooks.slack.com/\u2026" },
				{ "https://chat.example.org:8065/hooks/abc123?x=1#y", "https://chat.example.org:8065/\u2026" },
				{ "https://user:pw@chat.example.org/hooks/abc123", "https://chat.example.org/\u2026" },
				{ "http://[::1]:8080/hooks/abc", "http://[::1]:8080/\u2026" },
				{ "https://hooks.slack.com", "https://hooks.slack.com/\u2026" } }) {
			assertThat(SecretUrls.mask(ChannelKind.SLACK, url[0])).as(url[0]).isEqualTo(url[1]);
			assertThat(SecretUrls.hidesSomething(ChannelKind.SLACK, url[0])).as(url[0]).isTrue();
		}
	}

	@Test
	void aWebhookIsShownWithoutUserInfoQueryAndFragment() {
		for (String[] url : new String[][] {
				{ "https://ops:s3cret@hooks.example.org/vigil?token=abc#x", "https://hooks.example.org/vigil", "true" },
				{ "https://hooks.example.org:8443/a/b?token=abc", "https://hooks.example.org:8443/a/b", "true" },
				{ "https://hooks.example.org/vigil", "https://hooks.example.org/vigil", "false" },
				{ "http://93.184.216.34", "http://93.184.216.34", "false" } }) {
			assertThat(SecretUrls.mask(ChannelKind.WEBHOOK, url[0])).as(url[0]).isEqualTo(url[1]);
			assertThat(SecretUrls.hidesSomething(ChannelKind.WEBHOOK, url[0])).as(url[0])
				.isEqualTo(Boolean.parseBoolean(url[2]));
		}
	}

	@Test
	void nothingIsNothingAndNonsenseIsHidden() {
		assertThat(SecretUrls.mask(ChannelKind.EMAIL, null)).isNull();
		assertThat(SecretUrls.hidesSomething(ChannelKind.EMAIL, null)).isFalse();
		assertThat(SecretUrls.mask(ChannelKind.WEBHOOK, "not a url with spaces/secret")).isEqualTo("\u2026");
		assertThat(SecretUrls.mask(ChannelKind.WEBHOOK, "mailto:ops@example.org")).isEqualTo("\u2026");
	}

}
