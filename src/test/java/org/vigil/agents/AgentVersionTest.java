package org.vigil.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

/**
 * PEP 440's order, on the spellings waldur-site-agent's versions take (1.0.6rc17 before
 * 1.0.6), and the rule of SPEC 17 that uses it.
 */
@OneStore
class AgentVersionTest {

	/** PEP 440's own example of the order, oldest first, plus epochs and local labels. */
	private static final List<String> ASCENDING = List.of("1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456",
			"1.0a12", "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1",
			"1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "1.2",
			"1!0.1");

	@Test
	void ordersAsPep440Does() {
		for (int i = 0; i + 1 < ASCENDING.size(); i++) {
			AgentVersion older = version(ASCENDING.get(i));
			AgentVersion newer = version(ASCENDING.get(i + 1));
			assertThat(older.compareTo(newer)).as(older + " < " + newer).isNegative();
			assertThat(newer.compareTo(older)).as(newer + " > " + older).isPositive();
		}
	}

	@Test
	void aReleaseCandidateOfTheSiteAgentIsOlderThanItsRelease() {
		assertThat(version("1.0.6rc17")).isLessThan(version("1.0.6"));
		assertThat(version("1.0.6rc17")).isGreaterThan(version("1.0.5"));
		assertThat(version("1.0.10")).isGreaterThan(version("1.0.9"));
	}

	@Test
	void acceptsTheSpellingsPep440NormalisesAndNothingElse() {
		assertThat(version("v1.0")).isEqualTo(version("1.0.0"));
		assertThat(version("1.0-RC1")).isEqualTo(version("1.0rc1"));
		assertThat(version("1.0c1")).isEqualTo(version("1.0rc1"));
		assertThat(version("1.0alpha")).isEqualTo(version("1.0a0"));
		assertThat(version("1.0-1")).isEqualTo(version("1.0.post1"));
		assertThat(version(" 1.0.dev ")).isEqualTo(version("1.0.dev0"));
		assertThat(AgentVersion.parse("latest")).isEmpty();
		assertThat(AgentVersion.parse("1.0 beta")).isEmpty();
		assertThat(AgentVersion.parse("")).isEmpty();
		assertThat(AgentVersion.parse(null)).isEmpty();
	}

	@Test
	void behindMeansOlderThanTheNewestReleasePreReleasesIgnoredWhenPickingIt() {
		Optional<AgentVersion> newest = AgentVersion.newestRelease(List.of("1.0.5", "1.0.6rc17", "1.0.4", "custom"));
		assertThat(newest).map(AgentVersion::toString).contains("1.0.5");
		assertThat(AgentVersion.behind("1.0.4", newest)).isTrue();
		assertThat(AgentVersion.behind("1.0.5rc1", newest)).isTrue();
		assertThat(AgentVersion.behind("1.0.5", newest)).isFalse();
		assertThat(AgentVersion.behind("1.0.6rc17", newest)).as("a pre-release newer than the newest release")
			.isFalse();
		assertThat(AgentVersion.behind("custom", newest)).as("unparsable: never behind").isFalse();
		assertThat(AgentVersion.behind(null, newest)).as("no version: never behind").isFalse();
		assertThat(AgentVersion.behind("0.1", AgentVersion.newestRelease(List.of("2.0rc1")))).as("no release at all")
			.isFalse();
	}

	private static AgentVersion version(String text) {
		return AgentVersion.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
	}

}
