package org.vigil.mirror;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.vigil.status.AgentType;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;

/** The checks of a source's settings, for the API and for start-up alike. */
final class SourceInputs {

	private SourceInputs() {
	}

	/** An http(s) API root without credentials, ending in a slash; null if invalid. */
	static String url(FieldErrors errors, String text) {
		URI uri;
		try {
			uri = new URI(text.strip());
		}
		catch (URISyntaxException ex) {
			errors.add("url", "Enter a valid URL.");
			return null;
		}
		String scheme = (uri.getScheme() == null) ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
			errors.add("url",
					"Enter a valid http or https URL of the API root, such as https://waldur.example.org/api/.");
			return null;
		}
		if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			errors.add("url", "The URL must not hold credentials, a query or a fragment; the token goes in \"token\".");
			return null;
		}
		String normal = uri.toString();
		return normal.endsWith("/") ? normal : normal + "/";
	}

	static String token(FieldErrors errors, String text) {
		String token = Inputs.requiredText(errors, "token", text, 500);
		if (token != null && token.chars().anyMatch((c) -> c < 0x21 || c > 0x7e)) {
			errors.add("token", "A token is printable ASCII without spaces.");
			return null;
		}
		return token;
	}

	/** At least a tenth of a second, at most a day. */
	static Duration pollInterval(FieldErrors errors, String text) {
		Duration value = duration(errors, "poll_interval", text);
		if (value != null && (value.compareTo(Duration.ofMillis(100)) < 0 || value.compareTo(Duration.ofDays(1)) > 0)) {
			errors.add("poll_interval", "Must be between PT0.1S and P1D.");
			return null;
		}
		return value;
	}

	/** Agent-type labels (or codes) to positive ISO-8601 durations. */
	static Map<AgentType, Duration> timeouts(FieldErrors errors, Map<String, String> given) {
		Map<AgentType, Duration> found = new EnumMap<>(AgentType.class);
		given.forEach((label, text) -> {
			AgentType type = AgentType.parse(label).orElse(null);
			if (type == null) {
				errors.add("timeouts", "\"" + label + "\" is not an agent type.");
				return;
			}
			Duration value = duration(errors, "timeouts", text);
			if (value != null && (value.isZero() || value.isNegative())) {
				errors.add("timeouts", "The timeout of " + type.label() + " must be positive.");
			}
			else if (value != null) {
				found.put(type, value);
			}
		});
		return found;
	}

	private static Duration duration(FieldErrors errors, String field, String text) {
		if (text == null) {
			errors.add(field, "Enter an ISO-8601 duration such as PT60S.");
			return null;
		}
		try {
			return Duration.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			errors.add(field, "\"" + text + "\" is not an ISO-8601 duration such as PT60S.");
			return null;
		}
	}

}
