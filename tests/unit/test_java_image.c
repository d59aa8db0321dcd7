/*
 * Java images: every row says what hr_java_image_read() must find, and
 * every field of every row is compared, so any row can fail.
 */
#include "test_util.h"

#include "jvm/java_image.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct image_case {
	const char *image;
	bool is_java;
	int feature;
	int update;
	bool openj9;
	const char *family; /* NULL when not Java */
} image_case;

static const image_case cases[] = {
	/* openjdk */
	{"openjdk:8u372-jre", true, 8, 372, false, "openjdk"},
	{"openjdk:17-jdk-slim", true, 17, -1, false, "openjdk"},
	{"openjdk:11.0.16-jre", true, 11, 16, false, "openjdk"},
	{"openjdk:17.0.2", true, 17, 2, false, "openjdk"},
	{"openjdk:11-jre-slim-buster", true, 11, -1, false, "openjdk"},
	{"openjdk:latest", true, 0, -1, false, "openjdk"},
	{"openjdk", true, 0, -1, false, "openjdk"},
	{"openjdk:1.8.0_372", true, 8, 372, false, "openjdk"},
	{"docker.io/library/openjdk:21-jdk", true, 21, -1, false, "openjdk"},
	{"localhost:5000/openjdk:17", true, 17, -1, false, "openjdk"},
	{"openjdk@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	 true, 0, -1, false, "openjdk"},
	{"openjdk:17-jre@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	 true, 17, -1, false, "openjdk"},
	{"openjdk:5", true, 0, -1, false, "openjdk"},        /* no such release */
	{"openjdk:100-jdk", true, 0, -1, false, "openjdk"},  /* not a release */
	{"cimg/openjdk:17.0", true, 17, -1, false, "openjdk"},
	{"java:openjdk-8-jdk", true, 8, -1, false, "openjdk"},
	/* Eclipse Temurin */
	{"eclipse-temurin:17-jre", true, 17, -1, false, "eclipse-temurin"},
	{"eclipse-temurin:21.0.2_13-jdk-jammy", true, 21, 2, false, "eclipse-temurin"},
	{"eclipse-temurin:8u402-b06-jre", true, 8, 402, false, "eclipse-temurin"},
	{"harbor.example.com/library/eclipse-temurin:11", true, 11, -1, false,
	 "eclipse-temurin"},
	/* AdoptOpenJDK */
	{"adoptopenjdk/openjdk11:jre-11.0.11_9", true, 11, 11, false, "adoptopenjdk"},
	{"adoptopenjdk:11-jre-hotspot", true, 11, -1, false, "adoptopenjdk"},
	{"adoptopenjdk:11-jre-openj9", true, 11, -1, true, "adoptopenjdk"},
	{"adoptopenjdk/openjdk8-openj9", true, 8, -1, true, "adoptopenjdk"},
	{"adoptopenjdk/openjdk8:jdk8u292-b10-alpine", true, 8, 292, false, "adoptopenjdk"},
	/* the name says 11: a tag of another release gives no update */
	{"adoptopenjdk/openjdk11:jre-17.0.1", true, 11, -1, false, "adoptopenjdk"},
	/* Amazon Corretto */
	{"amazoncorretto:21", true, 21, -1, false, "amazoncorretto"},
	{"amazoncorretto:17-alpine", true, 17, -1, false, "amazoncorretto"},
	{"amazoncorretto:8u392", true, 8, 392, false, "amazoncorretto"},
	{"amazoncorretto:11.0.21", true, 11, 21, false, "amazoncorretto"},
	{"amazoncorretto:21-al2023", true, 21, -1, false, "amazoncorretto"},
	{"public.ecr.aws/amazoncorretto/amazoncorretto:17", true, 17, -1, false,
	 "amazoncorretto"},
	/* Azul Zulu, BellSoft Liberica */
	{"azul/zulu-openjdk:17", true, 17, -1, false, "zulu"},
	{"azul/zulu-openjdk-alpine:11.0.16", true, 11, 16, false, "zulu"},
	{"azul/zulu-openjdk:17.0.10-17.48", true, 17, 10, false, "zulu"},
	{"bellsoft/liberica-openjdk-alpine:17", true, 17, -1, false, "liberica"},
	{"bellsoft/liberica-openjre-debian:11.0.20.1-1", true, 11, 20, false, "liberica"},
	{"bellsoft/liberica-runtime-container:jdk-21-musl", true, 21, -1, false, "liberica"},
	{"bellsoft/liberica-runtime-container:jre-17-slim-glibc", true, 17, -1, false,
	 "liberica"},
	/* IBM: OpenJ9 */
	{"ibm-semeru-runtimes:open-17-jre", true, 17, -1, true, "ibm-semeru"},
	{"ibm-semeru-runtimes:open-11.0.21_9-jre-jammy", true, 11, 21, true, "ibm-semeru"},
	{"ibm-semeru-runtimes:open-8u392-b08-jdk-focal", true, 8, 392, true, "ibm-semeru"},
	{"ibmjava:8-jre", true, 8, -1, true, "ibmjava"},
	/* an IBM service refresh, not update 8 */
	{"ibmjava:8.0.8.15-sdk", true, 8, -1, true, "ibmjava"},
	{"eclipse/openj9", true, 0, -1, true, "openj9"},
	/* SapMachine, Microsoft, Oracle */
	{"sapmachine:21", true, 21, -1, false, "sapmachine"},
	{"sapmachine:lts", true, 0, -1, false, "sapmachine"},
	{"mcr.microsoft.com/openjdk/jdk:17-ubuntu", true, 17, -1, false,
	 "microsoft-openjdk"},
	{"mcr.microsoft.com/openjdk/jdk:11.0.21-mariner", true, 11, 21, false,
	 "microsoft-openjdk"},
	{"container-registry.oracle.com/java/openjdk:21", true, 21, -1, false,
	 "oracle-jdk"},
	/* Red Hat: the tag is an image build */
	{"registry.access.redhat.com/ubi8/openjdk-17", true, 17, -1, false, "ubi-openjdk"},
	{"registry.access.redhat.com/ubi8/openjdk-17:1.18", true, 17, -1, false,
	 "ubi-openjdk"},
	{"registry.access.redhat.com/ubi9/openjdk-21-runtime:1.18-2", true, 21, -1, false,
	 "ubi-openjdk"},
	{"registry.access.redhat.com/redhat-openjdk-18/openjdk18-openshift:1.8", true, 8,
	 -1, false, "redhat-openjdk"},
	{"registry.redhat.io/openjdk/openjdk-11-rhel7", true, 11, -1, false,
	 "redhat-openjdk"},
	{"fabric8/java-alpine-openjdk8-jre", true, 8, -1, false, "fabric8-java"},
	/* distroless */
	{"gcr.io/distroless/java17-debian12", true, 17, -1, false, "distroless-java"},
	{"gcr.io/distroless/java17-debian12:nonroot", true, 17, -1, false,
	 "distroless-java"},
	{"gcr.io/distroless/java11", true, 11, -1, false, "distroless-java"},
	{"gcr.io/distroless/java:11", true, 11, -1, false, "distroless-java"},
	{"gcr.io/distroless/java-debian10:11", true, 11, -1, false, "distroless-java"},
	{"gcr.io/distroless/java:latest", true, 0, -1, false, "distroless-java"},
	/* no JVM in it: a base to copy one into */
	{"gcr.io/distroless/java-base-debian12", false, 0, -1, false, NULL},
	/* GraalVM */
	{"ghcr.io/graalvm/jdk:21", true, 21, -1, false, "graalvm"},
	{"ghcr.io/graalvm/jdk:22.3.0", true, 0, -1, false, "graalvm"},
	{"ghcr.io/graalvm/graalvm-ce:22.3.0", true, 0, -1, false, "graalvm"},
	{"ghcr.io/graalvm/graalvm-ce:ol8-java17-22.3.0", true, 17, -1, false, "graalvm"},
	{"ghcr.io/graalvm/graalvm-ce:21", true, 0, -1, false, "graalvm"},
	{"ghcr.io/graalvm/jdk-community:21.0.2", true, 21, 2, false, "graalvm"},
	/* build tools */
	{"maven:3.9-eclipse-temurin-17", true, 17, -1, false, "maven"},
	{"maven:3.9.6-eclipse-temurin-21-alpine", true, 21, -1, false, "maven"},
	{"maven:3.8.1-openjdk-8-slim", true, 8, -1, false, "maven"},
	{"maven:3-amazoncorretto-17", true, 17, -1, false, "maven"},
	{"maven:3.9-ibm-semeru-17-focal", true, 17, -1, true, "maven"},
	{"maven:3.9", true, 0, -1, false, "maven"},
	{"gradle:8-jdk17", true, 17, -1, false, "gradle"},
	{"gradle:jdk21-alpine", true, 21, -1, false, "gradle"},
	{"gradle:8.5", true, 0, -1, false, "gradle"},
	{"clojure:temurin-17-lein", true, 17, -1, false, "clojure"},
	/* application servers */
	{"tomcat:10-jdk17", true, 17, -1, false, "tomcat"},
	{"tomcat:9.0-jre11-temurin", true, 11, -1, false, "tomcat"},
	{"tomcat:9", true, 0, -1, false, "tomcat"},
	{"tomcat:8.5-jre8", true, 8, -1, false, "tomcat"},
	{"jetty:11-jdk17", true, 17, -1, false, "jetty"},
	{"quay.io/wildfly/wildfly:27.0.0.Final-jdk17", true, 17, -1, false, "wildfly"},
	{"quay.io/keycloak/keycloak", true, 0, -1, false, "keycloak"},
	{"quay.io/keycloak/keycloak:23.0", true, 0, -1, false, "keycloak"},
	{"jboss/keycloak:16.1.1", true, 0, -1, false, "keycloak"},
	{"open-liberty:23.0.0.12-full-java17-openj9", true, 17, -1, true, "open-liberty"},
	/* services on a bundled JVM */
	{"confluentinc/cp-kafka:7.5.0", true, 0, -1, false, "kafka"},
	{"bitnami/kafka:3.6.0-debian-11-r0", true, 0, -1, false, "kafka"},
	{"apache/kafka:3.6.0", true, 0, -1, false, "kafka"},
	{"docker.elastic.co/elasticsearch/elasticsearch:8.11.1", true, 0, -1, false,
	 "elasticsearch"},
	{"docker.elastic.co/logstash/logstash:8.11.1", true, 0, -1, false, "logstash"},
	{"bitnami/java:17", true, 17, -1, false, "bitnami-java"},
	{"bitnami/java:17.0.9-11", true, 17, 9, false, "bitnami-java"},
	{"zookeeper:3.9", true, 0, -1, false, "zookeeper"},
	{"cassandra:4.1", true, 0, -1, false, "cassandra"},
	{"solr:9.4", true, 0, -1, false, "solr"},
	{"sonarqube:10-community", true, 0, -1, false, "sonarqube"},
	{"jenkins/jenkins:lts-jdk17", true, 17, -1, false, "jenkins"},
	{"jenkins/jenkins:2.426.1-lts-jdk21", true, 21, -1, false, "jenkins"},
	{"jenkins/jenkins:lts", true, 0, -1, false, "jenkins"},
	{"apache/flink:1.18-java11", true, 11, -1, false, "flink"},
	{"apache/flink:1.18", true, 0, -1, false, "flink"},
	{"apache/spark:3.5.0-scala2.12-java17-python3-ubuntu", true, 17, -1, false,
	 "spark"},
	/* no JVM */
	{"docker.elastic.co/kibana/kibana:8.11.1", false, 0, -1, false, NULL},
	{"apache/kafka-native:3.8.0", false, 0, -1, false, NULL},
	{"confluentinc/cp-kafkacat", false, 0, -1, false, NULL},
	{"nginx", false, 0, -1, false, NULL},
	{"nginx:1.25-alpine", false, 0, -1, false, NULL},
	{"python:3.12", false, 0, -1, false, NULL},
	{"node:20-alpine", false, 0, -1, false, NULL},
	{"golang:1.22", false, 0, -1, false, NULL},
	{"busybox", false, 0, -1, false, NULL},
	{"registry/x/app:1.2.3", false, 0, -1, false, NULL},
	{"myjava-tools:17", false, 0, -1, false, NULL},
	{"acme/openjdk:17", false, 0, -1, false, NULL},       /* someone's image */
	{"openjdk-tools:17", false, 0, -1, false, NULL},
	{"myregistry.example.com/team/app:openjdk-17", false, 0, -1, false, NULL},
	/* from the corpus (../shared/corpus): Java apps whose name does not
	 * say so are not Java here, by design */
	{"busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d",
	 false, 0, -1, false, NULL},
	{"kbudde/rabbitmq-exporter", false, 0, -1, false, NULL},
	{"mongo", false, 0, -1, false, NULL},
	{"rabbitmq:3.6.8-management", false, 0, -1, false, NULL},
	{"redis:alpine", false, 0, -1, false, NULL},
	{"us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/adservice:v0.10.6",
	 false, 0, -1, false, NULL},
	{"us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/frontend:v0.10.6",
	 false, 0, -1, false, NULL},
	{"weaveworksdemos/carts:0.4.8", false, 0, -1, false, NULL},
	{"weaveworksdemos/orders:0.4.7", false, 0, -1, false, NULL},
	{"weaveworksdemos/queue-master:0.3.1", false, 0, -1, false, NULL},
	{"weaveworksdemos/user-db:0.3.0", false, 0, -1, false, NULL},
	/* malformed and hostile */
	{"", false, 0, -1, false, NULL},
	{"OPENJDK:17", false, 0, -1, false, NULL},   /* not a pullable reference */
	{"openjdk:", false, 0, -1, false, NULL},
	{"openjdk:17:18", false, 0, -1, false, NULL},
	{":17", false, 0, -1, false, NULL},
	{"/openjdk:17", false, 0, -1, false, NULL},
	{"openjdk//jdk:17", false, 0, -1, false, NULL},
	{"@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	 false, 0, -1, false, NULL},
	{" openjdk:17", false, 0, -1, false, NULL},
	{"openjdk:17\n", false, 0, -1, false, NULL},
	{"openjdk:17\nnginx", false, 0, -1, false, NULL},
	{"nginx\nopenjdk:17", false, 0, -1, false, NULL},
	{"openjdk:17\xff", false, 0, -1, false, NULL},
	{"\xc3\x28openjdk:17", false, 0, -1, false, NULL},
	{"openjdk:\xe2\x82", false, 0, -1, false, NULL},
	{"openjdk:8u99999", true, 0, -1, false, "openjdk"},
	{"openjdk:8u372-jre\t", false, 0, -1, false, NULL},
	{"!!!:::@@@", false, 0, -1, false, NULL},
};

/* Escapes bytes that would garble the failure message. */
static void printable(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	for (; *s && n + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f)
			buf[n++] = (char)c;
		else
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
	}
	buf[n] = '\0';
}

static bool check(const char *image, const image_case *want)
{
	hr_java_image got;
	memset(&got, 0x5a, sizeof(got));
	hr_java_image_read(image, &got);
	bool family_ok = want->family ? got.family && strcmp(got.family, want->family) == 0
	                              : got.family == NULL;
	if (got.is_java == want->is_java && got.feature == want->feature &&
	    got.update == want->update && got.openj9 == want->openj9 && family_ok)
		return true;
	char shown[160];
	printable(image, shown, sizeof(shown));
	print_error("\"%s\": got java=%d feature=%d update=%d openj9=%d family=%s; "
	            "want java=%d feature=%d update=%d openj9=%d family=%s\n",
	            shown, got.is_java, got.feature, got.update, got.openj9,
	            got.family ? got.family : "(null)", want->is_java,
	            want->feature, want->update, want->openj9,
	            want->family ? want->family : "(null)");
	return false;
}

static void test_cases(void **state)
{
	(void)state;
	size_t failed = 0;
	size_t n = sizeof(cases) / sizeof(cases[0]);
	for (size_t i = 0; i < n; i++)
		if (!check(cases[i].image, &cases[i]))
			failed++;
	if (failed)
		fail_msg("%zu of %zu images read wrong", failed, n);
}

static void test_null(void **state)
{
	(void)state;
	static const image_case none = {NULL, false, 0, -1, false, NULL};
	assert_true(check(NULL, &none));
	hr_java_image_read("openjdk:17", NULL); /* must not crash */
}

/* A registry host padded so that the reference is exactly len bytes:
 * "aaaa...a.example.com/openjdk:17". */
static char *padded_reference(size_t len)
{
	static const char tail[] = ".example.com/openjdk:17";
	char *s = malloc(len + 1);
	assert_non_null(s);
	size_t pad = len - (sizeof(tail) - 1);
	memset(s, 'a', pad);
	memcpy(s + pad, tail, sizeof(tail));
	assert_int_equal(strlen(s), len);
	return s;
}

static void test_length_bound(void **state)
{
	(void)state;
	static const image_case java17 = {NULL, true, 17, -1, false, "openjdk"};
	static const image_case none = {NULL, false, 0, -1, false, NULL};
	char *at_limit = padded_reference(HR_JAVA_IMAGE_MAX_LEN);
	char *over = padded_reference(HR_JAVA_IMAGE_MAX_LEN + 1);
	char *huge = padded_reference(2000);
	bool ok = check(at_limit, &java17) && check(over, &none) && check(huge, &none);
	free(at_limit);
	free(over);
	free(huge);
	assert_true(ok);

	/* 2000 bytes of a long tag, and of a deep path. */
	char buf[2001];
	memcpy(buf, "openjdk:17-", 11);
	memset(buf + 11, 'x', sizeof(buf) - 12);
	buf[sizeof(buf) - 1] = '\0';
	assert_true(check(buf, &none));
	for (size_t i = 0; i + 2 < sizeof(buf); i += 2)
		memcpy(buf + i, "a/", 2);
	memcpy(buf + sizeof(buf) - 8, "openjdk", 8);
	assert_true(check(buf, &none));
}

/* A tag just within Docker's 128 characters still reads; one over does
 * not make a reference. */
static void test_tag_bound(void **state)
{
	(void)state;
	static const image_case java17 = {NULL, true, 17, -1, false, "openjdk"};
	static const image_case none = {NULL, false, 0, -1, false, NULL};
	char buf[8 + 129 + 1];
	memcpy(buf, "openjdk:17-", 11);
	memset(buf + 11, 'x', 128 - 3);
	buf[8 + 128] = '\0';
	assert_true(check(buf, &java17));
	memset(buf + 11, 'x', 129 - 3);
	buf[8 + 129] = '\0';
	assert_true(check(buf, &none));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_length_bound),
		cmocka_unit_test(test_tag_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
