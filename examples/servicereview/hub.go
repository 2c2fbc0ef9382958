package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// site is one monitored service with its status timeline over the monitor's own window.
type site struct {
	ID    itsm.ID // the monitor's slug
	Name  string  // short display name
	Main  bool    // the service under review; the others are its dependencies
	Watch sla.UpptimeSite
	TL    sla.Timeline
}

// hubData is the availability history of the service under review and its dependencies.
type hubData struct {
	dir   string
	u     sla.Upptime
	sites []site // summary.json order: the service first, then its dependencies
	start time.Time
	end   time.Time // the latest instant any site reports: the default as-of instant
}

func (h hubData) main() site { return h.sites[0] }

// loadHub reads an Upptime history. The first site of summary.json is the service under
// review; every other site is one of its dependencies. Names and slugs come from the data
// (summary.json): nothing here expects the Hub's sites, except the example roles of roleOf. Each timeline covers the monitor's
// window [startTime, lastUpdated) of its site: a site starts up, and the status changes recorded
// under its slug move it down and up. Rows recorded under former names (no slug) are not used,
// as the monitor itself does not count them.
func loadHub(fsys fs.FS, dir string) (hubData, error) {
	h := hubData{dir: dir}
	u, err := sla.LoadUpptime(fsys, dir)
	if err != nil {
		return h, upptimeError(dir, err)
	}
	h.u = u
	if len(u.Sites) == 0 {
		return h, &DataError{File: path.Join(dir, "history/summary.json"), Line: 1, Err: fmt.Errorf("%w: no sites", ErrNoData)}
	}
	if len(u.Changes) == 0 {
		// Upptime records every site's first check, so a log without a single row is a lost or
		// truncated file, not a history in which nothing ever happened.
		return h, &DataError{File: path.Join(dir, "status_changes.csv"), Line: 2, Err: fmt.Errorf("%w: no status changes, only a header", ErrNoData)}
	}
	for k, s := range u.Sites {
		// The monitor's own window of the site, as bcp's study and the monitor's uptime use it;
		// a site that never changed status was up throughout.
		tl, err := u.Timeline(s.Slug)
		if err != nil {
			return h, &DataError{File: path.Join(dir, "status_changes.csv"), Err: err}
		}
		h.sites = append(h.sites, site{ID: itsm.ID(s.Slug), Name: shortName(s.Name), Main: k == 0, Watch: s, TL: tl})
		if h.start.IsZero() || s.Start.Before(h.start) {
			h.start = s.Start
		}
		if s.LastUpdated.After(h.end) {
			h.end = s.LastUpdated
		}
	}
	return h, nil
}

// upptimeError names the file and line of an error from the Upptime reader.
func upptimeError(dir string, err error) error {
	var pe *sla.ParseError
	var fe *fs.PathError
	switch {
	case errors.As(err, &fe):
		return &DataError{File: fe.Path, Err: errors.New("cannot open: " + fe.Err.Error())}
	case errors.As(err, &pe):
		file := pe.What
		if i := strings.IndexByte(file, ' '); i > 0 {
			file = file[:i]
		}
		switch {
		case file == "status_changes.csv":
		case strings.HasSuffix(file, ".yml"), file == "summary.json":
			file = "history/" + file
		}
		return &DataError{File: path.Join(dir, file), Line: pe.Line, Err: err}
	}
	return &DataError{File: dir, Err: err}
}

func shortName(n string) string {
	for _, p := range []string{"External Dependencies:", "External Service:"} {
		n = strings.TrimPrefix(n, p)
	}
	return strings.TrimSpace(n)
}

// dependencyRole is how the example model says the Hub uses one dependency: the dependency
// group it belongs to and whether its failure stops the Hub or only degrades it. Sites roleOf
// does not know form a group of their own that the Hub needs.
type dependencyRole struct {
	Group    string
	Provider itsm.ID
	Degrades bool // a failure only degrades the Hub (the edge lowers down to degraded)
}

// Example customers, users and agreement of the Hub model.
const (
	hubProvider  = itsm.ID("bc-housing")
	hubAgreement = "HUB-SLA-1"
	hubAccess    = itsm.ID("hub-web")
)

// roleOf is the role of each of the Hub's monitored dependencies in the example model.
func roleOf(id itsm.ID) dependencyRole {
	switch id {
	case "external-dependencies-authentication-service", "external-dependencies-keycloak-authentication":
		return dependencyRole{Group: "sign-in", Provider: "bc-identity"}
	case "external-dependencies-bc-address-geocoder":
		return dependencyRole{Group: "address lookup", Provider: "databc"}
	case "external-dependencies-ltsa-parcel-map-bc":
		return dependencyRole{Group: "maps", Provider: "ltsa", Degrades: true}
	case "external-dependencies-bc-admin-boundaries":
		return dependencyRole{Group: "maps", Provider: "databc", Degrades: true}
	case "external-dependencies-epsg-registry":
		return dependencyRole{Group: "maps", Provider: "iogp", Degrades: true}
	case "external-service-archistar-platform-canada":
		return dependencyRole{Group: "design check", Provider: "archistar", Degrades: true}
	}
	return dependencyRole{Group: string(id), Provider: "external"}
}

// hubModel models the service under review as an itsm service whose subservices are the
// monitored dependencies, grouped by what the Hub uses them for (see hubRoles).
func hubModel(h hubData) (*itsm.Model, error) {
	b := itsm.NewBuilder()
	main := h.main()
	providers := map[itsm.ID]bool{hubProvider: true}
	b.AddProvider(itsm.Provider{ID: hubProvider, Name: "BC Housing (service provider)"})
	var groups []itsm.Group
	at := map[string]int{}
	for _, s := range h.sites[1:] {
		r := roleOf(s.ID)
		if !providers[r.Provider] {
			providers[r.Provider] = true
			b.AddProvider(itsm.Provider{ID: r.Provider, Name: string(r.Provider)})
		}
		b.AddService(itsm.Service{ID: s.ID, Name: s.Name, Provider: r.Provider, Usage: []string{s.Watch.URL}})
		e := itsm.Edge{Target: s.ID, Agreement: underpinning(s.ID)}
		if r.Degrades {
			e.Map = itsm.Mapping{Kind: itsm.Lower, Levels: 1} // down counts as degraded
		}
		k, ok := at[r.Group]
		if !ok {
			k = len(groups)
			at[r.Group] = k
			groups = append(groups, itsm.Group{Name: r.Group, Rule: itsm.Rule{Op: itsm.AllOf}})
		}
		groups[k].Members = append(groups[k].Members, e)
	}
	b.AddService(itsm.Service{
		ID: main.ID, Name: main.Name, Provider: hubProvider,
		Usage:      []string{"apply for a building permit", "track an application"},
		Management: []string{"service reporting", "incident reports"},
		Requires:   groups,
	})
	b.AddAccessPoint(itsm.AccessPoint{ID: hubAccess, Name: "web portal", Service: main.ID, Location: main.Watch.URL})
	b.AddCustomer(
		itsm.Customer{ID: "local-governments", Name: "BC local governments"},
		itsm.Customer{ID: "permit-applicants", Name: "permit applicants"},
	)
	b.AddSubscription(
		itsm.Subscription{Customer: "local-governments", Service: main.ID, Agreement: hubAgreement},
		itsm.Subscription{Customer: "permit-applicants", Service: main.ID},
	)
	b.AddUser(
		itsm.User{ID: "applicant", Name: "applicant", Customer: "permit-applicants", AccessPoints: []itsm.ID{hubAccess}},
		itsm.User{ID: "plan-reviewer", Name: "plan reviewer", Customer: "local-governments", AccessPoints: []itsm.ID{hubAccess}},
	)
	m, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("%s: the model of the service does not validate: %w", h.dir, err)
	}
	return m, nil
}
