package org.vigil.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Demo mode's defaults: short timeouts and an in-memory database, below anything set
 * explicitly.
 */
@OneStore
class DemoEnvironmentTest {

	@Test
	void demoModeBringsShortTimeoutsAndAnInMemoryDatabase() {
		StandardEnvironment environment = environment(Map.of());
		environment.getPropertySources()
			.addLast(new MapPropertySource("application.properties",
					Map.of("spring.datasource.url", "jdbc:h2:file:./data/vigil", "vigil.demo", "true")));

		new DemoEnvironment().postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("vigil.liveness.default-timeout")).isEqualTo("PT20S");
		assertThat(environment.getProperty("vigil.liveness.timeouts.order-processing")).isEqualTo("PT15S");
		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:h2:mem:vigil-demo;DB_CLOSE_DELAY=-1");
	}

	@Test
	void environmentVariablesStillWin() {
		StandardEnvironment environment = environment(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/vigil",
				"VIGIL_LIVENESS_DEFAULT_TIMEOUT", "PT45S", "VIGIL_DEMO", "true"));

		new DemoEnvironment().postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db/vigil");
		assertThat(environment.getProperty("vigil.liveness.default-timeout")).isEqualTo("PT45S");
	}

	@Test
	void withoutDemoModeNothingChanges() {
		StandardEnvironment environment = environment(Map.of());

		new DemoEnvironment().postProcessEnvironment(environment, null);

		assertThat(environment.getPropertySources().contains(DemoEnvironment.SOURCE)).isFalse();
		assertThat(environment.getProperty("vigil.liveness.default-timeout")).isNull();
	}

	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		// Only what the test says: the build's own system properties (the PostgreSQL
		// pass's URL) stay out.
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
					new MapPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, Map.of()));
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return environment;
	}

}
