// The microkernels are static inline functions in the headers, compiled where Swift calls
// them; this file only gives the C target a translation unit and checks the headers compile.
#include "Microkernels.h"
