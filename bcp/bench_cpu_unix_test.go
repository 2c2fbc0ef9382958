//go:build unix

package bcp_test

import "syscall"

// processCPU is the user plus system CPU time the process has used, in nanoseconds. Benchmarks
// report it per operation beside wall time, because on a shared machine wall time measures the
// neighbours as much as the code.
func processCPU() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
