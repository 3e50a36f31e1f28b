package org.vigil.auth;

import java.util.Locale;

/**
 * What a token is, stored with it when it is made ({@code token.kind}) and never inferred
 * from the offerings it still has: a user token may do what its user may; an agent token
 * only check in for its offerings, and nothing at all once they are gone.
 */
public enum TokenKind {

	USER, AGENT;

	/** As stored and shown: {@code user}, {@code agent}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static TokenKind of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
