// Placeholder until the ARM microkernels land.
