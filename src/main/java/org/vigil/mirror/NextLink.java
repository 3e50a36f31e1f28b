package org.vigil.mirror;

import java.util.Locale;
import java.util.Optional;

/**
 * The target of {@code rel="next"} in a {@code Link} header (RFC 8288:
 * {@code <uri>; rel="next", <uri>; rel="last"}), found by one scan from left to right
 * that looks at each character a bounded number of times, so its time grows with the
 * header's length and nothing else, whatever the header holds. A header it cannot make
 * sense of has no next link.
 */
final class NextLink {

	private final String header;

	private int at;

	private NextLink(String header) {
		this.header = header;
	}

	static Optional<String> in(String header) {
		return (header != null) ? new NextLink(header).find() : Optional.empty();
	}

	private Optional<String> find() {
		int length = this.header.length();
		while (this.at < length) {
			skip(" \t,");
			if (this.at >= length || this.header.charAt(this.at) != '<') {
				return Optional.empty();
			}
			int close = this.header.indexOf('>', this.at + 1);
			if (close < 0) {
				return Optional.empty();
			}
			String target = this.header.substring(this.at + 1, close).strip();
			this.at = close + 1;
			if (parametersSayNext()) {
				return Optional.of(target);
			}
		}
		return Optional.empty();
	}

	/** Reads {@code ; name=value} pairs up to the comma that ends this link. */
	private boolean parametersSayNext() {
		int length = this.header.length();
		boolean next = false;
		while (true) {
			skip(" \t");
			if (this.at >= length || this.header.charAt(this.at) == ',') {
				return next;
			}
			if (this.header.charAt(this.at) != ';') {
				// Not a parameter: this link is malformed, skip to the next one.
				skipPast(',');
				return false;
			}
			this.at++;
			skip(" \t");
			String name = token("=;,");
			skip(" \t");
			String value = "";
			if (this.at < length && this.header.charAt(this.at) == '=') {
				this.at++;
				skip(" \t");
				value = (this.at < length && this.header.charAt(this.at) == '"') ? quoted() : token(";,");
			}
			if (name.equalsIgnoreCase("rel")) {
				for (String rel : value.toLowerCase(Locale.ROOT).split("[ \t]+")) {
					next |= rel.equals("next");
				}
			}
		}
	}

	/** A quoted string from its opening quote, with backslash escapes. */
	private String quoted() {
		StringBuilder value = new StringBuilder();
		this.at++;
		int length = this.header.length();
		while (this.at < length) {
			char c = this.header.charAt(this.at++);
			if (c == '"') {
				return value.toString();
			}
			if (c == '\\' && this.at < length) {
				c = this.header.charAt(this.at++);
			}
			value.append(c);
		}
		return value.toString();
	}

	private String token(String stops) {
		int start = this.at;
		int length = this.header.length();
		while (this.at < length && stops.indexOf(this.header.charAt(this.at)) < 0) {
			this.at++;
		}
		return this.header.substring(start, this.at).strip();
	}

	private void skip(String chars) {
		int length = this.header.length();
		while (this.at < length && chars.indexOf(this.header.charAt(this.at)) >= 0) {
			this.at++;
		}
	}

	private void skipPast(char c) {
		int found = this.header.indexOf(c, this.at);
		this.at = (found < 0) ? this.header.length() : found + 1;
	}

}
