package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

func main() {
	terminal := false
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		terminal = true
	}
	os.Exit(run(os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr, progress: terminal}))
}

// env is what the command talks to: its output streams, whether to show progress, and an
// optional observer of the computed report (tests use it to check the figures of a run).
type env struct {
	stdout, stderr io.Writer
	progress       bool
	reviewed       func(*Report)
}

// Exit statuses.
const (
	exitOK    = 0
	exitData  = 1 // the review could not be computed from the data
	exitUsage = 2 // bad flags
)

// run is the whole command, with its streams given, so tests can drive it.
func run(args []string, e env) int {
	stdout, stderr, progress := e.stdout, e.stderr, e.progress
	fl := flag.NewFlagSet("servicereview", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "text", "output format: text, markdown or json")
	htmlFile := fl.String("html", "", "also write the review as one self-contained HTML page with SVG charts to `FILE`")
	dataDir := fl.String("data", "", "read the datasets from `DIR` (same folders and file names as internal/dataset) instead of the embedded copy")
	asOf := fl.String("asof", "", "review instant, RFC 3339 (default: the end of the availability data)")
	zone := fl.String("zone", DefaultZone, "IANA time zone the review shows instants in; the agreement's calendar months and days stay in its own zone, "+agreementZone+", which is part of the contract")
	logZone := fl.String("logzone", DefaultLogZone, "IANA time zone of the incident log's wall-clock times")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "servicereview: "+format+"\n", a...)
		return exitUsage
	}
	if fl.NArg() > 0 {
		return usage("unexpected argument %q", fl.Arg(0))
	}
	var write func(io.Writer, *Report) error
	switch *format {
	case "text":
		write = writeText
	case "markdown", "md":
		write = writeMarkdown
	case "json":
		write = writeJSON
	default:
		return usage("-format %q: want text, markdown or json", *format)
	}
	opts := Options{}
	var err error
	if opts.Zone, err = time.LoadLocation(*zone); err != nil || *zone == "" || *zone == "Local" {
		return usage("-zone %q: not an IANA time zone", *zone)
	}
	if opts.LogZone, err = time.LoadLocation(*logZone); err != nil || *logZone == "" || *logZone == "Local" {
		return usage("-logzone %q: not an IANA time zone", *logZone)
	}
	if *asOf != "" {
		if opts.AsOf, err = time.Parse(time.RFC3339, *asOf); err != nil {
			return usage("-asof %q: want an RFC 3339 instant such as 2026-08-01T00:00:00Z", *asOf)
		}
	}
	fsys := embeddedFS()
	if *dataDir != "" {
		fi, err := os.Stat(*dataDir)
		if err != nil || !fi.IsDir() {
			return usage("-data %q: not a directory", *dataDir)
		}
		fsys = os.DirFS(*dataDir)
		opts.Source = *dataDir
	}
	if *htmlFile != "" {
		if fi, err := os.Stat(*htmlFile); err == nil && fi.IsDir() {
			return usage("-html %q is a directory: give the name of the page to write, such as %s", *htmlFile, filepath.Join(*htmlFile, "review.html"))
		}
	}
	if progress {
		opts.Progress = func(step string) { fmt.Fprintf(stderr, "servicereview: %s …\n", step) }
	}
	opts.Warn = func(msg string) { fmt.Fprintf(stderr, "servicereview: warning: %s\n", msg) }
	r, err := Review(fsys, opts)
	if err != nil {
		var de *DataError
		if errors.As(err, &de) && *dataDir != "" {
			de.File = filepath.Join(*dataDir, filepath.FromSlash(de.File))
		}
		var pe *fs.PathError
		if errors.As(err, &pe) && *dataDir != "" && de == nil {
			pe.Path = filepath.Join(*dataDir, pe.Path)
		}
		fmt.Fprintf(stderr, "servicereview: %v\n", err)
		return exitData
	}
	if e.reviewed != nil {
		e.reviewed(r)
	}
	// The standard-output form is rendered first, so a failure there leaves no page behind.
	var out bytes.Buffer
	if err := write(&out, r); err != nil {
		fmt.Fprintf(stderr, "servicereview: %v\n", err)
		return exitData
	}
	if *htmlFile != "" {
		if err := writeFileAtomic(*htmlFile, func(w io.Writer) error { return writeHTML(w, r) }); err != nil {
			fmt.Fprintf(stderr, "servicereview: -html: %v\n", err)
			return exitData
		}
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		fmt.Fprintf(stderr, "servicereview: %v\n", err)
		return exitData
	}
	return exitOK
}

// writeFileAtomic writes a regular file through a temporary file in its directory renamed into
// place, so a failed run never leaves a half-written page. A name that is a symbolic link is
// followed, so the link's target gets the page and the link stays; an existing file that is not
// regular (a device, a named pipe) is written to directly, since renaming over it would replace
// it. A new file gets mode 0644 and a replaced one keeps its mode.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	if resolved, err := filepath.EvalSymlinks(name); err == nil {
		name = resolved
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(name); err == nil {
		if !fi.Mode().IsRegular() {
			f, err := os.OpenFile(name, os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			err = write(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			return err
		}
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, mode)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
