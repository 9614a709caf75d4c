//go:build !race

package bleveindex

// raceEnabled tells the tests that the race detector slows them.
const raceEnabled = false
