//go:build !unix

package bcp_test

// processCPU is not measured on this platform; the cpu-ns/op metric reads 0.
func processCPU() int64 { return 0 }
