/*
 * What a container image reference says about Java: whether it is a
 * well-known JDK/JRE image (or an application server built on one), and
 * which Java feature release it ships when the tag or the repository name
 * says so ("eclipse-temurin:17-jre", "openjdk:8u372-jdk",
 * "registry.access.redhat.com/ubi9/openjdk-21-runtime:1.18",
 * "gcr.io/distroless/java17-debian12", "amazoncorretto:21-al2023",
 * "ibm-semeru-runtimes:open-17-jre" (OpenJ9), "tomcat:10-jdk17").
 *
 * Patterns are PCRE2 (util/pattern_table.h); the input is an untrusted
 * string from a manifest and is bounded (HR_JAVA_IMAGE_MAX_LEN).
 */
#ifndef HR_JVM_JAVA_IMAGE_H
#define HR_JVM_JAVA_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#define HR_JAVA_IMAGE_MAX_LEN 1024

typedef struct hr_java_image {
	bool is_java;        /* a JDK/JRE image, or one that bundles a JVM */
	int feature;         /* Java feature release: 8, 11, 17, 21...; 0 unknown */
	/* The update within the release when the tag gives it (8u372 -> 372,
	 * 11.0.16 -> 16, 17.0.5+8 -> 5); -1 unknown. */
	int update;
	bool openj9;         /* Eclipse OpenJ9 / IBM Semeru: other ergonomics */
	const char *family;  /* "eclipse-temurin", "openjdk", "ubi-openjdk"...
	                        static text; NULL when not Java */
} hr_java_image;

/**
 * Read an image reference ("[registry/]path[:tag][@digest]").  Never fails:
 * an unknown or malformed reference gives is_java false and feature 0.
 */
void hr_java_image_read(const char *image, hr_java_image *out);

#endif
