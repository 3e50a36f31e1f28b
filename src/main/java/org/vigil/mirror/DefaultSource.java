package org.vigil.mirror;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.vigil.status.AgentType;
import org.vigil.web.FieldErrors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The source named {@code default} from {@code vigil.mirror.url} and {@code .token}:
 * registered at start-up, or updated to the settings if it exists.
 */
@Component
class DefaultSource {

	static final String NAME = "default";

	private final SourceRepository sources;

	private final MirrorProperties properties;

	private final SourceRules rules;

	DefaultSource(SourceRepository sources, MirrorProperties properties, SourceRules rules) {
		this.sources = sources;
		this.properties = properties;
		this.rules = rules;
	}

	void register() {
		if (this.properties.url() == null || this.properties.url().isBlank()) {
			return;
		}
		String url = SourceInputs.url(new FieldErrors(), this.properties.url());
		if (url == null) {
			throw new IllegalArgumentException("vigil.mirror.url (VIGIL_MIRROR_URL) must be the http(s) API root of a "
					+ "Waldur, such as https://waldur.example.org/api/, without credentials");
		}
		String token = SourceInputs.token(new FieldErrors(), this.properties.token());
		if (token == null) {
			throw new IllegalArgumentException(
					"vigil.mirror.token (VIGIL_MIRROR_TOKEN) must be set to a token of the Waldur, printable ASCII");
		}
		Map<AgentType, Duration> overrides = new EnumMap<>(AgentType.class);
		for (AgentType type : AgentType.values()) {
			Duration timeout = this.properties.timeouts().of(type);
			if (timeout != null) {
				overrides.put(type, timeout);
			}
		}
		var existing = this.sources.findByName(NAME);
		if (existing.isPresent()) {
			MirrorSource s = existing.get();
			boolean moved = !s.url().equals(url) || !s.token().equals(token);
			this.sources.update(s.id(), null, moved ? url : null, moved ? token : null, this.properties.pollInterval(),
					overrides);
			this.sources.find(s.id()).ifPresent(this.rules::retime);
			return;
		}
		try {
			this.sources.create(NAME, url, token, this.properties.pollInterval(), overrides);
		}
		catch (DuplicateKeyException ex) {
			// Another instance registered it at the same moment with the same settings.
		}
	}

}
