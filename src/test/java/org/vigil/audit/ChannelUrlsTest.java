package org.vigil.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A channel's URL in the audit log: its origin, nothing that may carry a secret. */
class ChannelUrlsTest {

	@Test
	void onlyTheOriginIsShown() {
		assertThat(ChannelUrls.masked("https://hooks.slack.com/services/T0/B0/secret"))
			.isEqualTo("https://hooks.slack.com/\u2026");
		assertThat(ChannelUrls.masked("HTTPS://user:password@Hooks.Example.org:8443/hook?token=secret#x"))
			.isEqualTo("https://hooks.example.org:8443/\u2026");
		assertThat(ChannelUrls.masked("http://[2001:db8::1]:9093/api")).isEqualTo("http://[2001:db8::1]:9093/\u2026");
		assertThat(ChannelUrls.masked(null)).isNull();
	}

	@Test
	void whatIsNoUrlWithAHostIsMaskedWhole() {
		assertThat(ChannelUrls.masked("not a url with secret")).isEqualTo("***");
		assertThat(ChannelUrls.masked("mailto:ops@example.org")).isEqualTo("***");
		assertThat(ChannelUrls.masked("https:///secret-path")).isEqualTo("***");
	}

}
