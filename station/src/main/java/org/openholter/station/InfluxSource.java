package org.openholter.station;

import com.fasterxml.jackson.databind.JsonNode;
import org.openholter.core.sinks.InfluxQuery;
import org.openholter.wire.Json;

import java.io.IOException;
import java.net.http.HttpClient;

/** The InfluxDB the job writes, as the station reads it: one InfluxQL statement's result, or why it failed. */
public record InfluxSource(HttpClient http, String url, String db, String user, String password) {
    /** The first statement's result of {@code q} ({@code series} inside); an error InfluxDB answers is an IOException. */
    public JsonNode query(String q) throws IOException {
        JsonNode first = Json.MAPPER.readTree(InfluxQuery.run(http, url, db, q, user, password)).path("results").path(0);
        if (first.has("error")) throw new IOException("InfluxDB refused a query: " + first.path("error").asText());
        return first;
    }
}
