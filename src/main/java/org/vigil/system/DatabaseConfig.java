package org.vigil.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.jooq.conf.RenderQuotedNames;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * One schema, two databases: the settings that let the same jOOQ queries run on H2 and
 * PostgreSQL, and the time limits on every call to them ({@link DatabaseProperties}).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

	/**
	 * The migrations use unquoted lower-case names, which H2 folds to upper case and
	 * PostgreSQL to lower case; rendering names unquoted lets each database fold them its
	 * own way. Every statement jOOQ runs is cancelled after the statement timeout, on
	 * either database.
	 */
	@Bean
	DefaultConfigurationCustomizer unquotedNamesAndStatementTimeout(DatabaseProperties properties) {
		return (configuration) -> configuration.settings()
			.withRenderQuotedNames(RenderQuotedNames.NEVER)
			.withQueryTimeout((int) properties.statementTimeout().toSeconds());
	}

	/**
	 * PostgreSQL's driver waits forever by default: for a connection, and for an answer
	 * on a connection whose packets are silently dropped. H2 refuses properties it does
	 * not know, and the embedded H2 has no network to wait for, so only PostgreSQL gets
	 * these. Settings in the JDBC URL win over them.
	 */
	@Bean
	static BeanPostProcessor postgresTimeouts(ObjectProvider<DatabaseProperties> properties) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
						&& hikari.getJdbcUrl().startsWith("jdbc:postgresql:")) {
					DatabaseProperties limits = properties.getObject();
					String connect = String.valueOf(limits.connectTimeout().toSeconds());
					Map.of("connectTimeout", connect, "loginTimeout", connect, "cancelSignalTimeout", connect,
							"socketTimeout", String.valueOf(limits.socketTimeout().toSeconds()))
						.forEach((key, value) -> hikari.getDataSourceProperties().putIfAbsent(key, value));
				}
				return bean;
			}
		};
	}

	/**
	 * A migration may legitimately run long (an index on a large table): it gets its own
	 * limit.
	 */
	@Bean
	FlywayConfigurationCustomizer patientMigrations(DatabaseProperties properties) {
		int timeout = (int) Math.min(Integer.MAX_VALUE, properties.migrationTimeout().toMillis());
		return (configuration) -> configuration.dataSource(new DelegatingDataSource(configuration.getDataSource()) {
			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = super.getConnection();
				// The pool puts the usual socket timeout back when the connection returns
				// to it.
				connection.setNetworkTimeout(Runnable::run, timeout);
				return connection;
			}
		});
	}

}
