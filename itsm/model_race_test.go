//go:build race

package itsm_test

// raceEnabled skips the million-node tests under the race detector, which slows them tenfold.
const raceEnabled = true
