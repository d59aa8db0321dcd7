#include "headroom/recommendations.h"
