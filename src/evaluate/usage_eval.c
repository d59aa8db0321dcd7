#include "evaluate/evaluate_internal.h"
