package org.vigil.agents;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A site agent's version in PEP 440's order: waldur-site-agent is a Python package, so
 * {@code 1.0.6rc17} is older than {@code 1.0.6}, {@code 1.0.6.dev1} older than
 * {@code 1.0.6a1}, {@code 1.0.6.post1} newer than {@code 1.0.6}, {@code 1.0} the same as
 * {@code 1.0.0}. The spellings PEP 440 normalises are accepted ({@code v1.0},
 * {@code 1.0-RC1}, {@code 1.0alpha}, {@code 1.0-1} as a post-release); anything else is
 * not a version, and a status page shows it as text without judging it.
 *
 * The rule of SPEC 17 that uses it: an agent is {@code version_behind} when its version
 * is older than the newest release (not a pre-release) among its source's agents.
 */
public final class AgentVersion implements Comparable<AgentVersion> {

	/** PEP 440's own pattern (Appendix B), for the case-insensitive, trimmed text. */
	private static final Pattern PEP_440 = Pattern.compile("v?(?:(?<epoch>[0-9]+)!)?"
			+ "(?<release>[0-9]+(?:\\.[0-9]+)*)"
			+ "(?:[-_.]?(?<preLabel>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<pre>[0-9]+)?)?"
			+ "(?:-(?<implicitPost>[0-9]+)|[-_.]?(?<postLabel>post|rev|r)[-_.]?(?<post>[0-9]+)?)?"
			+ "(?:[-_.]?(?<devLabel>dev)[-_.]?(?<dev>[0-9]+)?)?" + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

	/** Pre-release kinds in order: a, b, rc (c, pre and preview are rc). */
	private static final List<String> PRE_KINDS = List.of("a", "b", "rc");

	private final String text;

	private final BigInteger epoch;

	/** Without trailing zeros, which PEP 440 does not count. */
	private final List<BigInteger> release;

	/** Kind: index in {@link #PRE_KINDS}; -1: not a pre-release. */
	private final int preKind;

	private final BigInteger pre;

	private final BigInteger post;

	private final BigInteger dev;

	private final List<String> local;

	private AgentVersion(String text, BigInteger epoch, List<BigInteger> release, int preKind, BigInteger pre,
			BigInteger post, BigInteger dev, List<String> local) {
		this.text = text;
		this.epoch = epoch;
		this.release = release;
		this.preKind = preKind;
		this.pre = pre;
		this.post = post;
		this.dev = dev;
		this.local = local;
	}

	/** The version, or empty if the text is null or not a PEP 440 version. */
	public static Optional<AgentVersion> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher m = PEP_440.matcher(text.strip().toLowerCase(Locale.ROOT));
		if (!m.matches()) {
			return Optional.empty();
		}
		List<BigInteger> release = new ArrayList<>();
		for (String part : m.group("release").split("\\.")) {
			release.add(new BigInteger(part));
		}
		while (release.size() > 1 && release.get(release.size() - 1).signum() == 0) {
			release.remove(release.size() - 1);
		}
		int preKind = -1;
		BigInteger pre = null;
		if (m.group("preLabel") != null) {
			String label = switch (m.group("preLabel")) {
				case "alpha" -> "a";
				case "beta" -> "b";
				case "c", "pre", "preview" -> "rc";
				default -> m.group("preLabel");
			};
			preKind = PRE_KINDS.indexOf(label);
			pre = number(m.group("pre"));
		}
		BigInteger post = (m.group("implicitPost") != null) ? new BigInteger(m.group("implicitPost"))
				: (m.group("postLabel") != null) ? number(m.group("post")) : null;
		BigInteger dev = (m.group("devLabel") != null) ? number(m.group("dev")) : null;
		List<String> local = (m.group("local") != null) ? List.of(m.group("local").split("[-_.]")) : List.of();
		BigInteger epoch = (m.group("epoch") != null) ? new BigInteger(m.group("epoch")) : BigInteger.ZERO;
		return Optional.of(new AgentVersion(text, epoch, List.copyOf(release), preKind, pre, post, dev, local));
	}

	/**
	 * The newest release among these versions, pre-releases (and unparsable texts)
	 * ignored; empty if there is none.
	 */
	public static Optional<AgentVersion> newestRelease(Collection<String> versions) {
		return versions.stream()
			.map(AgentVersion::parse)
			.flatMap(Optional::stream)
			.filter((v) -> !v.preRelease())
			.max(AgentVersion::compareTo);
	}

	/**
	 * Whether {@code version} is older than {@code newest}: false for a null or
	 * unparsable version, or when there is no newest release.
	 */
	public static boolean behind(String version, Optional<AgentVersion> newest) {
		return newest.isPresent() && parse(version).map((v) -> v.compareTo(newest.get()) < 0).orElse(false);
	}

	/** A pre-release or a development release ({@code 1.0rc1}, {@code 1.0.dev2}). */
	public boolean preRelease() {
		return this.pre != null || this.dev != null;
	}

	@Override
	public int compareTo(AgentVersion other) {
		int c = this.epoch.compareTo(other.epoch);
		if (c == 0) {
			c = compareRelease(this.release, other.release);
		}
		if (c == 0) {
			c = Integer.compare(preRank(this), preRank(other));
		}
		if (c == 0 && this.pre != null) {
			c = this.pre.compareTo(other.pre);
		}
		if (c == 0) {
			// No post-release sorts before any.
			c = compareAbsentFirst(this.post, other.post);
		}
		if (c == 0) {
			// No dev release sorts after any: 1.0.dev1 < 1.0.
			c = -compareAbsentFirst(negate(this.dev), negate(other.dev));
		}
		if (c == 0) {
			c = compareLocal(this.local, other.local);
		}
		return c;
	}

	/**
	 * Where the pre-release part puts a version among those of its release: a dev release
	 * of the final (no pre, no post) before every pre-release, then a, b, rc, then the
	 * final and its post-releases.
	 */
	private static int preRank(AgentVersion v) {
		if (v.pre != null) {
			return v.preKind;
		}
		return (v.post == null && v.dev != null) ? -1 : PRE_KINDS.size();
	}

	private static int compareRelease(List<BigInteger> a, List<BigInteger> b) {
		for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
			BigInteger x = (i < a.size()) ? a.get(i) : BigInteger.ZERO;
			BigInteger y = (i < b.size()) ? b.get(i) : BigInteger.ZERO;
			int c = x.compareTo(y);
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

	private static int compareAbsentFirst(BigInteger a, BigInteger b) {
		if (a == null || b == null) {
			return (a == null) ? ((b == null) ? 0 : -1) : 1;
		}
		return a.compareTo(b);
	}

	/** PEP 440: numeric segments compare as numbers and sort after text ones. */
	private static int compareLocal(List<String> a, List<String> b) {
		for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
			String x = a.get(i);
			String y = b.get(i);
			boolean xNumber = x.chars().allMatch(Character::isDigit);
			boolean yNumber = y.chars().allMatch(Character::isDigit);
			int c = (xNumber && yNumber) ? new BigInteger(x).compareTo(new BigInteger(y))
					: (xNumber != yNumber) ? (xNumber ? 1 : -1) : x.compareTo(y);
			if (c != 0) {
				return c;
			}
		}
		return Integer.compare(a.size(), b.size());
	}

	private static BigInteger negate(BigInteger n) {
		return (n != null) ? n.negate() : null;
	}

	private static BigInteger number(String digits) {
		return (digits != null) ? new BigInteger(digits) : BigInteger.ZERO;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AgentVersion v && compareTo(v) == 0;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.epoch, this.release, this.preKind, this.pre, this.post, this.dev, this.local);
	}

	/** The text as the agent registered it. */
	@Override
	public String toString() {
		return this.text;
	}

}
