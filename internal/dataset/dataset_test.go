package dataset

import (
	"io/fs"
	"testing"
)

func TestEmbeddedFilesPresent(t *testing.T) {
	for _, p := range []string{
		MicroserviceGraphs + "/edges.csv",
		MicroserviceGraphs + "/nodes.csv",
		IncidentEventLog + "/incident_event_log.csv.gz",
		BuildingPermitHub + "/status_changes.csv",
		TabbyML + "/status_changes.csv",
	} {
		b, err := fs.ReadFile(FS(), p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(b) == 0 {
			t.Fatalf("%s is empty", p)
		}
	}
}
