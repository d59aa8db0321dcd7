/*
 * headroom: a performance gate for Kubernetes delivery.
 *
 * The umbrella header of the core library.  Each header below is also
 * self-contained.
 */
#ifndef HEADROOM_H
#define HEADROOM_H

#include "headroom/error.h"
#include "headroom/quantity.h"
#include "headroom/document.h"
#include "headroom/manifests.h"
#include "headroom/model.h"
#include "headroom/jvm.h"
#include "headroom/policy.h"
#include "headroom/recommendations.h"
#include "headroom/prometheus.h"
#include "headroom/finding.h"
#include "headroom/rules.h"
#include "headroom/check.h"
#include "headroom/report.h"
#include "headroom/base.h"

/** The library's version ("0.1.0"). */
const char *hr_version(void);

#endif
