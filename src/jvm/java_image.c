/*
 * Well-known Java images, recognised from the repository path and the tag
 * of an image reference (see java_image.h).
 *
 * The reference is split by one pattern that follows the Docker reference
 * grammar; the repository path is then matched against a table of known
 * images, and the Java version is read from the repository name or from
 * the tag, as the row says.  The registry is not part of the match:
 * mirrors ("localhost:5000/openjdk", "harbor.corp/library/eclipse-temurin")
 * keep the upstream path, and the path alone is what names the image.
 *
 * Misses are preferred to false positives: a workload wrongly taken for a
 * JVM gets JVM advice, so only exact, well-known paths are listed and an
 * application image built FROM a JDK ("acme/orders-service") is not Java
 * here.
 */
#include "jvm/java_image.h"

#include "util/pattern.h"
#include "util/pattern_table.h"

#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------------
 * The reference: [registry/]path[:tag][@digest].
 *
 * The first component is a registry only when it has a '.', a port or is
 * "localhost" (Docker's rule), so "registry/x/app" is a Docker Hub path.
 * Paths are lowercase: an uppercase path is not a pullable reference, and
 * is therefore not a Java image either.  Tags are at most 128 characters.
 * Group 1 is the path, group 2 the tag.
 */
#define DOMAIN_LABEL "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
#define PORT "(?::[0-9]{1,5})?"
#define REGISTRY                                                         \
	"(?:" DOMAIN_LABEL "(?:\\." DOMAIN_LABEL ")+" PORT                  \
	"|localhost" PORT "|" DOMAIN_LABEL ":[0-9]{1,5}"                    \
	"|\\[[0-9A-Fa-f:]+\\]" PORT ")"
#define PATH_COMPONENT "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
#define TAG "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
#define DIGEST "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}"

static const char *const reference_texts[] = {
	"(?:" REGISTRY "/)?(" PATH_COMPONENT "(?:/" PATH_COMPONENT ")*)"
	"(?::(" TAG "))?(?:@" DIGEST ")?",
};
static hr_pattern_table reference_table = HR_PATTERN_TABLE(reference_texts, false);

/* ---------------------------------------------------------------------
 * Versions in tags.  Every pattern has the feature release in group 1 and
 * the update, when written, in group 2 ((?| ) shares the numbers across
 * the alternatives).  Bounded digit counts keep the conversion in range.
 */
enum {
	TAG_LEADING,  /* FROM_TAG */
	TAG_MARKER,   /* FROM_TAG_MARKER */
	TAG_FEATURE,  /* FROM_TAG_FEATURE */
	TAG_OPENJ9,   /* the tag names an OpenJ9/J9 build */
};

/* "8u402-b06" and "1.8.0_372" are Java 8 spellings; "21.0.2_13" and
 * "17.0.10-17.48" put the build after the update. */
#define VERSION_8U "([0-9]{1,2})u([0-9]{1,4})(?:-b[0-9]{1,3})?"
#define VERSION_1X "1\\.([6-8])(?:\\.0(?:_([0-9]{1,4}))?)?"

/* Words that, inside a tag, introduce the Java release the image ships:
 * "tomcat:9.0-jre11-temurin", "maven:3.9-eclipse-temurin-17",
 * "apache/flink:1.18-java11", "jenkins/jenkins:lts-jdk17". */
#define JAVA_WORD                                                         \
	"(?:jdk|jre|java|openjdk|temurin|corretto|amazoncorretto|zulu|"     \
	"semeru|sapmachine|liberica|ibmjava)"
#define TAG_REST "[A-Za-z0-9_.-]*"

static const char *const tag_texts[] = {
	/* [TAG_LEADING] The tag starts with the version, perhaps after the
	 * vendor's word: "17-jdk-slim", "8u372-jre", "11.0.16-jre",
	 * "open-17-jre" (Semeru), "jre-11.0.11_9" (AdoptOpenJDK),
	 * "jdk-all-21-cds-musl" (Liberica).  A dot may not follow the
	 * feature except as "N.0[.U]": "22.3.0" is a GraalVM release, not
	 * Java 22. */
	"(?:(?:open|certified)-|(?:jdk|jre)(?:-all|-lite)?-?)?"
	"(?|" VERSION_1X "|" VERSION_8U
	"|([0-9]{1,2})(?:\\.0(?:\\.([0-9]{1,4})(?:\\.[0-9]{1,4})?)?)?(?:_[0-9]{1,4})?)"
	"(?:[-_]" TAG_REST ")?",
	/* [TAG_MARKER] A Java word followed by the version anywhere in the
	 * tag, as a whole word. */
	"(?:" TAG_REST "[-_.])?" JAVA_WORD "-?"
	"(?|" VERSION_1X "|" VERSION_8U "|([0-9]{1,2})(?:\\.0\\.([0-9]{1,4}))?)"
	"(?:[-_.]" TAG_REST ")?",
	/* [TAG_FEATURE] Only the leading feature: IBM Java's "8.0.8.15" is a
	 * service refresh and fix pack, not an update. */
	"([0-9]{1,2})(?:[-_.]" TAG_REST ")?",
	/* [TAG_OPENJ9] "adoptopenjdk:11-jre-openj9",
	 * "maven:3-ibm-semeru-17-focal", "open-liberty:full-java17-openj9". */
	"(?:" TAG_REST "[-_.])?(?:openj9|semeru|ibmjava)(?:[-_.]" TAG_REST ")?",
};
static hr_pattern_table tag_table = HR_PATTERN_TABLE(tag_texts, false);

/* ---------------------------------------------------------------------
 * The known images.  Where the version comes from, tried in this order;
 * the repository name wins over the tag, and then the tag can only add
 * the update of that same release.
 */
enum {
	FROM_NAME = 1u << 0,        /* group 1 of the row's pattern */
	FROM_TAG = 1u << 1,         /* tag_texts[TAG_LEADING] */
	FROM_TAG_MARKER = 1u << 2,  /* tag_texts[TAG_MARKER] */
	FROM_TAG_FEATURE = 1u << 3, /* tag_texts[TAG_FEATURE] */
};

typedef struct java_image_row {
	const char *family;
	const char *path;   /* PCRE2 over the repository path */
	int fixed_feature;  /* the release a name implies without a number */
	unsigned from;      /* FROM_* */
	bool openj9;
} java_image_row;

/* Docker Hub official images appear as "x" or "library/x". */
#define HUB(name) "(?:library/)?" name

/* One list for the rows and for their pattern table, so the two cannot
 * drift apart.  ROW(family, path, fixed_feature, from, openj9) */
#define JAVA_IMAGE_ROWS(ROW)                                                 \
	/* JDK and JRE distributions */                                        \
	ROW("openjdk", HUB("openjdk"), 0, FROM_TAG, false)                     \
	ROW("openjdk", "(?:circleci|cimg)/openjdk", 0, FROM_TAG, false)        \
	/* The deprecated official image: "java:8-jre", "java:openjdk-8". */   \
	ROW("openjdk", HUB("java"), 0, FROM_TAG | FROM_TAG_MARKER, false)      \
	ROW("eclipse-temurin", HUB("eclipse-temurin"), 0, FROM_TAG, false)     \
	ROW("adoptopenjdk", HUB("adoptopenjdk"), 0, FROM_TAG, false)           \
	ROW("adoptopenjdk", "adoptopenjdk/openjdk([0-9]{1,2})-openj9", 0,      \
	    FROM_NAME | FROM_TAG, true)                                        \
	ROW("adoptopenjdk", "adoptopenjdk/openjdk([0-9]{1,2})", 0,             \
	    FROM_NAME | FROM_TAG, false)                                       \
	ROW("amazoncorretto", "(?:library/|amazoncorretto/)?amazoncorretto", 0, \
	    FROM_TAG, false)                                                   \
	ROW("zulu", "azul/zulu-openjdk(?:-(?:alpine|debian|centos))?", 0,      \
	    FROM_TAG, false)                                                   \
	ROW("liberica",                                                        \
	    "bellsoft/liberica-open(?:jdk|jre)(?:-(?:alpine|alpine-musl|debian|centos))?", \
	    0, FROM_TAG, false)                                                \
	ROW("liberica", "bellsoft/liberica-runtime-container", 0, FROM_TAG,    \
	    false)                                                             \
	ROW("ibm-semeru", "(?:library/|appcafe/)?ibm-semeru-runtimes", 0,      \
	    FROM_TAG, true)                                                    \
	/* IBM Java 8 runs the J9 VM: OpenJ9's ergonomics. */                  \
	ROW("ibmjava", "(?:library/|ibmcom/)?ibmjava", 0, FROM_TAG_FEATURE,    \
	    true)                                                              \
	ROW("openj9", "eclipse/openj9", 0, FROM_TAG, true)                     \
	ROW("sapmachine", HUB("sapmachine"), 0, FROM_TAG, false)               \
	ROW("microsoft-openjdk", "openjdk/jdk", 0, FROM_TAG, false)            \
	ROW("oracle-jdk", "java/(?:openjdk|jdk)", 0, FROM_TAG, false)          \
	/* Red Hat tags are image builds ("1.18"), not Java versions. */       \
	ROW("ubi-openjdk", "ubi[0-9]{1,2}/openjdk-([0-9]{1,2})(?:-runtime)?", 0, \
	    FROM_NAME, false)                                                  \
	ROW("redhat-openjdk", "openjdk/openjdk-([0-9]{1,2})-rhel[0-9]{1,2}", 0, \
	    FROM_NAME, false)                                                  \
	/* "18" is Red Hat's spelling of 1.8. */                               \
	ROW("redhat-openjdk", "redhat-openjdk-18/openjdk18-openshift", 8, 0,   \
	    false)                                                             \
	ROW("fabric8-java",                                                    \
	    "fabric8/java-[a-z0-9]+-openjdk([0-9]{1,2})-(?:jdk|jre)", 0,       \
	    FROM_NAME, false)                                                  \
	/* "java-base" holds no JVM, so the suffix is a Debian release only. */ \
	ROW("distroless-java", "distroless/java([0-9]{1,2})(?:-debian[0-9]{1,2})?", \
	    0, FROM_NAME, false)                                               \
	ROW("distroless-java", "distroless/java(?:-debian[0-9]{1,2})?", 0,     \
	    FROM_TAG, false)                                                   \
	/* Before GraalVM followed the JDK's numbering, a bare tag was the     \
	 * GraalVM release; only "java17-..." says the Java release. */         \
	ROW("graalvm", "graalvm/(?:jdk|jdk-community|graalvm-community|native-image|native-image-community)", \
	    0, FROM_TAG | FROM_TAG_MARKER, false)                              \
	ROW("graalvm", "(?:graalvm|oracle)/graalvm-ce", 0, FROM_TAG_MARKER,    \
	    false)                                                             \
	ROW("bitnami-java", "bitnami/java", 0, FROM_TAG, false)               \
	/* Build tools and languages on a JDK: the tag names the JDK. */       \
	ROW("maven", HUB("maven"), 0, FROM_TAG_MARKER, false)                  \
	ROW("maven", "adoptopenjdk/maven-openjdk([0-9]{1,2})", 0, FROM_NAME,   \
	    false)                                                             \
	ROW("gradle", HUB("gradle"), 0, FROM_TAG_MARKER, false)                \
	ROW("groovy", HUB("groovy"), 0, FROM_TAG_MARKER, false)                \
	ROW("jruby", HUB("jruby"), 0, FROM_TAG_MARKER, false)                  \
	ROW("clojure", HUB("clojure"), 0, FROM_TAG_MARKER, false)              \
	/* Application servers */                                              \
	ROW("tomcat", "(?:library/|bitnami/)?tomcat", 0, FROM_TAG_MARKER, false) \
	ROW("tomee", HUB("tomee"), 0, FROM_TAG_MARKER, false)                  \
	ROW("jetty", HUB("jetty"), 0, FROM_TAG_MARKER, false)                  \
	ROW("wildfly", "(?:wildfly|jboss|bitnami)/wildfly", 0, FROM_TAG_MARKER, \
	    false)                                                             \
	ROW("keycloak", "(?:keycloak|jboss|bitnami)/keycloak", 0,              \
	    FROM_TAG_MARKER, false)                                            \
	ROW("open-liberty", "(?:library/|openliberty/|appcafe/)?open-liberty", \
	    0, FROM_TAG_MARKER, false)                                         \
	ROW("websphere-liberty", "(?:library/|ibmcom/)?websphere-liberty", 0,  \
	    FROM_TAG_MARKER, false)                                            \
	/* Data and CI services that run on a bundled JVM.  Not Kibana, not    \
	 * "apache/kafka-native" (a GraalVM native image): no JVM there. */    \
	ROW("elasticsearch", "(?:library/|elasticsearch/|bitnami/)?elasticsearch", \
	    0, FROM_TAG_MARKER, false)                                         \
	ROW("logstash", "(?:library/|logstash/|bitnami/)?logstash", 0,         \
	    FROM_TAG_MARKER, false)                                            \
	ROW("opensearch", "opensearchproject/opensearch", 0, FROM_TAG_MARKER,  \
	    false)                                                             \
	ROW("kafka", "(?:bitnami|apache|wurstmeister|strimzi)/kafka", 0,       \
	    FROM_TAG_MARKER, false)                                            \
	ROW("kafka",                                                           \
	    "confluentinc/cp-(?:kafka|server|kafka-connect|kafka-connect-base|schema-registry|kafka-rest|ksqldb-server)", \
	    0, FROM_TAG_MARKER, false)                                         \
	ROW("zookeeper", "(?:library/|bitnami/|apache/|confluentinc/cp-)?zookeeper", \
	    0, FROM_TAG_MARKER, false)                                         \
	ROW("cassandra", "(?:library/|bitnami/)?cassandra", 0, FROM_TAG_MARKER, \
	    false)                                                             \
	ROW("solr", "(?:library/|bitnami/|apache/)?solr", 0, FROM_TAG_MARKER,  \
	    false)                                                             \
	ROW("sonarqube", "(?:library/|sonarsource/)?sonarqube", 0,             \
	    FROM_TAG_MARKER, false)                                            \
	ROW("jenkins",                                                         \
	    "(?:library/|bitnami/)?jenkins|jenkins/(?:jenkins|inbound-agent|agent|ssh-agent)", \
	    0, FROM_TAG_MARKER, false)                                         \
	ROW("flink", "(?:library/|apache/)?flink", 0, FROM_TAG_MARKER, false)  \
	ROW("spark", "(?:library/|bitnami/)?spark|apache/spark(?:-py|-r)?", 0, \
	    FROM_TAG_MARKER, false)                                            \
	ROW("neo4j", HUB("neo4j"), 0, FROM_TAG_MARKER, false)                  \
	ROW("nexus", "sonatype/nexus3", 0, FROM_TAG_MARKER, false)

#define AS_ROW(family, path, fixed, from, openj9) {family, path, fixed, from, openj9},
#define AS_TEXT(family, path, fixed, from, openj9) "(?:" path ")",

static const java_image_row rows[] = {JAVA_IMAGE_ROWS(AS_ROW)};
static const char *const row_texts[] = {JAVA_IMAGE_ROWS(AS_TEXT)};
static hr_pattern_table row_table = HR_PATTERN_TABLE(row_texts, false);

/* Every row in one pattern: most images are no Java image, and one match
 * says so where trying each row would take dozens. */
#define AS_ALTERNATIVE(family, path, fixed, from, openj9) "|(?:" path ")"
static const char *const any_row_texts[] = {
	"(?!)" JAVA_IMAGE_ROWS(AS_ALTERNATIVE),
};
static hr_pattern_table any_row_table = HR_PATTERN_TABLE(any_row_texts, false);

_Static_assert(sizeof(rows) / sizeof(rows[0]) ==
               sizeof(row_texts) / sizeof(row_texts[0]),
               "one pattern per row");

/* ------------------------------------------------------------------- */

/* A capture of at most four ASCII digits (the patterns allow no more) as
 * a number; -1 when the group did not take part. */
static int capture_number(hr_capture cap)
{
	if (!cap.text || cap.len == 0 || cap.len > 4)
		return -1;
	int n = 0;
	for (size_t i = 0; i < cap.len; i++) {
		if (cap.text[i] < '0' || cap.text[i] > '9')
			return -1;
		n = n * 10 + (cap.text[i] - '0');
	}
	return n;
}

static bool matches(hr_pattern_table *table, size_t i, const char *s,
                    size_t len, hr_capture *caps, size_t cap_count)
{
	const hr_pattern *p = hr_pattern_table_get(table, i);
	/* NULL only if a constant pattern is broken; the unit tests see it
	 * as every image read as not Java. */
	return p && hr_pattern_match_captures(p, s, len, caps, cap_count) ==
	                    HR_MATCH_FOUND;
}

/* The release and update the tag gives, per the row's FROM_TAG* flags:
 * the first kind of tag pattern that matches decides. */
static void tag_version(unsigned from, hr_capture tag, int *feature,
                        int *update)
{
	static const struct {
		unsigned flag;
		size_t pattern;
	} kinds[] = {
		{FROM_TAG, TAG_LEADING},
		{FROM_TAG_MARKER, TAG_MARKER},
		{FROM_TAG_FEATURE, TAG_FEATURE},
	};
	*feature = -1;
	*update = -1;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		hr_capture caps[3];
		if (!(from & kinds[i].flag) ||
		    !matches(&tag_table, kinds[i].pattern, tag.text, tag.len, caps, 3))
			continue;
		*feature = capture_number(caps[1]);
		*update = capture_number(caps[2]);
		return;
	}
}

void hr_java_image_read(const char *image, hr_java_image *out)
{
	if (!out)
		return;
	*out = (hr_java_image){.is_java = false, .feature = 0, .update = -1,
	                       .openj9 = false, .family = NULL};
	if (!image)
		return;
	size_t len = strnlen(image, (size_t)HR_JAVA_IMAGE_MAX_LEN + 1);
	if (len > HR_JAVA_IMAGE_MAX_LEN)
		return;

	hr_capture ref[3]; /* whole, path, tag */
	if (!matches(&reference_table, 0, image, len, ref, 3))
		return;

	if (!matches(&any_row_table, 0, ref[1].text, ref[1].len, NULL, 0))
		return;
	const java_image_row *row = NULL;
	hr_capture name[2];
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]) && !row; i++)
		if (matches(&row_table, i, ref[1].text, ref[1].len, name, 2))
			row = &rows[i];
	if (!row)
		return;

	out->is_java = true;
	out->family = row->family;
	out->openj9 = row->openj9;

	int feature = row->fixed_feature;
	int update = -1;
	if (row->from & FROM_NAME)
		feature = capture_number(name[1]);
	if (ref[2].text) {
		int tag_feature, tag_update;
		tag_version(row->from, ref[2], &tag_feature, &tag_update);
		if (feature <= 0) {
			feature = tag_feature;
			update = tag_update;
		} else if (tag_feature == feature) {
			update = tag_update;
		}
		if (matches(&tag_table, TAG_OPENJ9, ref[2].text, ref[2].len, NULL, 0))
			out->openj9 = true;
	}
	if (feature < 6 || feature > 99)
		return; /* feature 0, update -1: a number that is no Java release */
	out->feature = feature;
	out->update = update;
}
