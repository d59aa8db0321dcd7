#include "headroom/report.h"
