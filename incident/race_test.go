//go:build race

package incident

// raceEnabled lets the slowest real-data variants skip under the race detector, which makes
// them about ten times slower; they run in every plain `go test`.
const raceEnabled = true
