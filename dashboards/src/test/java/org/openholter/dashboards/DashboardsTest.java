package org.openholter.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardsTest {
    static final Path ROOT = Path.of(System.getProperty("openholter.root", ".."));
    /** Measurements the pipeline writes (core InfluxPoints, InfluxWriter, gateway metrics). */
    static final Set<String> MEASUREMENTS = Set.of("heart_rate", "beat", "signal_quality", "stream", "alarm", "alarm_command", "device_status",
            "window_latency", "rhythm_run", "hrv", "af_episode", "af_burden", "ecgomics", "gateway_stats", "gateway_rejects", "kafka_lag");

    static List<Dashboards.Dashboard> all() throws IOException {
        return Dashboards.load(Dashboards.directory(ROOT));
    }

    @Test
    void load_findsTheThreeDashboardsWithUniqueUids() throws IOException {
        List<Dashboards.Dashboard> ds = all();
        assertThat(ds).extracting(Dashboards.Dashboard::uid).containsExactlyInAnyOrder("holter-ward", "holter-patient", "holter-ops");
    }

    @Test
    void everyQuery_isRawInfluxQlOnKnownMeasurementsWithDeclaredVariables() throws IOException {
        int n = 0;
        for (Dashboards.Dashboard d : all()) {
            for (Dashboards.Query q : Dashboards.queries(d)) {
                assertThat(q.raw()).as(q + " must be raw InfluxQL").isTrue();
                assertThat(q.text()).as(q.toString()).isNotBlank().containsPattern("(?i)^(SELECT|SHOW) ");
                assertThat(d.variables()).as(q + " uses only declared variables").containsAll(Dashboards.referencedVariables(q.text()));
                var m = java.util.regex.Pattern.compile("(?i)FROM \"([a-z_]+)\"").matcher(q.text());
                boolean any = false;
                while (m.find()) {
                    any = true;
                    assertThat(MEASUREMENTS).as(q.toString()).contains(m.group(1));
                }
                assertThat(any).as(q + " names its measurement in quotes").isTrue();
                n++;
            }
        }
        assertThat(n).isGreaterThan(30);
    }

    @Test
    void panels_haveUniqueIdsPositionsAndTheProvisionedDataSource() throws IOException {
        String ds = Files.readString(ROOT.resolve("dashboards/grafana/provisioning/datasources/influxdb.yml"));
        assertThat(ds).contains("uid: holter-influx");
        for (Dashboards.Dashboard d : all()) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.json().path("panels")) {
                assertThat(ids.add(p.path("id").asInt())).as(d.uid() + " panel id " + p.path("id")).isTrue();
                assertThat(p.path("gridPos").path("w").asInt()).isPositive();
                assertThat(p.path("datasource").path("uid").asText()).isEqualTo("holter-influx");
            }
        }
    }

    @Test
    void render_replacesMacrosAndEscapesValues() {
        String q = Dashboards.render("SELECT x FROM \"a\" WHERE \"device\" =~ /^$device$/ AND $timeFilter GROUP BY time($__interval)",
                "time > now() - 1h", "10s", Map.of("device", "sim-001.a"));
        assertThat(q).isEqualTo("SELECT x FROM \"a\" WHERE \"device\" =~ /^sim\\-001\\.a$/ AND time > now() - 1h GROUP BY time(10s)");
    }
}
