package org.vigil.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.OneStore;

/**
 * Bad keys from one address are answered 429 with Retry-After once there were too many
 * (the default limit, 20, in the test profile's window of 4 s), while valid keys from
 * that address, and bad keys from others, are answered as before.
 */
@OneStore
class FailedAuthenticationLimitTest extends ApiTest {

	private static final int LIMIT = 20;

	@Test
	void badKeysFromOneAddressAreSlowedAndValidKeysAreNot() {
		String valid = this.fixtures.userWithToken("alice");
		Map<String, String> attacker = Map.of("X-Forwarded-For", "203.0.113.7");
		// The window stands still until the test moves the clock on.
		this.clock.freeze();

		Response refused = null;
		int attempts = 0;
		while (refused == null && attempts < 3 * LIMIT) {
			attempts++;
			Response response = this.api.send("GET", "/api/customers/", "bad-key-" + attempts, null, attacker);
			if (response.status() == 429) {
				refused = response;
			}
			else {
				assertThat(response.json()).as("attempt " + attempts).isEqualTo(Map.of("detail", "Invalid token."));
			}
		}
		assertThat(refused).as("a 429 after the limit").isNotNull();
		assertThat(attempts).isEqualTo(LIMIT + 1);
		assertThat(refused.header("Content-Type")).startsWith("application/json");
		assertThat(refused.json().get("detail")).asString().startsWith("Too many failed authentications");
		// The whole window (4 s in the test profile) is left: the clock has not moved.
		long retryAfter = Long.parseLong(refused.header("Retry-After"));
		assertThat(retryAfter).isEqualTo(4);

		// A valid key from the same address is served; so is a malformed header counted,
		// and refused.
		Response me = this.api.send("GET", "/api/users/me/", valid, null, attacker);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json()).containsEntry("username", "alice");
		assertThat(this.api
			.send("GET", "/api/customers/", null, null,
					Map.of("X-Forwarded-For", "203.0.113.7", "Authorization", "Token two words"))
			.status()).isEqualTo(429);
		assertThat(this.api.send("GET", "/api/customers/", null, null, attacker).json())
			.isEqualTo(Map.of("detail", "Authentication credentials were not provided."));
		// Another client of the (trusted) proxy is not affected: it has its own count.
		assertThat(this.api.send("GET", "/api/customers/", "bad-key", null, Map.of("X-Forwarded-For", "203.0.113.8"))
			.status()).isEqualTo(401);

		// Just before the window ends, still refused; once it has ended, a bad key is an
		// ordinary 401 again.
		this.clock.advance(Duration.ofSeconds(retryAfter).minusMillis(1));
		assertThat(this.api.send("GET", "/api/customers/", "bad-key", null, attacker).status()).isEqualTo(429);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.api.send("GET", "/api/customers/", "bad-key", null, attacker).status()).isEqualTo(401);
	}

	/**
	 * The test's loopback address is a trusted proxy by default: the client is the
	 * address such a proxy added last to X-Forwarded-For, not what its client wrote
	 * before it, nor a Forwarded header (which is not read). UntrustedPeerTest is the
	 * other side.
	 */
	@Test
	void theClientIsTheAddressTheTrustedProxyAppended() {
		int attempts = 0;
		int status = 0;
		while (status != 429 && attempts < 3 * LIMIT) {
			attempts++;
			status = this.api
				.send("GET", "/api/customers/", "bad-key-" + attempts, null, Map.of("X-Forwarded-For",
						"198.51.100." + attempts + ", 203.0.113.20", "Forwarded", "for=192.0.2." + attempts))
				.status();
		}
		assertThat(status).as("429 after the limit, for all the client claimed").isEqualTo(429);
		assertThat(attempts).isGreaterThan(LIMIT);
		assertThat(this.api
			.send("GET", "/api/customers/", "bad-key", null, Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.21"))
			.status()).as("another client of the proxy").isEqualTo(401);
	}

	@Test
	void nonsenseSettingsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FailedAuthenticationProperties(0, Duration.ofMinutes(1)))
			.withMessageContaining("vigil.auth.failures.limit");
		assertThatIllegalArgumentException().isThrownBy(() -> new FailedAuthenticationProperties(5, Duration.ZERO))
			.withMessageContaining("vigil.auth.failures.window");
	}

}
