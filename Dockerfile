# syntax=docker/dockerfile:1
# One image for every service of the compose demo: the apps share one classpath and the
# container's command names the main class (see docker-compose.yml).
#
# Build stage: the Maven wrapper, as on a developer's machine. .ci/check-dockerfile runs this stage's
# RUN commands as written (an empty home, a JDK, no unzip, no Maven installed), since no engine runs here.
FROM eclipse-temurin:17.0.15_6-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps the wrapper's Maven and the dependencies between builds (not in the image), so a
# rebuild after a code change downloads nothing. Only embedded-runner and the modules it needs are built:
# its target/lib holds every app's jars and dependencies (see its pom). dist/ is what the run stage copies.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -q -B -Dmaven.test.skip=true -pl embedded-runner -am package \
 && mkdir -p dist/lib dist/healthcheck \
 && cp embedded-runner/target/lib/*.jar embedded-runner/target/embedded-runner.jar dist/lib/ \
 && javac --release 17 -d dist/healthcheck infra/docker/HealthCheck.java

# Run stage: a JRE and a user without privileges.
FROM eclipse-temurin:17.0.15_6-jre
RUN groupadd --system leaderboard && useradd --system --gid leaderboard --home-dir /app leaderboard
WORKDIR /app
COPY --from=build /src/dist/lib /app/lib
# The compose healthchecks run `java -cp /app/healthcheck HealthCheck URL`: no curl needed in the image.
COPY --from=build /src/dist/healthcheck /app/healthcheck
COPY kql /app/kql
RUN mkdir -p /app/work && chown leaderboard:leaderboard /app/work
USER leaderboard
ENV KQL_SCHEMA_DIR=/app/kql/schema DATA_DIR=/app/work DUCKDB_PATH=/app/work/leaderboard.duckdb
# 60% of the container's memory limit for the heap: the rest is for metaspace, threads, Netty and Kafka
# buffers, and the healthcheck's own short-lived JVM, which runs inside the same limit.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-cp", "/app/lib/*"]
CMD ["dev.leaderboard.embedded.EmbeddedRunner"]
