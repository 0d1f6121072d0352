# syntax=docker/dockerfile:1.7
# prflow's image: the fat jar (built as the README builds it) on a Java 17 runtime with git and
# bubblewrap, run as a non-root user. `prflow api` and `prflow worker` are its two roles:
#   docker build -t prflow:0.1.0-SNAPSHOT .
#   docker run --rm prflow:0.1.0-SNAPSHOT --help

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
# The poms first, so a change of source alone reuses the dependency layer's cache.
COPY pom.xml ./
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY api/pom.xml api/
COPY worker/pom.xml worker/
# bench is a module of the reactor (its drivers are not shipped): its pom only, and -pl worker -am.
COPY bench/pom.xml bench/
COPY workflows/src workflows/src
COPY activities/src activities/src
COPY api/src api/src
COPY worker/src worker/src
RUN --mount=type=cache,target=/build-cache/m2 mvn -B -q -Dmaven.repo.local=/build-cache/m2 -DskipTests -pl worker -am clean package \
 && cp worker/target/prflow.jar /prflow.jar

FROM eclipse-temurin:17.0.16_8-jre-noble
# git: prflow's own git commands; bubblewrap: the sandbox of agent and test commands
# (PRFLOW_SANDBOX, docs/DEPLOY.md); curl: the compose health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git bubblewrap curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 prflow \
 && useradd --system --uid 10001 --gid prflow --create-home --home-dir /home/prflow prflow \
 && mkdir -p /srv/prflow/repos /opt/prflow \
 && chown prflow:prflow /srv/prflow/repos
COPY --from=build /prflow.jar /opt/prflow/prflow.jar
USER prflow
WORKDIR /home/prflow
ENV PRFLOW_HOME=/home/prflow/.prflow \
    PRFLOW_REPO_ROOTS=/srv/prflow/repos
# The API (PRFLOW_HTTP_PORT) and the worker's metrics (PRFLOW_METRICS_PORT).
EXPOSE 8080 9464
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/prflow/prflow.jar"]
CMD ["api"]
