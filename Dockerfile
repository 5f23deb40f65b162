# One image for every service of the compose demo: the apps share one classpath and the
# container's command names the main class (see docker-compose.yml).
#
# Build stage: the Maven wrapper, as on a developer's machine.
FROM eclipse-temurin:17.0.15_6-jdk AS build
WORKDIR /src
COPY . .
# embedded-runner/target/lib holds every app's jars and dependencies (see its pom).
RUN ./mvnw -q -B -DskipTests package \
 && mkdir -p /app && cp -r embedded-runner/target/lib /app/lib \
 && cp embedded-runner/target/embedded-runner.jar /app/lib/

# Run stage: a JRE and a user without privileges.
FROM eclipse-temurin:17.0.15_6-jre
RUN groupadd --system leaderboard && useradd --system --gid leaderboard --home-dir /app leaderboard
WORKDIR /app
COPY --from=build /app/lib /app/lib
COPY kql /app/kql
RUN mkdir -p /app/work && chown leaderboard:leaderboard /app/work
USER leaderboard
ENV KQL_SCHEMA_DIR=/app/kql/schema DATA_DIR=/app/work DUCKDB_PATH=/app/work/leaderboard.duckdb
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/lib/*"]
CMD ["dev.leaderboard.embedded.EmbeddedRunner"]
