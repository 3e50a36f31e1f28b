package org.vigil.directory;

import java.time.Instant;

/** One integration status as the offering detail embeds it (Waldur's shape: no links). */
record IntegrationSummary(String agentType, String status, Instant lastRequestTimestamp, String serviceName) {
}
