package org.vigil.system;

import org.jooq.conf.RenderQuotedNames;

import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One schema, two databases: the settings that let the same jOOQ queries run on H2 and PostgreSQL. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

	/**
	 * The migrations use unquoted lower-case names, which H2 folds to upper case and PostgreSQL to
	 * lower case; rendering names unquoted lets each database fold them its own way.
	 */
	@Bean
	DefaultConfigurationCustomizer unquotedNames() {
		return (configuration) -> configuration.settings().withRenderQuotedNames(RenderQuotedNames.NEVER);
	}

}
