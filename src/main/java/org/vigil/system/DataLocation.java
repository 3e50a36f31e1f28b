package org.vigil.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Says where the data is, before anything touches it: "Data: embedded H2 at
 * /srv/vigil/data/vigil.mv.db" (so a relative {@code ./data/} is never a surprise) or the
 * PostgreSQL host and database, never credentials. Registered in
 * {@code META-INF/spring.factories}.
 */
class DataLocation implements ApplicationListener<ApplicationPreparedEvent> {

	private static final Logger log = LoggerFactory.getLogger(DataLocation.class);

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		DatabaseUrl url = DatabaseUrl.of(event.getApplicationContext().getEnvironment());
		if (url.isJdbc()) {
			log.info("Data: {}", url.describe());
		}
	}

}
