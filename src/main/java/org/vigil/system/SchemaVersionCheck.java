package org.vigil.system;

import java.util.Arrays;
import java.util.Comparator;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A database migrated by a newer Vigil is refused, not run: this Vigil does not know what
 * the newer migrations changed. Flyway alone would go on (it ignores "future" migrations
 * unless {@code spring.flyway.ignore-migration-patterns} says otherwise, which
 * application.properties does); checking first lets the refusal name both versions.
 */
@Configuration(proxyBeanMethods = false)
class SchemaVersionCheck {

	@Bean
	FlywayMigrationStrategy refuseNewerSchema() {
		return (flyway) -> {
			refuseNewer(flyway.info());
			flyway.migrate();
		};
	}

	private static void refuseNewer(MigrationInfoService info) {
		MigrationInfo current = info.current();
		MigrationVersion known = Arrays.stream(info.all())
			.filter((migration) -> migration.getState().isResolved() && migration.getVersion() != null)
			.map(MigrationInfo::getVersion)
			.max(Comparator.naturalOrder())
			.orElse(MigrationVersion.EMPTY);
		if (current != null && current.getVersion() != null && current.getVersion().isNewerThan(known)) {
			throw new StartupRefusal("the database was migrated by a newer Vigil (schema version "
					+ current.getVersion() + ", this Vigil knows up to " + known + ").",
					"Run the newer Vigil or restore a backup.");
		}
	}

}
