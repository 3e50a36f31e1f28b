package org.vigil.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

/** Outside text made into one safe log line, without a server. */
@OneStore
class LogTextTest {

	@Test
	void lineBreaksAndOtherControlsAreEscapedSoNoEntryCanBeForged() {
		assertThat(LogText.escape("ok\r\n2026-12-07 INFO forged")).isEqualTo("ok\\r\\n2026-12-07 INFO forged");
		assertThat(LogText.escape("a\tb\u0000c\u001bd\u007fe\u0085f"))
			.isEqualTo("a\\tb\\u0000c\\u001bd\\u007fe\\u0085f");
		assertThat(LogText.escape("line\u2028sep\u2029para")).isEqualTo("line\\u2028sep\\u2029para");
		assertThat(LogText.escape("right\u202eleft\u200bzero")).isEqualTo("right\\u202eleft\\u200bzero");
		assertThat(LogText.escape("back\\n slash")).isEqualTo("back\\\\n slash");
	}

	@Test
	void ordinaryTextIsLeftAsItIs() {
		assertThat(LogText.escape("Acme Research – Zürich 東京 😀")).isEqualTo("Acme Research – Zürich 東京 😀");
		assertThat(LogText.escape(null)).isNull();
		assertThat(LogText.escape("")).isEmpty();
	}

	@Test
	void longTextIsCutAndSaysHowMuchWasLeftOut() {
		String escaped = LogText.escape("x".repeat(1000));
		assertThat(escaped).startsWith("x".repeat(LogText.MAX)).endsWith("...(700 more)");
		assertThat(LogText.escape("abcdef", 3)).isEqualTo("abc...(3 more)");
		// A pair of surrogates is never cut in half.
		assertThat(LogText.escape("ab😀", 3)).isEqualTo("ab...(2 more)");
		assertThat(LogText.escape("a\ud800b")).isEqualTo("a\\ud800b");
	}

}
