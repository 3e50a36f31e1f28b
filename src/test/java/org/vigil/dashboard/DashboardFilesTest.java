package org.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.OneStore;

/**
 * The dashboard's files come from the jar, without a token, with types a browser accepts
 * for modules.
 */
@OneStore
class DashboardFilesTest extends ApiTest {

	@Test
	void thePageIsServedAtTheRootWithoutAToken() {
		Response page = this.api.get("/", null);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("<script type=\"module\" src=\"assets/app.js\"></script>");
	}

	@Test
	void scriptsAreJavaScriptAndAreRevalidatedOnEveryLoad() {
		for (String module : new String[] { "app", "api", "state", "format", "table", "history" }) {
			Response script = this.api.get("/assets/" + module + ".js", null);
			assertThat(script.status()).as(module).isEqualTo(200);
			assertThat(script.header("Content-Type")).as(module).matches("(text|application)/javascript.*");
			assertThat(script.header("Cache-Control")).as(module).contains("no-cache");
		}
		assertThat(this.api.get("/assets/app.css", null).header("Content-Type")).startsWith("text/css");
	}

	@Test
	void theApiStillNeedsAToken() {
		assertThat(this.api.get("/api/marketplace-integration-statuses/", null).status()).isEqualTo(401);
		Response traversal = this.api.get("/assets/../api/users/me/", null);
		assertThat(traversal.status()).isIn(400, 401, 404);
		Response encoded = this.api.get("/assets/%2e%2e/api/users/me/", null);
		assertThat(encoded.status()).isIn(400, 401, 404);
	}

}
