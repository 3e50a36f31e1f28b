package org.vigil.demo;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * With {@code vigil.demo=true}: timeouts of seconds, so a newcomer sees agents fall
 * silent and come back while watching, alerts grouped for 10 s instead of 30, staff
 * channels allowed to reach the demo's own chat room on the loopback address
 * ({@link DemoInbox}), and a fresh in-memory database, so the demo never touches
 * {@code ./data/}. These defaults sit just below the environment variables: command-line
 * arguments, system properties and environment variables (e.g.
 * {@code SPRING_DATASOURCE_URL}) still win, the bundled application properties do not.
 * Registered in {@code META-INF/spring.factories}.
 */
class DemoEnvironment implements EnvironmentPostProcessor {

	static final String SOURCE = "vigilDemoDefaults";

	static final Map<String, Object> DEFAULTS = Map.of("spring.datasource.url",
			"jdbc:h2:mem:vigil-demo;DB_CLOSE_DELAY=-1", "spring.datasource.username", "sa",
			"spring.datasource.password", "", "vigil.liveness.default-timeout", "PT20S",
			"vigil.liveness.timeouts.order-processing", "PT15S", "vigil.liveness.startup-grace", "PT5S",
			"vigil.notify.group-wait", "PT10S", "vigil.notify.allow-hosts", DemoInbox.HOST);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!Boolean.parseBoolean(environment.getProperty("vigil.demo", "false").strip())) {
			return;
		}
		MutablePropertySources sources = environment.getPropertySources();
		MapPropertySource defaults = new MapPropertySource(SOURCE, DEFAULTS);
		if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, defaults);
		}
		else {
			sources.addLast(defaults);
		}
	}

}
