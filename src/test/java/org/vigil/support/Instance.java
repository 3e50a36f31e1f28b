package org.vigil.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.vigil.VigilApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another Vigil process's worth: a whole application on its own port, with its own
 * settings.
 */
public final class Instance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private Instance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Settings are given as command-line arguments, so they win over the test profile and
	 * system properties.
	 */
	public static Instance start(Map<String, String> settings) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=0");
		settings.forEach((key, value) -> args.add("--" + key + "=" + value));
		return new Instance(
				new SpringApplicationBuilder(VigilApplication.class).profiles("test").run(args.toArray(String[]::new)));
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public Api api() {
		return new Api(port());
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
