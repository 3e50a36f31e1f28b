package org.vigil.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Keys are 160 random bits written as 40 hex digits, the form of Waldur's own tokens.
 * Only the SHA-256 digest is stored: for a random key of this length a fast digest is as
 * good as a slow password hash, and it keeps the check-in path cheap.
 */
public final class TokenKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final HexFormat HEX = HexFormat.of();

	private TokenKeys() {
	}

	public static String generate() {
		byte[] key = new byte[20];
		RANDOM.nextBytes(key);
		return HEX.formatHex(key);
	}

	public static String digest(String key) {
		return HEX.formatHex(sha256(key));
	}

	static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	static String hex(byte[] digest) {
		return HEX.formatHex(digest);
	}

	/** Constant-time: the time taken does not depend on where two digests differ. */
	static boolean matches(byte[] digest, String storedDigest) {
		return MessageDigest.isEqual(digest, HEX.parseHex(storedDigest));
	}

}
