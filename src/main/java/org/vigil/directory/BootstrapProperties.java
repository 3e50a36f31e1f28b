package org.vigil.directory;

import org.vigil.system.StartupRefusal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.bootstrap-token} ({@code VIGIL_BOOTSTRAP_TOKEN}): blank, or a key of at
 * least 20 characters.
 */
@ConfigurationProperties("vigil")
record BootstrapProperties(@DefaultValue("") String bootstrapToken) {

	BootstrapProperties {
		bootstrapToken = bootstrapToken.strip();
		if (!bootstrapToken.isEmpty()
				&& (bootstrapToken.length() < 20 || bootstrapToken.chars().anyMatch(Character::isWhitespace))) {
			throw new StartupRefusal(
					"VIGIL_BOOTSTRAP_TOKEN must be at least 20 characters without spaces (it has "
							+ bootstrapToken.length() + ").",
					"Make one with: VIGIL_BOOTSTRAP_TOKEN=$(openssl rand -hex 20)");
		}
	}

}
