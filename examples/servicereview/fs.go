package main

import (
	"io/fs"

	"github.com/itsmkit/itsmkit/internal/dataset"
)

func embeddedFS() fs.FS { return dataset.FS() }
