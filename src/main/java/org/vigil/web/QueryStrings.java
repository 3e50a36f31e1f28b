package org.vigil.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query strings parsed and written as Python's parse_qs and urlencode do, for Waldur's links. */
final class QueryStrings {

	private QueryStrings() {
	}

	static Map<String, List<String>> parse(String query) {
		Map<String, List<String>> params = new LinkedHashMap<>();
		if (query == null || query.isEmpty()) {
			return params;
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String key = decode((eq < 0) ? pair : pair.substring(0, eq));
			String value = (eq < 0) ? "" : decode(pair.substring(eq + 1));
			params.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
		}
		return params;
	}

	static String encode(Map<String, List<String>> params) {
		StringBuilder out = new StringBuilder();
		params.forEach((key, values) -> values.forEach((value) -> {
			if (!out.isEmpty()) {
				out.append('&');
			}
			out.append(quotePlus(key)).append('=').append(quotePlus(value));
		}));
		return out.toString();
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

	/** Python's quote_plus: letters, digits and {@code _.-~} stay, a space is {@code +}. */
	private static String quotePlus(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
					|| c == '-' || c == '~') {
				out.append((char) c);
			}
			else if (c == ' ') {
				out.append('+');
			}
			else {
				out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

}
