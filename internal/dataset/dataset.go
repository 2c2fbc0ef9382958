// Package dataset embeds the real datasets the project ships, so examples and tests run from a
// fresh clone with no network. Each folder keeps its README with source, licence and credit.
package dataset

import (
	"embed"
	"io/fs"
)

//go:embed microservice-dependency-graphs uci-incident-event-log upptime-bcgov-building-permit-hub upptime-tabbyml
var files embed.FS

// FS returns the embedded datasets as a read-only file system. Paths are the folder names, for
// example "uci-incident-event-log/incident_event_log.csv.gz".
func FS() fs.FS { return files }

// Folder names of the shipped datasets.
const (
	MicroserviceGraphs = "microservice-dependency-graphs"
	IncidentEventLog   = "uci-incident-event-log"
	BuildingPermitHub  = "upptime-bcgov-building-permit-hub"
	TabbyML            = "upptime-tabbyml"
)
