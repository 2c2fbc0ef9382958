package incident

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"io"
	"io/fs"
	"runtime"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/internal/dataset"
)

func uciBytes(b *testing.B) []byte {
	b.Helper()
	data, err := fs.ReadFile(dataset.FS(), dataset.IncidentEventLog+"/incident_event_log.csv.gz")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkReplayUCIFloor is the floor for BenchmarkReplayUCI: only decompressing the shipped log
// and reading its 141,713 CSV records, with nothing kept.
func BenchmarkReplayUCIFloor(b *testing.B) {
	data := uciBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		cr := csv.NewReader(zr)
		cr.ReuseRecord = true
		n := 0
		for {
			_, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 141713 {
			b.Fatalf("%d records", n)
		}
	}
}

// BenchmarkReplayUCI imports the whole shipped log: parsing, validation, replay into 24,918
// histories and the data-quality report. retained-MB is the heap the resulting Log keeps.
func BenchmarkReplayUCI(b *testing.B) {
	data := uciBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Import(bytes.NewReader(data), ImportOptions{Location: time.UTC}); err != nil {
			b.Fatal(err)
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	log, _ := Import(bytes.NewReader(data), ImportOptions{Location: time.UTC})
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "retained-MB")
	runtime.KeepAlive(log)
}
