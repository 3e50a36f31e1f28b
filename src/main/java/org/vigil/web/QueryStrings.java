package org.vigil.web;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query strings parsed and written as Python's parse_qs and urlencode do, for Waldur's
 * links.
 */
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

	/**
	 * Why the servlet container could not read this query string, in the caller's terms,
	 * or null when it can: every name and value percent-decodes to UTF-8 and every
	 * parameter has a name. Parameters no endpoint reads are checked too: the container
	 * reads all or none of them.
	 */
	static ApiException check(String query, int maxParameters) {
		if (query == null || query.isEmpty()) {
			return null;
		}
		int count = 0;
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			if (++count > maxParameters) {
				return ApiException.invalidRequest("The query string has more than " + maxParameters + " parameters.");
			}
			int eq = pair.indexOf('=');
			String rawName = (eq < 0) ? pair : pair.substring(0, eq);
			if (rawName.isEmpty()) {
				return ApiException
					.invalidRequest("The query string has a parameter without a name: \"" + shorten(pair) + "\".");
			}
			String name;
			String value;
			try {
				name = strictDecode(rawName);
			}
			catch (IllegalArgumentException ex) {
				return ApiException.invalidRequest(
						"The name of query parameter \"" + shorten(rawName) + "\" " + ex.getMessage() + ".");
			}
			try {
				value = (eq < 0) ? "" : strictDecode(pair.substring(eq + 1));
			}
			catch (IllegalArgumentException ex) {
				return ApiException
					.invalidRequest("Query parameter \"" + shorten(name) + "\" " + ex.getMessage() + ".");
			}
			if (name.indexOf('\0') >= 0) {
				return ApiException.invalidRequest("Null characters are not allowed in query parameter names.");
			}
			if (value.indexOf('\0') >= 0) {
				// PostgreSQL cannot store or compare text with NUL in it; Django REST
				// framework's message.
				return ApiException.invalid(name, "Null characters are not allowed.");
			}
		}
		return null;
	}

	/**
	 * As the container decodes: {@code %XX} and {@code +}, and the bytes must be UTF-8.
	 */
	private static String strictDecode(String text) {
		if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
			return text;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%') {
				int high = (i + 2 < text.length()) ? Character.digit(text.charAt(i + 1), 16) : -1;
				int low = (high >= 0) ? Character.digit(text.charAt(i + 2), 16) : -1;
				if (low < 0) {
					throw new IllegalArgumentException(
							"has a malformed percent-encoding: \"" + text.substring(i, Math.min(i + 3, text.length()))
									+ "\" is not % followed by two hex digits");
				}
				bytes.write((high << 4) | low);
				i += 2;
			}
			else if (c == '+') {
				bytes.write(' ');
			}
			else if (c <= 0xff) {
				// The container hands the request line over as ISO-8859-1: one char per
				// byte received.
				bytes.write(c);
			}
			else {
				bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("is not valid UTF-8 once percent-decoded");
		}
	}

	private static String shorten(String text) {
		return (text.length() <= 100) ? text : text.substring(0, 100) + "\u2026";
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

	/**
	 * Python's quote_plus: letters, digits and {@code _.-~} stay, a space is {@code +}.
	 */
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
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

}
